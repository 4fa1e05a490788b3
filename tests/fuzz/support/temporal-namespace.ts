import { Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';

/** temporal.api.enums.v1.IndexedValueType (@temporalio/proto, not a dependency of ours). */
const KEYWORD = 2;
const KEYWORD_LIST = 7;

/** Search attributes our workflows set (as infra/dev/lib/temporal.mjs declares them for `default`). */
const SEARCH_ATTRIBUTES = { HilfenetzCaseId: KEYWORD, HilfenetzStatus: KEYWORD, HilfenetzOrganisations: KEYWORD_LIST };

/**
 * A Temporal namespace of the fuzz run's own, removed at teardown. In the shared `default` the
 * fuzzer meets workflows no worker of its system serves: with a fixed seed it registers the same
 * case ids every run, so `hilfeplanung-<case>` and the crisis ids are those a previous run left
 * there, closed, on a task queue whose worker is gone; and GET /crises lists other test systems'
 * crises of the same organisations. Querying those waits for a worker that never comes.
 */
export async function createFuzzNamespace(address: string): Promise<string> {
  const namespace = `hilfenetz-fuzz-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address });
  try {
    type Register = Parameters<typeof connection.workflowService.registerNamespace>[0];
    await connection.workflowService.registerNamespace({
      namespace,
      // An int64 is a Long in the generated types; protobufjs takes a plain number too.
      workflowExecutionRetentionPeriod: {
        seconds: 24 * 3600,
      } as unknown as Register['workflowExecutionRetentionPeriod'],
    });
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: SEARCH_ATTRIBUTES });
    // The frontend learns of a new namespace from its registry a moment later: wait until it lists.
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace, query: 'HilfenetzCaseId = "none"' });
        return namespace;
      } catch (err) {
        if (Date.now() > until) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

export async function deleteFuzzNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.operatorService.deleteNamespace({ namespace });
  } finally {
    await connection.close();
  }
}
