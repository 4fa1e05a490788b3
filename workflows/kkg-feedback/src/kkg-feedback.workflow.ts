/*
 * The §4 (4) KKG feedback (issue 18 part 2): a report is recorded, the youth office owes the
 * reporter two answers (risk confirmed? acting?) by the agreement's deadline; a missed deadline is
 * reminded once, then the Leitung hears of it. The decisions are libs/domain's (kkg-feedback.*).
 */
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Actor, KkgFeedbackActivities, KkgFeedbackWorkflowInput } from '@hilfenetz/contracts';
import {
  decideKkgFeedback,
  evolveKkgFeedback,
  initialKkgFeedbackState,
  kkgFeedbackLiveState,
  type KkgFeedbackCommand,
  type KkgFeedbackState,
} from '@hilfenetz/domain';
import { asRefusal } from '@hilfenetz/workflow-support';
import { giveKkgFeedback, kkgFeedbackStatus, kkgReportReceived } from './kkg-feedback.messages';

const { recordKkgFeedbackStep } = proxyActivities<KkgFeedbackActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

const ENGINE: Actor = { id: 'system:kkg-feedback-workflow', role: 'system' };

export async function kkgFeedbackWorkflow(input: KkgFeedbackWorkflowInput): Promise<{ reportId: string }> {
  const { rules } = input;
  let state: KkgFeedbackState = { ...initialKkgFeedbackState, reportId: input.reportId, caseId: input.caseId };
  /** Appends in decision order: an Update racing the timer must not overtake it in the stream. */
  let writes: Promise<unknown> = Promise.resolve();

  async function record(step: string, command: KkgFeedbackCommand, actor: Actor) {
    const events = decideKkgFeedback(command, state);
    if (events.length === 0) return events;
    state = events.reduce(evolveKkgFeedback, state);
    const write = writes.then(() =>
      recordKkgFeedbackStep({
        caseId: input.caseId,
        reportId: input.reportId,
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

  let received = false;
  setHandler(kkgFeedbackStatus, () => kkgFeedbackLiveState(state));
  setHandler(kkgReportReceived, async () => {
    await condition(() => received);
    return kkgFeedbackLiveState(state);
  });
  setHandler(
    giveKkgFeedback,
    async ({ riskConfirmed, acting, by, at }) => {
      await record('feedback', { type: 'GiveKkgFeedback', riskConfirmed, acting, by: by.id, now: at }, by).catch(
        (err: unknown) => Promise.reject(asRefusal(err)),
      );
      return kkgFeedbackLiveState(state);
    },
    {
      validator: ({ riskConfirmed, acting, by, at }) => {
        try {
          decideKkgFeedback({ type: 'GiveKkgFeedback', riskConfirmed, acting, by: by.id, now: at }, state);
        } catch (err) {
          throw asRefusal(err);
        }
      },
    },
  );

  await record(
    'received',
    {
      type: 'ReceiveKkgReport',
      reportId: input.reportId,
      caseId: input.caseId,
      reporter: input.reporter,
      channel: input.channel,
      concern: input.concern,
      leadOrganisationId: input.leadOrganisationId,
      rules,
      by: input.recordedBy.id,
      now: input.receivedAt,
    },
    input.recordedBy,
  );
  received = true;
  upsertSearchAttributes({ HilfenetzStatus: ['kkg_feedback'] });

  const given = () => state.status === 'given';
  // The deadline, then the reminder's: each passes once; after the escalation only the feedback ends it.
  while (state.status === 'awaiting_feedback' || state.status === 'reminded') {
    const dueAt = state.feedbackDueAt;
    const remaining = Date.parse(dueAt) - Date.now();
    const moved = remaining > 0 ? await condition(given, remaining) : given();
    if (moved) break;
    // The deadline itself is the time of the step: exact, and the same on every replay.
    await record(`deadline:${state.status}`, { type: 'FeedbackDeadlinePassed', rules, now: dueAt }, ENGINE);
  }
  await condition(given);
  await condition(allHandlersFinished);
  await writes;
  upsertSearchAttributes({ HilfenetzStatus: ['ended'] });
  return { reportId: input.reportId };
}
