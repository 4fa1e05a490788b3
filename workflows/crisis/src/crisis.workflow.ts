/*
 * The crisis workflow (seed 002). Longer than our ~300 lines on purpose: its handlers, timers and
 * writes close over one state, which Temporal's determinism keeps inside the workflow function,
 * and each patched() branch must stay beside the code it versions until no crisis started before
 * it runs. What stands alone is outside: reaching contacts (contact-reach.ts), the decisions
 * (libs/domain crisis.decide/evolve), the messages (crisis.messages.ts).
 */
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  crisisParties,
  type AcknowledgeTaskArgs,
  type Actor,
  type AnnounceDischargeArgs,
  type CancelCrisisArgs,
  type DecideAdmissionArgs,
  type DeclineTaskArgs,
  type JoinTriggerArgs,
  type RecordSupersededAnswerArgs,
  type ReportAmbulanceDispatchArgs,
  type CrisisActivities,
  type CrisisEvent,
  type CrisisWorkflowInput,
  type CrisisWorkflowResult,
  type DeliveryEvent,
} from '@hilfenetz/contracts';
import {
  agreementByRef,
  crisisLiveState,
  decideCrisis,
  evolveCrisis,
  hilfeplanungRulesOf,
  initialCrisisState,
  isActive,
  reachTargetsOf,
  taskIdFor,
  type CrisisCommand,
  type CrisisState,
} from '@hilfenetz/domain';
import {
  acknowledgeTask,
  announceDischarge,
  cancelCrisis,
  crisisStatus,
  decideAdmission,
  declineTask,
  deliveryReceipt,
  joinTrigger,
  recordSupersededAnswer,
  reportAmbulanceDispatch,
} from './crisis.messages';
import { contactReach } from './contact-reach';
import { sharedTimer, timerPerWait, type WaitUntil } from './workflow-clock';
import { asRefusal, refusingWith } from '@hilfenetz/workflow-support';

const { recordCrisisStep, recordCrisisSteps } = proxyActivities<CrisisActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * The same recording as a local activity (patch `recording-as-local-activity`): an append takes
 * milliseconds, and as a task of its own each one cost the engine a schedule, a dispatch, a
 * completion and one more workflow task; run beside the workflow task it is one marker in the
 * history. Retried alike (an append is idempotent by its event ids): a blip is retried inside the
 * worker; once the backoff passes 10 s the SDK waits on a workflow timer between attempts, so a
 * long database outage does not keep the workflow task open.
 */
const { recordCrisisSteps: recordCrisisStepsLocally, findInAppReceipt } = proxyLocalActivities<CrisisActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
  localRetryThreshold: '10 seconds',
});

/**
 * Sending one message: a gateway that does not answer must not hold the crisis, so few retries;
 * a failed send is recorded and the next channel tried (the delivery windows are the real clock).
 */
const { sendNotification } = proxyActivities<CrisisActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/**
 * The hand-over to the help planning at discharge: signal-with-start, answered by the server alone.
 * It must happen, so it is retried like a recording (the start is idempotent).
 */
const { startHilfeplanung } = proxyActivities<CrisisActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/** The patches one marker stands for in crises started since `EARLIER_PATCHES_ON` (see there). */
type EarlierPatch =
  | 'log-order-follows-decisions'
  | 'coalesced-writes'
  | 'recording-as-local-activity'
  | 'reach-contacts-with-receipts'
  | 'in-app-attempt-with-assignment'
  | 'in-app-receipts-in-log'
  | 'hilfeplanung-started-by-crisis';
const EARLIER_PATCHES_ON = 'earlier-patches-in-one-marker';
const ONE_TIMER = 'one-timer-for-all-waits';
const REACH_WRITES_TOGETHER = 'reach-writes-together';

/** Steps nobody took by hand (notifications, escalations) are recorded as the engine's. */
const ENGINE: Actor = { id: 'system:crisis-workflow', role: 'system' };

const nowIso = () => new Date().toISOString();

/**
 * The crisis protocol (seed 002). The workflow is the only writer of its crisis: it decides every
 * step with the pure domain (decide/evolve) against its own state, then has the activity append
 * the events. Timers carry the agreement's deadlines; people act through validated Updates.
 */
