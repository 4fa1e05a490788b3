import type { Client, WorkflowHandle } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '@hilfenetz/config';
import fs from 'node:fs';
import path from 'node:path';

const noop = () => undefined;
/** The bundler's chatter is noise in test output; errors still show. */
export const quietBundlerLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };

/**
 * The dev server declares our search attributes at start (infra/dev/lib/temporal.mjs); the
 * time-skipping test server needs them added, or every upsert fails the workflow task.
 */
export async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const { INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_KEYWORD_LIST: KEYWORD_LIST } =
    temporal.api.enums.v1.IndexedValueType;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: { HilfenetzCaseId: KEYWORD, HilfenetzStatus: KEYWORD, HilfenetzOrganisations: KEYWORD_LIST },
  });
}

/** Writes a run's history as protobuf JSON (enums and 64-bit numbers as strings): stable and diffable. */
export async function writeHistory(client: Client, workflowId: string, runId: string | undefined, file: string) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const json = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, {
    longs: String,
    enums: String,
    bytes: String,
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
}

/**
 * Replays every committed history in `dir` against today's workflow code; returns the failures
 * (non-determinism) and how many histories were replayed.
 */
export async function replayCommittedHistories(
  dir: string,
  workflowsPath: string,
  /** For histories recorded with encrypted payloads: the converter the worker would run with. */
  dataConverter?: DataConverter,
): Promise<{ replayed: number; failures: string[] }> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
  }));
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, ...workflowBundleOptions });
  const failures: string[] = [];
  const options = dataConverter ? { workflowBundle: bundle, dataConverter } : { workflowBundle: bundle };
  for await (const result of Worker.runReplayHistories(options, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  return { replayed: histories.length, failures };
}

/**
 * Terminates a test's run once nothing of it is in flight. The time-skipping test server keeps the
 * time lock of a workflow task or activity that was outstanding when its run was terminated
 * (temporalio/sdk-java#1138, #3088): every later `env.sleep` on that server then waits in real
 * time, and the file's next test times out — but only when the machine was slow enough for a step
 * to be in flight at the end (full `npm test` runs). The server does not report a pending workflow
 * task in `describe`, so the history says what is outstanding. This narrows the window but does
 * not close it (a clean-clone CI run still met the leak), so files with several time-skipping tests
 * also give each test a test server of its own (tests/integration/crisis-*.timers.test.ts).
 */
export async function terminateWhenQuiet(handle: WorkflowHandle, timeoutMs = 30_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const outstanding = outstandingSteps(await handle.fetchHistory());
    if (outstanding === null) return; // the run has ended by itself
    if (outstanding.workflowTasks === 0 && outstanding.activities === 0) break;
    if (Date.now() > giveUpAt) {
      throw new Error(
        `${handle.workflowId} still busy after ${timeoutMs} ms: ` +
          `${outstanding.workflowTasks} workflow tasks, ${outstanding.activities} activities outstanding`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await handle.terminate('test done');
}

/** Workflow tasks and activities scheduled but not finished, or null once the run has closed. */
function outstandingSteps(
  history: temporal.api.history.v1.IHistory,
): { workflowTasks: number; activities: number } | null {
  const T = temporal.api.enums.v1.EventType;
  const closing = new Set([
    T.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    T.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    T.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    T.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    T.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    T.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  ]);
  const taskEnds = new Set([
    T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    T.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    T.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
  ]);
  const activityEnds = new Set([
    T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    T.EVENT_TYPE_ACTIVITY_TASK_FAILED,
    T.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    T.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
  ]);
  let workflowTasks = 0;
  let activities = 0;
  for (const e of history.events ?? []) {
    const type = e.eventType ?? T.EVENT_TYPE_UNSPECIFIED;
    if (closing.has(type)) return null;
    if (type === T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) workflowTasks += 1;
    else if (taskEnds.has(type)) workflowTasks -= 1;
    else if (type === T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) activities += 1;
    else if (activityEnds.has(type)) activities -= 1;
  }
  return { workflowTasks, activities };
}
