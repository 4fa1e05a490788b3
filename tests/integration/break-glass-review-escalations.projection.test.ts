import type { NewEvent } from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { BreakGlassReviewEscalationsProjection, ProjectionRunner } from '@hilfenetz/projector';
import { aCaseStream, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The review list reads an overdue break-glass review's escalation from this read model, not from
 * the event log (issue 12): it must hold each escalation once, however often it is delivered, and
 * come back the same from a rebuild.
 */
describe('break-glass review escalations (projection over the real event store)', () => {
  let ds: DataSource;
  let store: PostgresEventStore;
  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 3);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  const escalated = (caseId: string, accessId: string, escalatedAt: string): NewEvent => ({
    eventId: randomUUID(),
    type: 'BreakGlassReviewEscalated',
    schemaVersion: 1,
    data: {
      caseId,
      accessId,
      leadOrganisationId: 'org-jugendamt-lindenau',
      dueAt: '2026-11-27T09:00:00.000Z',
      escalatedAt,
      supervisorContactId: 'ct-ja-leitung',
    },
    metadata: {
      actorId: 'system',
      actorRole: 'system',
      organisationId: 'org-jugendamt-lindenau',
      correlationId: randomUUID(),
    },
  });
  const rowsFor = (ids: string[]): Promise<{ review_id: string; case_id: string; escalated_at: Date }[]> =>
    ds.query(
      `SELECT review_id::text, case_id, escalated_at FROM break_glass_review_escalations
       WHERE review_id = ANY($1::bigint[]) ORDER BY review_id`,
      [ids],
    );

  it('holds each escalation once, redelivered or rebuilt', async () => {
    const { caseId, streamId } = aCaseStream('BGR');
    const first = String(randomInt(1e9, 2e9));
    const second = String(Number(first) + 1);
    await store.append(streamId, [
      escalated(caseId, first, '2026-11-27T09:00:00.000Z'),
      escalated(caseId, second, '2026-11-27T10:30:00.000Z'),
    ]);
    const events = await store.readStream(streamId);
    const runner = new ProjectionRunner(ds, new BreakGlassReviewEscalationsProjection(), store);

    expect(await runner.apply(events)).toBe(2);
    expect(await runner.apply(events)).toBe(0); // Kafka delivers at least once
    const expected = [
      { review_id: first, case_id: caseId, escalated_at: new Date('2026-11-27T09:00:00.000Z') },
      { review_id: second, case_id: caseId, escalated_at: new Date('2026-11-27T10:30:00.000Z') },
    ];
    expect(await rowsFor([first, second])).toEqual(expected);

    await runner.rebuild();
    expect(await rowsFor([first, second])).toEqual(expected);
  });
});
