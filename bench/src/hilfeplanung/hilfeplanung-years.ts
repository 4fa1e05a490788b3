import type { Actor, HilfeplanungWorkflowInput, PlanningParty, SealedValue } from '@hilfenetz/contracts';
import { lindenauHilfeplanungRules } from '@hilfenetz/domain';
import { recordPlan, scheduleMeeting } from '@hilfenetz/workflow-hilfeplanung/messages';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';

export const DAY = 86_400_000;
const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

const caseworker: Actor = { id: 'u-ja-bench', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' };
const everyone: PlanningParty[] = ['young_person', 'guardian', 'provider', 'clinic', 'youth_office'];

/** Ciphertext-shaped stand-in: the workflow only carries personal data, it never opens it. */
const sealed = (): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-bench',
  iv: randomBytes(12).toString('base64'),
  tag: randomBytes(16).toString('base64'),
  ct: randomBytes(24).toString('base64'),
});

/** Runs `fn` over `items` with at most `limit` at a time; collects failures instead of stopping. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<{ item: T; error: unknown }[]> {
  const failures: { item: T; error: unknown }[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch((error: unknown) => failures.push({ item, error }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return failures;
}

const describeError = (err: unknown): string => {
  const e = err as { message?: string; cause?: { type?: string; message?: string } };
  return e.cause?.type ? `${e.cause.type}: ${e.cause.message ?? ''}` : String(e.message ?? err);
};

export const nowOf = async (env: TestWorkflowEnvironment) => new Date(await env.currentTimeMs()).toISOString();

/** The plannings of this run: started as the crisis's discharge would start them (seed 002). */
export async function startPlannings(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  count: number,
  concurrency: number,
): Promise<string[]> {
  const run = randomUUID().slice(0, 8);
  const now = await nowOf(env);
  const ids = Array.from({ length: count }, (_, i) => `FALL-HPB-${run}-${String(i).padStart(5, '0')}`);
  const failures = await forEachBounded(ids, concurrency, async (caseId) => {
    const input: HilfeplanungWorkflowInput = {
      planningId: `hilfeplanung-${caseId}`,
      caseId,
      origin: { kind: 'discharge', crisisId: `crisis-${caseId}`, dischargedAt: now },
      rules: lindenauHilfeplanungRules,
      startedBy: caseworker,
      startedAt: now,
      correlationId: randomUUID(),
    };
    await env.client.workflow.start('hilfeplanungWorkflow', { taskQueue, workflowId: input.planningId, args: [input] });
  });
  if (failures.length > 0)
    throw new Error(`${failures.length} plannings did not start: ${describeError(failures[0]!.error)}`);
  return ids.map((caseId) => `hilfeplanung-${caseId}`);
}

/**
 * Waits until every planning has recorded the start of `cycle` in the event store. After the test
 * server skipped time the worker still needs real time to run the woken workflows and their
 * activities; time stays locked meanwhile, so nothing else comes due.
 */
