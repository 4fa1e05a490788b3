/*
 * The Hilfeplanung workflow (§36 SGB VIII). Longer than our ~300 lines on purpose: its updates,
 * deadlines and cycles close over one state that Temporal keeps in the workflow function, and the
 * patched() branches stay beside the code they version. The decisions are libs/domain's
 * (hilfeplanung.decide/evolve), the messages' texts libs/activities'.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  statementParties,
  type Actor,
  type FamilyNotifyChoice,
  type HilfeplanungActivities,
  type HilfeplanungEvent,
  type HilfeplanungMessageEvent,
  type HilfeplanungMessageKind,
  type PlanningParty,
  type HilfeplanungWorkflowInput,
  type HilfeplanungWorkflowResult,
  type PlanningOrigin,
  type StatementParty,
} from '@hilfenetz/contracts';
import {
  addHours,
  decideHilfeplanung,
  evolveHilfeplanung,
  hilfeplanungLiveState,
  initialHilfeplanungState,
  type HilfeplanungCommand,
  type HilfeplanungState,
} from '@hilfenetz/domain';
import {
  answerInvitation,
  dischargeHandedOver,
  endHelp,
  hilfeplanungStatus,
  planningStarted,
  recordPlan,
  requestReview,
  scheduleMeeting,
  submitStatement,
} from './hilfeplanung.messages';
import { asRefusal } from '@hilfenetz/workflow-support';

const { recordHilfeplanungStep } = proxyActivities<HilfeplanungActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * Messages really leave the system (issue 11 §4): each invitation, statement request and reminder
 * is sent by activities and recorded as HilfeplanungMessageSent/NotSent. Plannings that ran before
 * this change replay without the sends.
 */
export const MESSAGES_PATCH = 'hilfeplanung-messages-sent';

const { resolveHilfeplanungRecipients, sendHilfeplanungMessage } = proxyActivities<HilfeplanungActivities>({
  startToCloseTimeout: '1 minute',
  // A channel that refused is retried for a while; then the message is recorded as not sent.
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2, maximumAttempts: 5 },
});

const ENGINE: Actor = { id: 'system:hilfeplanung-workflow', role: 'system' };
const nowIso = () => new Date().toISOString();

/**
 * Help planning after a clinic stay (§36 SGB VIII, seed 002): statements, the meeting with the
 * young person, the plan, and a durable review cycle (Fortschreibung) that runs for years. Each
 * cycle is a fresh history after `cyclesPerRun` cycles (continue-as-new), so replay stays cheap.
 */