export async function crisisWorkflow(input: CrisisWorkflowInput): Promise<CrisisWorkflowResult> {
  const ids = { crisisId: input.crisisId, caseId: input.caseId };
  /**
   * Since this patch reaching a contact queues its delivery facts and decides on at once, so the
   * facts one moment decides go as one append (contact-reach.ts, `writesTogether`): a contact
   * nobody reaches cost three local activities one after another (the window passed, the contact
   * not reached, the task handed on), each a round trip through the worker, and an Update arriving
   * meanwhile waited for all three (bench:api: acknowledgements sharing such a workflow task took
   * p99 319 ms against 120 alone). Its marker stands for every patch before it, as the one before did.
   */
  const reachWritesTogether = patched(REACH_WRITES_TOGETHER);
  /**
   * Since this patch every deadline and delivery window waits on one durable timer (see
   * `sharedTimer`) instead of one each: about ten timers fewer per crisis. Its marker stands for
   * every patch before it too, so a new crisis records this one marker only (each marker costs a
   * history event and an upsert of `TemporalChangeVersion`, a visibility write). Crises started
   * before keep a timer per wait and ask the earlier marker, as they did.
   */
  const oneTimer = reachWritesTogether || patched(ONE_TIMER);
  const waitUntil: WaitUntil = oneTimer ? sharedTimer() : timerPerWait;
  /**
   * Since this patch a new crisis records one patch marker instead of one per patch below: every
   * patch before it is on. Each marker came with an upsert of Temporal's `TemporalChangeVersion`
   * search attribute (a history event and a visibility write each, made by the SDK's core), six of
   * them in a crisis's first workflow task and a seventh at discharge. Decided here, in the first
   * activation, so a crisis started before (replayed without this marker) keeps asking each patch
   * as it did, and one started with it never asks them.
   */
  const earlierPatchesOn = oneTimer || patched(EARLIER_PATCHES_ON);
  const isPatched = (patchId: EarlierPatch): boolean => earlierPatchesOn || patched(patchId);
  // New crises carry the agreement version itself (it may be one an administrator published after
  // this worker was built); crises started before that resolve their reference in the built-in
  // registry, exactly as they did when they started, so their histories replay unchanged.
  const agreement = input.agreementVersion ?? refusingWith(agreementByRef)(input.agreement);
  let state: CrisisState = initialCrisisState;
  /** Writes not yet durable, by step: a repeated acknowledgement waits for the first one's write. */
  const inFlight = new Map<string, Promise<unknown>>();
  /** The Leitstelle may report several times (the ETA changes); each report is its own step. */
  let dispatchReports = 0;

  /**
   * Since this patch the log holds the steps in the order they were decided: a step's write waits
   * for the writes decided before it. Without it, an acknowledgement accepted while the task's
   * notification was still being written could land in the log before that notification (seen as
   * an answer to a task nobody had opened). Crises started before keep their recorded order.
   */
  const writesInDecisionOrder = isPatched('log-order-follows-decisions');

  /**
   * Decides, applies to the live state at once (so the next decision sees it), then records. Several
   * commands decided together (the five notifications) are recorded as one step.
   */
  async function record(step: string, command: CrisisCommand | CrisisCommand[], actor: Actor): Promise<CrisisEvent[]> {
    const events: CrisisEvent[] = [];
    for (const c of Array.isArray(command) ? command : [command]) {
      const decided = decideCrisis(c, state, agreement);
      state = decided.reduce(evolveCrisis, state);
      events.push(...decided);
    }
    if (events.length === 0) return events;
    // Everyone a step hands a task to is reached from here on (the write comes first: the attempts
    // are recorded after the assignment they belong to). The engine's own steps carry the in-app
    // attempts in the same append: one write instead of one per contact (patch below).
    const targets = reachesContacts ? reachTargetsOf(events) : [];
    const attempts =
      attemptsWithAssignment && actor.role === 'system' ? targets.flatMap((t) => reach.inAppAttemptWith(t)) : [];
    const written = write(step, [...events, ...attempts], actor);
    for (const target of targets) reaching.push(written.then(() => reach.reach(target)));
    await written;
    return events;
  }

  /**
   * Since this patch the writes decided while an earlier one is still being written travel
   * together, in decision order, as one append: the trigger with the five notifications, the
   * receipts that arrive during a write. The same events with the same ids, fewer activities and
   * workflow tasks (bench:inbox measured the crisis's writes queueing behind each other at 20/s).
   */
  const coalescesWrites = writesInDecisionOrder && isPatched('coalesced-writes');
  /** Since this patch the coalesced appends run as local activities (see `recordCrisisStepsLocally`). */
  const recordsLocally = coalescesWrites && isPatched('recording-as-local-activity');

  /** Appends a step's events after every write decided before it (see the patches above). */
  async function write(step: string, events: (CrisisEvent | DeliveryEvent)[], actor: Actor): Promise<void> {
    const earlier = writesInDecisionOrder && !coalescesWrites ? [...inFlight.values()] : [];
    const pending = coalescesWrites
      ? writeTogether({ step, events, actor })
      : (async () => {
          // A failed earlier write has failed its own step; this one is still recorded after it.
          await Promise.all(earlier.map((w) => w.catch(() => undefined)));
          return recordCrisisStep({ ...ids, step, events, actor, correlationId: input.correlationId });
        })();
    inFlight.set(step, pending);
    await pending;
    inFlight.delete(step);
  }

  type QueuedStep = { step: string; events: (CrisisEvent | DeliveryEvent)[]; actor: Actor };
  const queued: { write: QueuedStep; settle: (err?: unknown) => void }[] = [];
  let flushing = false;

  /** Queues a step; the running flush (or a new one) appends it with whatever else is queued. */
  function writeTogether(step: QueuedStep): Promise<void> {
    const done = new Promise<void>((resolve, reject) =>
      queued.push({ write: step, settle: (err) => (err === undefined ? resolve() : reject(err)) }),
    );
    if (!flushing) void flush();
    return done;
  }

  async function flush(): Promise<void> {
    flushing = true;
    // Steps decided in the same activation (the trigger and its notifications) join the first append.
    await Promise.resolve();
    while (queued.length > 0) {
      const batch = queued.splice(0);
      const steps = batch.map((q) => q.write);
      // A failure after the retries (an event the store refuses: a bug) fails every step of the batch.
      const append = recordsLocally ? oneLocalAtATime(recordCrisisStepsLocally) : recordCrisisSteps;
      const failure = await append({ ...ids, correlationId: input.correlationId, steps }).then(
        () => undefined,
        (err: unknown) => err ?? new Error('recording failed'),
      );
      for (const q of batch) q.settle(failure);
    }
    flushing = false;
  }

  /**
   * Since this patch the crisis reaches people itself, as durable steps with receipts and
   * fallbacks (issue 11, docs/adr/0010), instead of a reactor on the event log that counted a
   * message as sent when it was handed over. Crises started before keep the old path.
   */
  const reachesContacts = isPatched('reach-contacts-with-receipts');
  /**
   * Since this patch an engine step (notify, escalate) appends the in-app attempts of the contacts
   * it hands tasks to together with the handing-over, instead of one write per contact: five fewer
   * activities per crisis (bench:crisis measured 9.3 crises/s with one write each).
   */
  const attemptsWithAssignment = reachesContacts && isPatched('in-app-attempt-with-assignment');
  /**
   * Since this patch an open client's receipt is recorded by the API in the log and looked up when
   * the in-app window ends (docs/adr/0046), instead of a signal that woke the crisis for each task
   * (six workflow tasks per crisis in the first seconds, when bench:inbox measured the engine
   * queueing). Crises started before still take their receipts as signals.
   */
  const receiptsInLog = attemptsWithAssignment && isPatched('in-app-receipts-in-log');
  /**
   * With that patch the crisis has two local activities (recording, looking up receipts): they run
   * one after the other. Several in flight at once resolve one activation at a time when they run
   * but all together when a history is replayed, so the commands that follow them would be issued
   * in another order (the replay test caught exactly that). Before it there is only the recording,
   * already one at a time, and nothing changes.
   */
  let localTail: Promise<unknown> = Promise.resolve();
  function oneLocalAtATime<I, O>(run: (input: I) => Promise<O>): (input: I) => Promise<O> {
    if (!receiptsInLog) return run;
    return (input) => {
      const next = localTail.then(() => run(input));
      localTail = next.then(
        () => undefined,
        () => undefined,
      );
      return next;
    };
  }
  const findReceiptOneAtATime = oneLocalAtATime(findInAppReceipt);
  const reaching: Promise<void>[] = [];
  const reach = contactReach({
    input,
    agreement,
    state: () => state,
    write: (step, events) => write(step, events, ENGINE),
    send: sendNotification,
    receiptsInLog,
    findReceipt: (attemptId) => findReceiptOneAtATime({ ...ids, attemptId }),
    waitUntil,
    writesTogether: reachWritesTogether,
    onNotReached: async (target) => {
      const deadline = state.tasks[target.taskId]?.deadline;
      if (!deadline) return;
      await record(
        `unreached:${target.taskId}:${target.generation}`,
        { type: 'EscalateUnreachedTask', taskId: target.taskId, contactId: target.contactId, deadline, now: nowIso() },
        ENGINE,
      );
      publishOrganisations();
    },
  });
  setHandler(deliveryReceipt, (receipt) => {
    if (reachesContacts) return reach.onReceipt(receipt);
  });

  const dryRun = (command: CrisisCommand) => void decideCrisis(command, state, agreement);

  /**
   * Every organisation the crisis has reached (and the one that triggered it), so each can list
   * "its" crises by search attribute, also after a task moved on along its chain.
   */
  let listedOrganisations = '';
  /** `also`: other search attributes to set in the same upsert (one event instead of two). */
  function publishOrganisations(also: { HilfenetzStatus?: string[] } = {}): void {
    const reached = Object.values(state.tasks).flatMap((t) => t.attempts.map((a) => a.organisationId));
    const organisations = [...new Set([input.triggeredBy.organisationId, ...reached].filter((o) => o !== undefined))];
    if (organisations.join() === listedOrganisations && also.HilfenetzStatus === undefined) return;
    listedOrganisations = organisations.join();
    upsertSearchAttributes({ ...also, HilfenetzOrganisations: organisations });
  }

  setHandler(crisisStatus, () => {
    const live = crisisLiveState(state, ids);
    if (!reachesContacts) return live;
    return {
      ...live,
      tasks: live.tasks.map((t) => {
        const delivery = reach.deliveryOf(t.taskId);
        return delivery ? { ...t, delivery } : t;
      }),
    };
  });

  setHandler(
    acknowledgeTask,
    async ({ taskId, by, at, method, actedOnDevice }) => {
      const step = `ack:${taskId}`;
      const command: CrisisCommand = {
        type: 'AcknowledgeTask',
        taskId,
        actor: by,
        now: at,
        ...(method ? { method } : {}),
        ...(actedOnDevice ? { actedOnDevice } : {}),
      };
      const recorded = await record(step, command, by).catch((err: unknown) => Promise.reject(asRefusal(err)));
      // A repeat: answer with the first acknowledgement, once that one is durable.
      if (recorded.length === 0) await inFlight.get(step);
      const ack = state.tasks[taskId]!.acknowledgement!;
      return { taskId, acknowledgedBy: ack.by, acknowledgedAt: ack.at, alreadyAcknowledged: recorded.length === 0 };
    },
    {
      validator: refusingWith(({ taskId, by, at, method }: AcknowledgeTaskArgs) =>
        dryRun({ type: 'AcknowledgeTask', taskId, actor: by, now: at, ...(method ? { method } : {}) }),
      ),
    },
  );

  setHandler(
    declineTask,
    async ({ taskId, by, reason, reasonCategory, at, actedOnDevice }) => {
      const step = `decline:${taskId}:${state.tasks[taskId]?.attempts.length ?? 0}`;
      const command: CrisisCommand = {
        type: 'DeclineTask',
        taskId,
        actor: by,
        reason,
        // Only when given: a decline without one records exactly what it always did.
        ...(reasonCategory !== undefined ? { reasonCategory } : {}),
        now: at,
        ...(actedOnDevice ? { actedOnDevice } : {}),
      };
      await record(step, command, by).catch((err: unknown) => Promise.reject(asRefusal(err)));
      publishOrganisations();
      const task = state.tasks[taskId]!;
      const moved = task.status === 'open' && task.deadline !== null;
      return { taskId, nowWith: moved ? { contactId: task.contactId, organisationId: task.organisationId } : null };
    },
    {
      validator: refusingWith(({ taskId, by, reason, reasonCategory, at }: DeclineTaskArgs) =>
        dryRun({
          type: 'DeclineTask',
          taskId,
          actor: by,
          reason,
          ...(reasonCategory !== undefined ? { reasonCategory } : {}),
          now: at,
        }),
      ),
    },
  );

  setHandler(
    reportAmbulanceDispatch,
    async ({ dispatchReference, expectedArrivalAt, by, at, actedOnDevice }) => {
      const command: CrisisCommand = {
        type: 'ReportAmbulanceDispatch',
        dispatchReference,
        expectedArrivalAt,
        actor: by,
        now: at,
        // Absent in every recorded history: their events are the same as recorded (issue 19).
        ...(actedOnDevice ? { actedOnDevice } : {}),
      };
      await record(`dispatch:${++dispatchReports}`, command, by).catch((err: unknown) =>
        Promise.reject(asRefusal(err)),
      );
      return { crisisId: input.crisisId, status: crisisLiveState(state, ids).status };
    },
    {
      validator: refusingWith(({ dispatchReference, expectedArrivalAt, by, at }: ReportAmbulanceDispatchArgs) =>
        dryRun({ type: 'ReportAmbulanceDispatch', dispatchReference, expectedArrivalAt, actor: by, now: at }),
      ),
    },
  );

  setHandler(
    decideAdmission,
    async ({ decision, followUp, by, at, actedOnDevice }) => {
      const command: CrisisCommand = {
        type: 'DecideAdmission',
        decision,
        followUp,
        actor: by,
        now: at,
        ...(actedOnDevice ? { actedOnDevice } : {}),
      };
      await record('admission', command, by).catch((err: unknown) => Promise.reject(asRefusal(err)));
      return { crisisId: input.crisisId, status: crisisLiveState(state, ids).status };
    },
    {
      validator: refusingWith(({ decision, followUp, by, at }: DecideAdmissionArgs) =>
        dryRun({ type: 'DecideAdmission', decision, followUp, actor: by, now: at }),
      ),
    },
  );

  setHandler(
    announceDischarge,
    async ({ plannedFor, by, at }) => {
      const events = await record('discharge', { type: 'AnnounceDischarge', plannedFor, actor: by, now: at }, by).catch(
        (err: unknown) => Promise.reject(asRefusal(err)),
      );
      /**
       * Since this patch the crisis starts the case's Hilfeplanung itself (docs/adr/0013), before
       * it answers the clinic: the discharge's answer means the planning runs. Crises that
       * announced their discharge before took the old path (a reactor on HilfeplanungRequested).
       */
      const requested = events.find((e) => e.type === 'HilfeplanungRequested');
      if (requested && isPatched('hilfeplanung-started-by-crisis')) {
        await startHilfeplanung({
          ...ids,
          dischargedAt: plannedFor,
          startedBy: by,
          startedAt: requested.data.requestedAt,
          correlationId: input.correlationId,
          rules: hilfeplanungRulesOf(agreement),
        });
      }
      return { crisisId: input.crisisId, status: crisisLiveState(state, ids).status };
    },
    {
      validator: refusingWith(({ plannedFor, by, at }: AnnounceDischargeArgs) =>
        dryRun({ type: 'AnnounceDischarge', plannedFor, actor: by, now: at }),
      ),
    },
  );

  setHandler(
    cancelCrisis,
    async ({ reason, cancelledBy, cancelledAt, actedOnDevice }) => {
      const command: CrisisCommand = {
        type: 'CancelCrisis',
        reason,
        now: cancelledAt,
        ...(actedOnDevice ? { actedOnDevice } : {}),
      };
      await record('cancel', command, cancelledBy).catch((err: unknown) => Promise.reject(asRefusal(err)));
      return { crisisId: input.crisisId, status: crisisLiveState(state, ids).status };
    },
    {
      validator: refusingWith(({ reason, cancelledAt }: CancelCrisisArgs) =>
        dryRun({ type: 'CancelCrisis', reason, now: cancelledAt }),
      ),
    },
  );

  /**
   * Issue 19 (docs/adr/0034): a second trigger for the case joins this crisis, and a late answer a
   * task refused is recorded as superseded. Both are new Updates: no recorded history holds them, so
   * histories replay unchanged; each records its step under its own name and changes nothing else.
   */
  let joins = 0;
  setHandler(
    joinTrigger,
    async ({ by, at, dangerKind, urgency, situation, actedOnDevice }) => {
      // A join may arrive in the crisis's first activation, before its trigger is decided.
      await condition(() => state.status !== 'none');
      const command: CrisisCommand = {
        type: 'JoinTrigger',
        actor: by,
        now: at,
        dangerKind,
        urgency,
        ...(situation ? { situation } : {}),
        ...(actedOnDevice ? { actedOnDevice } : {}),
      };
      await record(`join:${++joins}`, command, by).catch((err: unknown) => Promise.reject(asRefusal(err)));
      return { crisisId: input.crisisId, status: crisisLiveState(state, ids).status };
    },
    {
      validator: refusingWith(({ by, at, dangerKind, urgency }: JoinTriggerArgs) =>
        state.status === 'none' ? undefined : dryRun({ type: 'JoinTrigger', actor: by, now: at, dangerKind, urgency }),
      ),
    },
  );

  setHandler(
    recordSupersededAnswer,
    async ({ taskId, answer, by, at, actedOnDevice }) => {
      const command: CrisisCommand = {
        type: 'RecordSupersededAnswer',
        taskId,
        answer,
        actor: by,
        now: at,
        actedOnDevice,
      };
      const recorded = await record(`superseded:${taskId}:${by.id}:${answer}`, command, by).catch((err: unknown) =>
        Promise.reject(asRefusal(err)),
      );
      return { recorded: recorded.length > 0 };
    },
    {
      validator: refusingWith(({ taskId, answer, by, at, actedOnDevice }: RecordSupersededAnswerArgs) =>
        dryRun({ type: 'RecordSupersededAnswer', taskId, answer, actor: by, now: at, actedOnDevice }),
      ),
    },
  );

  /**
   * One durable timer per task at a time, on the current contact's deadline. Whatever moves the
   * task (an acknowledgement, a decline, the end of the crisis) wakes the loop early; a timer
   * that fires escalates one step, recorded like any other step.
   */
  async function watchDeadlines(taskId: string): Promise<void> {
    for (;;) {
      const task = state.tasks[taskId];
      if (!isActive(state) || !task || task.status !== 'open' || task.deadline === null) return;
      const deadline = task.deadline;
      const remaining = Date.parse(deadline) - Date.now();
      const moved =
        remaining > 0 &&
        (await waitUntil(Date.parse(deadline), () => !isActive(state) || state.tasks[taskId]?.deadline !== deadline));
      if (moved) continue;
      await record(
        `escalate:${taskId}:${task.attempts.length}`,
        { type: 'EscalateOverdueTask', taskId, deadline, now: nowIso() },
        ENGINE,
      );
      publishOrganisations();
    }
  }

  /** The notifications as crises before the `coalesced-writes` patch recorded them. */
  async function notifyAfterTrigger(notifications: CrisisCommand[]): Promise<void> {
    if (state.status !== 'open') {
      // Cancelled (a false alarm) while the trigger was still being written: nobody to alarm. Every
      // recorded history took the branches below, so replay is unchanged.
    } else if (writesInDecisionOrder) {
      await record('notify', notifications, ENGINE);
    } else {
      await Promise.all(crisisParties.map((party, i) => record(`notify:${party}`, notifications[i]!, ENGINE)));
    }
  }

  const trigger: CrisisCommand = {
    type: 'TriggerCrisis',
    crisisId: input.crisisId,
    caseId: input.caseId,
    dangerKind: input.dangerKind,
    urgency: input.urgency,
    ...(input.situation ? { situation: input.situation } : {}),
    // Absent in every crisis before issue 19's trigger time: their event is the same as recorded.
    ...(input.actedOnDevice ? { actedOnDevice: input.actedOnDevice } : {}),
    now: input.requestedAt,
  };
  // Seed 002: ambulance, clinic, youth office, provider and guardian at the same time.
  const notifyAll = (now: string) => crisisParties.map((party): CrisisCommand => ({ type: 'NotifyParty', party, now }));
  if (coalescesWrites) {
    // Decided together, nothing in between: one append, then one upsert of status and organisations.
    await Promise.all([record('trigger', trigger, input.triggeredBy), record('notify', notifyAll(nowIso()), ENGINE)]);
    publishOrganisations({ HilfenetzStatus: ['open'] });
  } else {
    await record('trigger', trigger, input.triggeredBy);
    upsertSearchAttributes({ HilfenetzStatus: ['open'] });
    await notifyAfterTrigger(notifyAll(nowIso()));
    publishOrganisations();
  }
  const watchers = crisisParties.map((party) => watchDeadlines(taskIdFor(party)));

  await condition(() => state.status !== 'open');
  if (state.status === 'admitted') {
    upsertSearchAttributes({ HilfenetzStatus: ['admitted'] });
    if (state.tasks[taskIdFor('family_court')]) watchers.push(watchDeadlines(taskIdFor('family_court')));
    // The stay lasts days or weeks: a durable wait, no polling.
    await condition(() => state.status !== 'admitted');
  }
  await Promise.all(watchers);
  // A reach may start another (not reached → the next contact): wait until none is left.
  while (reaching.length > 0) await Promise.all(reaching.splice(0));
  await condition(allHandlersFinished);
  const outcome = state.status;
  if (outcome !== 'cancelled' && outcome !== 'not_admitted' && outcome !== 'discharged') {
    throw new Error(`crisis ended in unexpected state ${outcome}`);
  }
  upsertSearchAttributes({ HilfenetzStatus: [outcome] });
  return { crisisId: input.crisisId, outcome };
}
