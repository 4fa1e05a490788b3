/*
 * The §8a SGB VIII risk assessment (Gefährdungseinschätzung, issue 18, docs/adr/0027). The
 * decisions are libs/domain's (risk-assessment.decide/evolve); this file only orders them in
 * time: Updates for the steps people take, durable timers for the agreement's deadlines.
 */
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  riskAssessmentSteps,
  type Actor,
  type RiskAssessmentActivities,
  type RiskAssessmentEvent,
  type RiskAssessmentStep,
  type RiskAssessmentWorkflowInput,
  type RiskAssessmentWorkflowResult,
} from '@hilfenetz/contracts';
import {
  decideRiskAssessment as decide,
  evolveRiskAssessment,
  initialRiskAssessmentState,
  riskAssessmentLiveState,
  type RiskAssessmentCommand,
  type RiskAssessmentState,
} from '@hilfenetz/domain';
import { asRefusal } from '@hilfenetz/workflow-support';
import {
  assessmentStarted,
  consultSpecialist,
  decideRiskAssessment,
  recordFamilyInvolvement,
  recordJointAssessment,
  recordRiskAssessmentReview,
  riskAssessmentStatus,
} from './risk-assessment.messages';

const { recordRiskAssessmentStep } = proxyActivities<RiskAssessmentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

const ENGINE: Actor = { id: 'system:risk-assessment-workflow', role: 'system' };

/**
 * One assessment from the concern to its review. Each step has a deadline from the agreement: a
 * missed one is reminded once (with the agreement's grace), then escalated to the Leitung of the
 * lead office. The decision sets the review date; the recorded review closes the assessment.
 */
export async function riskAssessmentWorkflow(
  input: RiskAssessmentWorkflowInput,
): Promise<RiskAssessmentWorkflowResult> {
  const { rules } = input;
  let state: RiskAssessmentState = {
    ...initialRiskAssessmentState,
    assessmentId: input.assessmentId,
    caseId: input.caseId,
  };
  /** Appends in decision order: an Update racing a timer must not overtake it in the stream. */
  let writes: Promise<unknown> = Promise.resolve();

  /** Decides with the pure domain, applies at once, then records durably. */
  async function record(step: string, command: RiskAssessmentCommand, actor: Actor): Promise<RiskAssessmentEvent[]> {
    const events = decide(command, state);
    if (events.length === 0) return events;
    state = events.reduce(evolveRiskAssessment, state);
    const write = writes.then(() =>
      recordRiskAssessmentStep({
        caseId: input.caseId,
        assessmentId: input.assessmentId,
        step,
        events,
        actor,
        correlationId: input.correlationId,
      }),
    );
    writes = write.catch(() => undefined);
    await write;
    return events;
  }

  const live = () => riskAssessmentLiveState(state);
  const validate = (command: RiskAssessmentCommand) => {
    try {
      decide(command, state);
    } catch (err) {
      throw asRefusal(err);
    }
  };
  const handle = async (step: string, command: RiskAssessmentCommand, by: Actor) => {
    await record(step, command, by).catch((err: unknown) => Promise.reject(asRefusal(err)));
    return live();
  };

  let started = false;
  setHandler(riskAssessmentStatus, live);
  setHandler(assessmentStarted, async () => {
    await condition(() => started);
    return live();
  });
  setHandler(
    consultSpecialist,
    (a) => handle('specialist', { type: 'ConsultSpecialist', ...a, by: a.by.id, now: a.at }, a.by),
    { validator: (a) => validate({ type: 'ConsultSpecialist', ...a, by: a.by.id, now: a.at }) },
  );
  setHandler(
    recordJointAssessment,
    (a) => handle('joint-assessment', { type: 'RecordJointAssessment', ...a, by: a.by.id, now: a.at }, a.by),
    { validator: (a) => validate({ type: 'RecordJointAssessment', ...a, by: a.by.id, now: a.at }) },
  );
  setHandler(
    recordFamilyInvolvement,
    (a) => handle('family-involvement', { type: 'RecordFamilyInvolvement', ...a, by: a.by.id, now: a.at }, a.by),
    { validator: (a) => validate({ type: 'RecordFamilyInvolvement', ...a, by: a.by.id, now: a.at }) },
  );
  setHandler(
    decideRiskAssessment,
    (a) => handle('decision', { type: 'DecideRiskAssessment', ...a, rules, by: a.by.id, now: a.at }, a.by),
    { validator: (a) => validate({ type: 'DecideRiskAssessment', ...a, rules, by: a.by.id, now: a.at }) },
  );
  setHandler(
    recordRiskAssessmentReview,
    (a) => handle('review', { type: 'RecordReview', note: a.note, by: a.by.id, now: a.at }, a.by),
    { validator: (a) => validate({ type: 'RecordReview', note: a.note, by: a.by.id, now: a.at }) },
  );

  const closed = () => state.phase === 'closed';
  /** Sleeps until `at`, or returns early (true) when `moved` becomes true. */
  const waitUntil = (at: string, moved: () => boolean) => {
    const remaining = Date.parse(at) - Date.now();
    return remaining > 0 ? condition(moved, remaining) : Promise.resolve(moved());
  };

  /**
   * The deadline of one step: when it passes with the step not done, a reminder with a new due
   * date; when that passes too, the Leitung. Ends when the step is done, escalated or moot.
   */
  async function watchStep(step: RiskAssessmentStep): Promise<void> {
    for (;;) {
      const st = state.steps[step];
      const moot = state.phase !== 'assessing' && step !== 'review';
      if (closed() || !st || st.status === 'done' || st.status === 'escalated' || moot) return;
      const { dueAt } = st;
      const moved = await waitUntil(
        dueAt,
        () =>
          closed() ||
          state.steps[step]?.dueAt !== dueAt ||
          state.steps[step]?.status === 'done' ||
          (state.phase !== 'assessing' && step !== 'review'),
      );
      if (moved) continue;
      // The deadline itself is the time of the reminder: exact, and the same on every replay.
      await record(`deadline:${step}:${st.status}`, { type: 'StepDeadlinePassed', step, rules, now: dueAt }, ENGINE);
    }
  }

  await record(
    'start',
    {
      type: 'StartRiskAssessment',
      assessmentId: input.assessmentId,
      caseId: input.caseId,
      origin: input.origin,
      initiator: input.initiator,
      leadOrganisationId: input.leadOrganisationId,
      concern: input.concern,
      rules,
      by: input.startedBy.id,
      now: input.startedAt,
    },
    input.startedBy,
  );
  started = true;
  upsertSearchAttributes({ HilfenetzStatus: ['risk_assessment'] });

  const watchers = riskAssessmentSteps.filter((s) => s !== 'review').map(watchStep);
  await condition(() => state.phase !== 'assessing');
  await Promise.all(watchers);
  // Decided: the review comes on its date (reminded, then escalated), and closes the assessment.
  await watchStep('review');
  await condition(closed);
  await condition(allHandlersFinished);
  await writes;
  upsertSearchAttributes({ HilfenetzStatus: ['ended'] });
  return { assessmentId: input.assessmentId, outcome: state.outcome };
}
