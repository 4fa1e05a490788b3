import type { AccessLogResponse, BreakGlassReviewList, TimelineResponse } from '@hilfenetz/contracts';
import { caseIdOf, openDataSource } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from '../support/e2e-stack';
import { proposeSignedByAll } from './agreement-signing';
import { call, mintToken } from './attack-support';
import { breakGlassNetwork } from './break-glass-network';

const stack = e2eStack();

/**
 * Issue 13, finding 4, for the break-glass reason: what an emergency reader writes about the young
 * person ("Mia wurde bei ihrer Tante ... gesehen") is free text like a decline reason. It used to
 * sit in clear in the BreakGlassAccess event, the access log and the review row, and survived the
 * erasure. Now it is sealed under the young person's key everywhere, opened for the lead office's
 * readers, and reads "gelöscht" after the erasure.
 */
describe('attack: reading a break-glass reason in clear, and after an erasure', () => {
  const tag = randomUUID().slice(0, 8);
  const REASON = `Notfall ${tag}: Mia bei der Tante in der Gartenstraße gesehen`;
  const net = breakGlassNetwork(tag);
  let db: DataSource;
  let caseId: string;

  beforeAll(async () => {
    db = await openDataSource(stack.databaseUrl, 1);
    await proposeSignedByAll(stack.apiUrl, net.agreement);
    caseId = caseIdOf(net.lead, `FALL-BGR-${randomUUID().slice(0, 8)}`);
    const registered = await call(stack.apiUrl, 'POST', '/cases', await net.leadCaseworker(), {
      caseId,
      youngPerson: { givenName: 'Mia', familyName: `Netz${tag}`, dateOfBirth: '2011-03-04' },
    });
    expect(registered.status).toBe(201);
    const read = await fetch(`${stack.apiUrl}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${await net.partnerOnCall()}`, 'x-break-glass-reason': REASON },
    });
    expect(read.status).toBe(200);
  });
  afterAll(() => db?.destroy());

  const supervisorReviews = async () =>
    (
      (await (
        await call(stack.apiUrl, 'GET', '/break-glass-reviews', await net.leadSupervisor())
      ).json()) as BreakGlassReviewList
    ).reviews.filter((r) => r.caseId === caseId);
  const auditor = () => mintToken({ username: 'pruefung', claims: { org: net.lead, sub: `u-bg-au-${tag}` } });
  const accessLogReasons = async () =>
    (
      (await (
        await call(stack.apiUrl, 'GET', `/cases/${caseId}/access-log`, await auditor())
      ).json()) as AccessLogResponse
    ).entries
      .filter((e) => e.breakGlass)
      .map((e) => e.reason);

  it('is nowhere in clear: not in the event, the access log or the review row', async () => {
    const stored: { schema_version: number; data: unknown }[] = await db.query(
      `SELECT schema_version, data FROM events WHERE stream_id = $1 AND type = 'BreakGlassAccess'`,
      [`case-${caseId}`],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.schema_version).toBe(2);
    const rows: unknown[] = await db.query(
      `SELECT l.reason, l.reason_sealed, r.reason AS review_reason, r.reason_sealed AS review_sealed
       FROM case_access_log l JOIN break_glass_reviews r ON r.review_id = l.id WHERE l.case_id = $1`,
      [caseId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: null, review_reason: null });
    expect(JSON.stringify([stored, rows])).not.toContain('Gartenstraße');
  });

  it('the lead office reads it: in its review list, its access log and the timeline', async () => {
    expect((await supervisorReviews()).map((r) => r.reason)).toEqual([REASON]);
    expect(await accessLogReasons()).toEqual([REASON]);
    const timeline = (await (
      await call(stack.apiUrl, 'GET', `/cases/${caseId}/timeline`, await net.leadSupervisor())
    ).json()) as TimelineResponse;
    expect(timeline.entries.filter((e) => e.type === 'BreakGlassAccess').map((e) => e.data.reason)).toEqual([REASON]);
  });

  it('after the erasure it reads "gelöscht" wherever it was shown', async () => {
    const admin = await mintToken({ username: 'admin', claims: { org: net.lead, sub: `u-bg-ad-${tag}` } });
    const erased = await call(stack.apiUrl, 'POST', `/cases/${caseId}/erasure`, admin, {
      reason: 'Löschfrist abgelaufen',
    });
    expect(erased.status).toBe(204);
    expect((await supervisorReviews()).map((r) => r.reason)).toEqual(['gelöscht']);
    expect(await accessLogReasons()).toEqual(['gelöscht']);
  });
});