export async function hilfeplanungWorkflow(input: HilfeplanungWorkflowInput): Promise<HilfeplanungWorkflowResult> {
  const { rules } = input;
  let state: HilfeplanungState = {
    ...initialHilfeplanungState,
    planningId: input.planningId,
    caseId: input.caseId,
    cycle: input.carryOver?.cycle ?? 0,
    nextReviewAt: input.carryOver?.nextReviewAt ?? null,
    lastPlanRecordedAt: input.carryOver?.lastPlanRecordedAt ?? null,
    phase: input.carryOver ? 'plan_in_force' : 'none',
  };
  let steps = 0;

  /** Appends in decision order: an Update racing a timer must not overtake it in the stream. */
  let writes: Promise<unknown> = Promise.resolve();

  /** Decides with the pure domain, applies at once, then records durably (event ids from the step). */
  async function record(step: string, command: HilfeplanungCommand, actor: Actor): Promise<HilfeplanungEvent[]> {
    const events = decideHilfeplanung(command, state);
    if (events.length === 0) return events;
    state = events.reduce(evolveHilfeplanung, state);
    steps += 1;
    const input_ = {
      caseId: input.caseId,
      planningId: input.planningId,
      step: `c${state.cycle}:${step}`,
      events,
      actor,
      correlationId: input.correlationId,
    };
    const write = writes.then(() => recordHilfeplanungStep(input_));
    writes = write.catch(() => undefined);
    await write;
    return events;
  }
  /** Delivery facts: no decision, same ordered writes. */
  async function recordFacts(step: string, events: HilfeplanungMessageEvent[]): Promise<void> {
    if (events.length === 0) return;
    const input_ = {
      caseId: input.caseId,
      planningId: input.planningId,
      step: `c${state.cycle}:${step}`,
      events,
      actor: ENGINE,
      correlationId: input.correlationId,
    };
    const write = writes.then(() => recordHilfeplanungStep(input_));
    writes = write.catch(() => undefined);
    await write;
  }

  /** The family's channels for the meeting now scheduled (the caseworker's choice). */
  let family: FamilyNotifyChoice = { guardian: 'none', youngPerson: 'none' };
  /** Messages on their way: awaited before the run ends or continues as new. */
  const outbox: Promise<void>[] = [];

  /** Sends one message to every recipient of the parties, then records what happened to each. */
  function dispatch(
    kind: HilfeplanungMessageKind,
    key: string,
    parties: readonly PlanningParty[],
    about: { meetingAt?: string; dueAt?: string },
  ): void {
    if (!patched(MESSAGES_PATCH)) return;
    const cycle = state.cycle;
    const choice = family;
    const sending = (async () => {
      const { recipients, unresolved } = await resolveHilfeplanungRecipients({
        caseId: input.caseId,
        parties: [...parties],
        guardian: kind === 'invitation' || kind === 'meeting_reminder' ? choice.guardian : 'none',
        youngPerson: kind === 'invitation' || kind === 'meeting_reminder' ? choice.youngPerson : 'none',
      });
      const ids = { planningId: input.planningId, caseId: input.caseId, cycle, kind };
      const messageIdOf = (recipientId: string) => `${input.planningId}/c${cycle}/${key}/${recipientId}`;
      const facts: HilfeplanungMessageEvent[] = unresolved.map((u) => ({
        type: 'HilfeplanungMessageNotSent',
        data: { ...ids, ...u, messageId: messageIdOf(u.recipientId), cause: 'no_address', recordedAt: nowIso() },
      }));
      const sent = await Promise.all(
        recipients.map(async (recipient): Promise<HilfeplanungMessageEvent> => {
          const messageId = messageIdOf(recipient.recipientId);
          const who = {
            ...ids,
            messageId,
            party: recipient.party,
            recipientId: recipient.recipientId,
            recipientLabel: recipient.recipientLabel,
            channel: recipient.channel,
          };
          try {
            const result = await sendHilfeplanungMessage({
              caseId: input.caseId,
              planningId: input.planningId,
              cycle,
              messageId,
              kind,
              recipient,
              ...about,
              ...(recipient.party === 'young_person' && choice.youngPersonContact
                ? { youngPersonContact: choice.youngPersonContact }
                : {}),
            });
            if (result.outcome === 'sent') {
              const ref = result.providerReference ? { providerReference: result.providerReference } : {};
              return { type: 'HilfeplanungMessageSent', data: { ...who, ...ref, sentAt: nowIso() } };
            }
            return {
              type: 'HilfeplanungMessageNotSent',
              data: { ...who, cause: result.outcome, recordedAt: nowIso() },
            };
          } catch {
            return {
              type: 'HilfeplanungMessageNotSent',
              data: { ...who, cause: 'channel_failed', recordedAt: nowIso() },
            };
          }
        }),
      );
      await recordFacts(`message:${key}`, [...facts, ...sent]);
    })();
    outbox.push(sending.catch(() => undefined));
  }
  const settleOutbox = async () => {
    while (outbox.length > 0) await Promise.all(outbox.splice(0));
  };

  const live = () => hilfeplanungLiveState(state);
  const validate = (command: HilfeplanungCommand) => {
    try {
      decideHilfeplanung(command, state);
    } catch (err) {
      throw asRefusal(err);
    }
  };
  const handle = async (step: string, command: HilfeplanungCommand, by: Actor) => {
    await record(step, command, by).catch((err: unknown) => Promise.reject(asRefusal(err)));
    return live();
  };

  setHandler(hilfeplanungStatus, live);
  /** This run's first cycle is recorded: who takes part follows from it (docs/adr/0013). */
  let cycleRecorded = false;
  setHandler(planningStarted, async () => {
    await condition(() => cycleRecorded);
    return live();
  });
  // The start input carries the discharge: the crisis's hand-over signal asks for nothing more.
  setHandler(dischargeHandedOver, () => undefined);
  setHandler(
    scheduleMeeting,
    async ({ meetingAt, by, at, notify }) => {
      const step = `schedule:${steps}`;
      const events = await record(step, { type: 'ScheduleMeeting', meetingAt, now: at }, by).catch((err: unknown) =>
        Promise.reject(asRefusal(err)),
      );
      const scheduled = events.find((e) => e.type === 'MeetingScheduled');
      if (scheduled) {
        family = notify ?? { guardian: 'none', youngPerson: 'none' };
        dispatch('invitation', `invitation:${steps}`, scheduled.data.invited, { meetingAt });
      }
      return live();
    },
    { validator: ({ meetingAt, at }) => validate({ type: 'ScheduleMeeting', meetingAt, now: at }) },
  );
  setHandler(
    answerInvitation,
    ({ party, answer, reason, by, at, actedOnDevice }) =>
      handle(
        `answer:${party}:${steps}`,
        { type: 'AnswerInvitation', party, answer, reason, now: at, ...(actedOnDevice ? { actedOnDevice } : {}) },
        by,
      ),
    { validator: ({ party, answer, at }) => validate({ type: 'AnswerInvitation', party, answer, now: at }) },
  );
  setHandler(
    submitStatement,
    ({ party, content, by, at }) =>
      handle(`statement:${party}`, { type: 'SubmitStatement', party, content, now: at }, by),
    { validator: ({ party, content, at }) => validate({ type: 'SubmitStatement', party, content, now: at }) },
  );
  setHandler(recordPlan, (a) => handle('plan', { type: 'RecordPlan', ...a, rules, now: a.at }, a.by), {
    validator: (a) => validate({ type: 'RecordPlan', ...a, rules, now: a.at }),
  });
  setHandler(endHelp, ({ reason, note, by, at }) => handle('end', { type: 'EndHelp', reason, note, now: at }, by), {
    validator: ({ reason, at }) => validate({ type: 'EndHelp', reason, now: at }),
  });
  setHandler(requestReview, ({ requestedBy, reason, by, at }) => {
    // A signal cannot answer with an error: an untimely request is dropped (the API checks first).
    try {
      decideHilfeplanung({ type: 'RequestReview', requestedBy, reason, now: at }, state);
    } catch {
      return;
    }
    void record('review-request', { type: 'RequestReview', requestedBy, reason, now: at }, by);
  });

  const ended = () => state.phase === 'ended';
  /** Sleeps until `at`, or returns early (true) when `moved` becomes true. */
  const waitUntil = (at: string, moved: () => boolean) => {
    const remaining = Date.parse(at) - Date.now();
    return remaining > 0 ? condition(moved, remaining) : Promise.resolve(moved());
  };

  async function watchScheduling(cycle: number): Promise<void> {
    const due = state.meetingToBeScheduledBy;
    if (!due) return;
    const moved = await waitUntil(due, () => ended() || state.cycle !== cycle || state.phase !== 'awaiting_schedule');
    // The deadline itself is the time of the escalation: exact, and the same on every replay.
    if (!moved) await record('scheduling-overdue', { type: 'EscalateScheduling', now: due }, ENGINE);
  }

  async function watchStatement(cycle: number, party: StatementParty): Promise<void> {
    for (;;) {
      const st = state.statements[party];
      // Once the plan is recorded a missing statement no longer holds anything up.
      const done = !st || st.status === 'submitted' || st.status === 'escalated' || state.phase === 'plan_in_force';
      if (ended() || state.cycle !== cycle || done) return;
      const dueAt = st.dueAt;
      const moved = await waitUntil(
        dueAt,
        () =>
          ended() ||
          state.cycle !== cycle ||
          state.statements[party]?.dueAt !== dueAt ||
          state.statements[party]?.status === 'submitted' ||
          state.phase === 'plan_in_force',
      );
      if (moved) continue;
      const passed = await record(
        `statement-due:${party}:${st.status}`,
        { type: 'StatementDeadlinePassed', party, rules, now: dueAt },
        ENGINE,
      );
      for (const e of passed) {
        if (e.type === 'StatementReminderSent') {
          dispatch('statement_reminder', `statement-reminder:${party}`, [party], { dueAt: e.data.newDueAt });
        }
      }
    }
  }

  /** Reminds the invited parties before each scheduled meeting (again after a reschedule). */
  async function watchMeetingReminder(cycle: number): Promise<void> {
    const gone = () => ended() || state.cycle !== cycle;
    for (;;) {
      await condition(() => gone() || state.phase !== 'awaiting_schedule');
      if (gone() || state.phase !== 'meeting_scheduled' || !state.meetingAt) return;
      const meetingAt = state.meetingAt;
      const changed = () => gone() || state.meetingAt !== meetingAt || state.phase !== 'meeting_scheduled';
      const remindAt = addHours(meetingAt, -rules.meetingReminderHoursBefore);
      const moved = await waitUntil(remindAt, changed);
      const at = Date.parse(remindAt) > Date.now() ? remindAt : nowIso();
      if (!moved) {
        const reminded = await record(`reminder:${meetingAt}`, { type: 'RemindMeeting', now: at }, ENGINE);
        for (const e of reminded) {
          if (e.type === 'MeetingReminderSent') {
            dispatch('meeting_reminder', `reminder:${steps}`, e.data.remindedParties, { meetingAt });
          }
        }
      }
      await condition(changed);
    }
  }

  let cyclesThisRun = 0;
  /** The cycle to start next: the first from the input, later ones from a review coming due. */
  let next: { origin: PlanningOrigin; at: string; by: Actor } = input.carryOver
    ? {
        origin: { kind: 'review', reason: input.carryOver.reviewReason },
        at:
          input.carryOver.reviewReason === 'scheduled' && input.carryOver.nextReviewAt
            ? input.carryOver.nextReviewAt
            : nowIso(),
        by: ENGINE,
      }
    : { origin: input.origin, at: input.startedAt, by: input.startedBy };
  for (;;) {
    const cycle = state.cycle + 1;
    const { origin } = next;
    const started = {
      type: 'StartCycle',
      planningId: input.planningId,
      caseId: input.caseId,
      cycle,
      origin,
      rules,
      now: next.at,
    } as const;
    const opened = await record('start', started, next.by);
    cycleRecorded = true;
    const asked = opened.flatMap((e) => (e.type === 'StatementRequested' ? [e.data] : []));
    if (asked.length > 0) {
      dispatch(
        'statement_request',
        'statement-request',
        asked.map((a) => a.party),
        { dueAt: asked[0]!.dueAt },
      );
    }
    cyclesThisRun += 1;
    upsertSearchAttributes({ HilfenetzStatus: ['hilfeplanung'] });
    const watchers = [
      watchScheduling(cycle),
      watchMeetingReminder(cycle),
      ...statementParties.map((p) => watchStatement(cycle, p)),
    ];
    await condition(() => ended() || state.phase === 'plan_in_force');
    if (ended()) {
      await Promise.all(watchers);
      break;
    }
    // The plan is in force: the next Fortschreibung comes on its date, or earlier on request.
    const reviewAt = state.nextReviewAt!;
    const requested = await waitUntil(reviewAt, () => ended() || state.reviewRequested);
    await Promise.all(watchers);
    if (ended()) break;
    next = requested
      ? { origin: { kind: 'review', reason: 'requested' }, at: nowIso(), by: ENGINE }
      : { origin: { kind: 'review', reason: 'scheduled' }, at: reviewAt, by: ENGINE };
    if (cyclesThisRun >= rules.cyclesPerRun) {
      await condition(allHandlersFinished);
      await settleOutbox();
      await writes;
      // The review is due now: the next run, with a fresh history, starts its cycle at once.
      return continueAsNew<typeof hilfeplanungWorkflow>({
        ...input,
        carryOver: {
          cycle: state.cycle,
          nextReviewAt: state.nextReviewAt,
          lastPlanRecordedAt: state.lastPlanRecordedAt,
          reviewReason: requested ? 'requested' : 'scheduled',
        },
      });
    }
  }
  await condition(allHandlersFinished);
  await settleOutbox();
  await writes;
  upsertSearchAttributes({ HilfenetzStatus: ['ended'] });
  return { planningId: input.planningId, outcome: 'ended', cycles: state.cycle };
}