export async function waitForCycle(
  db: PgClient,
  cycle: number,
  expected: number,
  log: (m: string) => void,
  timeoutMs = 20 * 60_000,
): Promise<void> {
  const started = Date.now();
  let lastLogged = started;
  for (;;) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE type = 'HilfeplanungStarted' AND (data->>'cycle')::int = $1`,
      [cycle],
    );
    const n = Number(rows[0]!.n);
    if (n >= expected) return;
    if (Date.now() - started > timeoutMs) throw new Error(`cycle ${cycle}: only ${n} of ${expected} started`);
    if (Date.now() - lastLogged > 30_000) {
      log(`  cycle ${cycle}: ${n} of ${expected} started`);
      lastLogged = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The caseworker's part of a Fortschreibung, for every planning: schedule the meeting three days
 * ahead, let the three days pass (the reminder 48 h before goes out), record the plan with the
 * rules' cadence (next review six months after the meeting). Returns the latest review date.
 */
export async function holdMeetingsAndRecordPlans(
  env: TestWorkflowEnvironment,
  planningIds: readonly string[],
  concurrency: number,
): Promise<{ latestReviewAt: string; failures: string[] }> {
  const scheduledAt = await nowOf(env);
  const meetingAt = plusMs(scheduledAt, 3 * DAY);
  const failures: string[] = [];
  const scheduling = await forEachBounded(planningIds, concurrency, async (id) => {
    await env.client.workflow
      .getHandle(id)
      .executeUpdate(scheduleMeeting, { args: [{ meetingAt, by: caseworker, at: scheduledAt }] });
  });
  failures.push(...scheduling.map((f) => `${f.item}: scheduleMeeting: ${describeError(f.error)}`));
  await env.sleep(3 * DAY);
  const heldAt = await nowOf(env);
  let latestReviewAt = heldAt;
  const recording = await forEachBounded(planningIds, concurrency, async (id) => {
    const live = await env.client.workflow.getHandle(id).executeUpdate(recordPlan, {
      args: [
        {
          heldAt,
          participants: everyone,
          youngPersonView: sealed(),
          goals: [{ goalId: 'g1', text: sealed() }],
          measures: [
            { measureId: 'm1', goalId: 'g1', description: sealed(), responsibleParty: 'provider', dueBy: '2099-12-31' },
          ],
          by: caseworker,
          at: heldAt,
        },
      ],
    });
    if (live.nextReviewAt && live.nextReviewAt > latestReviewAt) latestReviewAt = live.nextReviewAt;
  });
  failures.push(...recording.map((f) => `${f.item}: recordPlan: ${describeError(f.error)}`));
  return { latestReviewAt, failures };
}

/** Every run of a workflow, newest first, walked back through the runs it continued from. */
export async function runHistories(
  env: TestWorkflowEnvironment,
  workflowId: string,
): Promise<{ runId: string; events: number; closed: boolean }[]> {
  const runs: { runId: string; events: number; closed: boolean }[] = [];
  let runId: string | undefined = (await env.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await env.client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    const last = events.at(-1);
    runs.push({ runId, events: events.length, closed: Boolean(last?.workflowExecutionContinuedAsNewEventAttributes) });
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

export interface ReviewCheck {
  plannings: number;
  expectedReviewsEach: number;
  /** Plannings whose review starts differ from the expected number, or with a cycle started twice. */
  wrong: { planningId: string; reviews: number; starts: number; distinctCycles: number; maxCycle: number }[];
  reviewsTotal: number;
}

/** "Every review fired once", read from the event store: review-started events per planning. */
export async function checkReviews(db: PgClient, expectedReviews: number, plannings: number): Promise<ReviewCheck> {
  const { rows } = await db.query<{
    planning: string;
    reviews: string;
    starts: string;
    cycles: string;
    max_cycle: string;
  }>(
    `SELECT data->>'planningId' AS planning,
            count(*) FILTER (WHERE data->'origin'->>'kind' = 'review') AS reviews,
            count(*) AS starts,
            count(DISTINCT (data->>'cycle')::int) AS cycles,
            max((data->>'cycle')::int) AS max_cycle
       FROM events WHERE type = 'HilfeplanungStarted'
      GROUP BY 1`,
  );
  const wrong = rows
    .map((r) => ({
      planningId: r.planning,
      reviews: Number(r.reviews),
      starts: Number(r.starts),
      distinctCycles: Number(r.cycles),
      maxCycle: Number(r.max_cycle),
    }))
    .filter(
      (r) => r.reviews !== expectedReviews || r.starts !== r.distinctCycles || r.maxCycle !== expectedReviews + 1,
    );
  const missing = plannings - rows.length;
  if (missing > 0) {
    wrong.push({
      planningId: `(${missing} plannings with no start at all)`,
      reviews: 0,
      starts: 0,
      distinctCycles: 0,
      maxCycle: 0,
    });
  }
  return {
    plannings: rows.length,
    expectedReviewsEach: expectedReviews,
    wrong,
    reviewsTotal: rows.reduce((s, r) => s + Number(r.reviews), 0),
  };
}
