import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
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
): Promise<{ replayed: number; failures: string[] }> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
  }));
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  return { replayed: histories.length, failures };
}
