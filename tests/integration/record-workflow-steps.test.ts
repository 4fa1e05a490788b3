import { recordWorkflowSteps, stepEventId } from '@hilfenetz/activities';
import { caseStreamId } from '@hilfenetz/domain';
import { PostgresEventStore } from '@hilfenetz/event-store';
import {
  aCrisisTriggered,
  ensureDatabase,
  openDataSource,
  resetDatabase,
  testEnv,
  withDatabaseSuffix,
} from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The crisis's coalesced appends when a workflow task is retried: a task that timed out after its
 * local activity had stored a step (an overloaded worker; the cluster's tests saw it under load)
 * runs again with more steps queued, so the batch holds a stored step beside new ones. It must
 * store the new ones once and leave the stored ones alone; the store alone refuses the mixed
 * batch, and the crisis stopped (the activity retried the same refusal for ever).
 */
const SUFFIX = 'steps';
let ds: DataSource;
let store: PostgresEventStore;

beforeAll(async () => {
  const env = testEnv();
  await ensureDatabase(SUFFIX);
  await resetDatabase(withDatabaseSuffix(env.migrationUrl, SUFFIX));
  ds = await openDataSource(withDatabaseSuffix(env.databaseUrl, SUFFIX), 2);
  store = new PostgresEventStore(ds);
});
afterAll(() => ds?.destroy());

const actor = { id: 'system:crisis-workflow', role: 'system' as const };
const schemaVersionOf = () => 1;
const stepOf = (caseId: string, step: string, n = 1) => ({
  step,
  actor,
  events: Array.from({ length: n }, () => {
    const { type, data } = aCrisisTriggered(caseId);
    return { type, data };
  }),
});

describe('recordWorkflowSteps: a batch with steps stored before', () => {
  it('stores the new steps once and the stored ones not again', async () => {
    const caseId = `FALL-ST-${randomUUID().slice(0, 8)}`;
    const origin = { workflowId: `crisis-${caseId}`, runId: randomUUID() };
    const batch = (steps: ReturnType<typeof stepOf>[]) => ({ caseId, correlationId: randomUUID(), steps });
    const trigger = stepOf(caseId, 'trigger', 2);
    await recordWorkflowSteps(store, origin, batch([trigger]), schemaVersionOf);

    const ack = stepOf(caseId, 'ack:task-clinic');
    const again = await recordWorkflowSteps(store, origin, batch([trigger, ack]), schemaVersionOf);
    expect(again.result?.duplicate).toBe(false);

    const stored = await store.readStream(caseStreamId(caseId));
    expect(stored.map((e) => e.eventId)).toEqual([
      stepEventId(origin.workflowId, 'trigger', 0),
      stepEventId(origin.workflowId, 'trigger', 1),
      stepEventId(origin.workflowId, 'ack:task-clinic', 0),
    ]);
    // The same batch once more: nothing new.
    const third = await recordWorkflowSteps(store, origin, batch([trigger, ack]), schemaVersionOf);
    expect(third.result?.duplicate).toBe(true);
    expect(await store.readStream(caseStreamId(caseId))).toHaveLength(3);
  });

  it('refuses for good a step that is stored only in part', async () => {
    const caseId = `FALL-ST-${randomUUID().slice(0, 8)}`;
    const origin = { workflowId: `crisis-${caseId}`, runId: randomUUID() };
    const batch = (steps: ReturnType<typeof stepOf>[]) => ({ caseId, correlationId: randomUUID(), steps });
    const notify = stepOf(caseId, 'notify', 2);
    // Only the first of the step's two events, as no append of ours would store it.
    await recordWorkflowSteps(
      store,
      origin,
      batch([{ ...notify, events: notify.events.slice(0, 1) }]),
      schemaVersionOf,
    );
    await expect(
      recordWorkflowSteps(store, origin, batch([notify, stepOf(caseId, 'escalate')]), schemaVersionOf),
    ).rejects.toMatchObject({ type: 'PartialDuplicateBatch', nonRetryable: true });
    expect(await store.readStream(caseStreamId(caseId))).toHaveLength(1);
  });
});
