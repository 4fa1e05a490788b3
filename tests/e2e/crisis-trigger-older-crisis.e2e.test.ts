import { eventually, lindenauCaseId, openDataSource, testEnv, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface TriggerAnswer {
  crisisId: string;
  joined: boolean;
}

/**
 * A case whose running crisis was started before the claim rows existed (docs/adr/0034) has no
 * claim: a new trigger must still find that crisis and join it, not start a second one. The API
 * finds it through the crisis board (read model) and confirms with Temporal; here the claim row is
 * removed behind the application's back to make a crisis from before.
 */
describe('a trigger for a case whose running crisis has no claim row (started before ADR 0034)', () => {
  let caseworker: string;
  let supervisor: string;

  beforeAll(async () => {
    [caseworker, supervisor] = await Promise.all([
      tokenFor(stack.issuer, 'fachkraft'),
      tokenFor(stack.issuer, 'leitung'),
    ]);
  });

  it('joins the running crisis the board names; with none running it starts a new one', async () => {
    const caseId = lindenauCaseId(`FALL-OLD-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Mia', familyName: 'Steinfeld', dateOfBirth: '2011-05-06' };
    expect((await call('POST', '/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    const trigger = () =>
      call(
        'POST',
        `/cases/${caseId}/crises`,
        caseworker,
        { dangerKind: 'self', urgency: 'urgent' },
        { 'idempotency-key': `key-${randomUUID()}` },
      );
    const first = await trigger();
    expect(first.status).toBe(201);
    const { crisisId } = (await first.json()) as TriggerAnswer;
    // On the board (projected), as every crisis from before the claims is by now.
    await eventually(
      async () => {
        const res = await call('GET', `/crises?status=open`, supervisor);
        const { crises } = (await res.json()) as { crises: { crisisId: string }[] };
        return crises.some((c) => c.crisisId === crisisId) ? true : undefined;
      },
      { what: 'the crisis on the board' },
    );

    const adminUrl = testEnv().adminUrl.replace(/\/([^/?]+)(\?|$)/, '/$1_e2e$2');
    const admin = await openDataSource(adminUrl, 1);
    try {
      await admin.query(`DELETE FROM crisis_case_claims WHERE case_id = $1`, [caseId]);
    } finally {
      await admin.destroy();
    }

    const second = await trigger();
    expect(second.status).toBe(200);
    expect((await second.json()) as TriggerAnswer).toMatchObject({ crisisId, joined: true });

    expect(
      (await call('POST', `/cases/${caseId}/crises/${crisisId}/cancel`, caseworker, { reason: 'Fehlalarm (Test)' }))
        .status,
    ).toBe(202);
    const next = await eventually(
      async () => {
        const res = await trigger();
        return res.status === 201 ? ((await res.json()) as TriggerAnswer) : undefined;
      },
      { what: 'a new crisis once the old one has ended', timeoutMs: 30_000 },
    );
    expect(next.crisisId).not.toBe(crisisId);
    expect(next.joined).toBe(false);
  });
});
