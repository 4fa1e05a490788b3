import { TOPICS, topicName } from '@hilfenetz/event-bus';
import type { CaseView, TimelineResponse } from '@hilfenetz/contracts';
import { collectFromTopic, eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const youngPerson = {
  givenName: 'Jonas',
  familyName: 'Quellmann',
  dateOfBirth: '2010-09-02',
  address: 'Am Mühlbach 7, Lindenau',
};

async function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('case records: personal data encrypted in the log, erased by key', () => {
  let caseworker: string;
  let supervisor: string;
  let admin: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    admin = await tokenFor(stack.issuer, 'admin');
  });

  async function register() {
    const caseId = lindenauCaseId(`FALL-PD-${randomUUID().slice(0, 8)}`);
    const res = await call('POST', '/cases', caseworker, { caseId, youngPerson });
    expect(res.status).toBe(201);
    return caseId;
  }

  it('the caseworker sees the young person; timeline and Kafka carry only ciphertext', async () => {
    const caseId = await register();
    const view = (await (await call('GET', `/cases/${caseId}`, caseworker)).json()) as CaseView;
    expect(view.youngPerson).toEqual({ status: 'available', ...youngPerson });

    const entries = await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, supervisor)).json()) as TimelineResponse;
        return t.entries.length ? t.entries : undefined;
      },
      { timeoutMs: 45_000, what: 'CaseRegistered in the timeline' },
    );
    expect(entries[0]).toMatchObject({ type: 'CaseRegistered', data: { youngPerson: { sealed: true } } });
    expect(JSON.stringify(entries)).not.toContain('Quellmann');

    const topic = topicName(stack.topicPrefix, TOPICS.caseEvents);
    const seen = await collectFromTopic(stack.kafkaBrokers, topic, (ms) => ms.some((m) => m.key === `case-${caseId}`));
    const message = seen.find((m) => m.key === `case-${caseId}`)!;
    for (const secret of ['Jonas', 'Quellmann', '2010-09-02', 'Mühlbach']) expect(message.value).not.toContain(secret);
    // The value is the stored envelope as JSON (the relay splices the stored data in, with
    // Postgres's spacing): the young person in it is a sealed box.
    const envelope = JSON.parse(message.value) as { data: { youngPerson: Record<string, unknown> } };
    expect(envelope.data.youngPerson).toMatchObject({ $sealed: 'A256GCM', ct: expect.any(String) });
  });

  it('erasure by an administrator makes the data unreadable everywhere; a legal hold blocks it', async () => {
    const erased = await register();
    expect((await call('POST', `/cases/${erased}/erasure`, caseworker, { reason: 'Antrag' })).status).toBe(403);
    expect((await call('POST', `/cases/${erased}/erasure`, admin, { reason: 'Löschfrist abgelaufen' })).status).toBe(
      204,
    );
    const view = (await (await call('GET', `/cases/${erased}`, supervisor)).json()) as CaseView;
    expect(view.youngPerson.status).toBe('erased');
    expect(JSON.stringify(view)).not.toContain('Quellmann');

    const held = await register();
    expect(
      (await call('POST', `/cases/${held}/legal-hold`, supervisor, { reason: 'Aufbewahrung §9b SGB VIII' })).status,
    ).toBe(204);
    const refused = await call('POST', `/cases/${held}/erasure`, admin, { reason: 'Löschfrist abgelaufen' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { title: string }).title).toBe('Legal hold');
    const still = (await (await call('GET', `/cases/${held}`, caseworker)).json()) as CaseView;
    expect(still).toMatchObject({ legalHold: true, youngPerson: { status: 'available', familyName: 'Quellmann' } });
  });

  it('refuses a second registration and bad personal data with a problem naming the field', async () => {
    const caseId = await register();
    const again = await call('POST', '/cases', caseworker, { caseId, youngPerson });
    expect(again.status).toBe(409);
    const bad = await call('POST', '/cases', caseworker, {
      caseId: `FALL-PD-${randomUUID().slice(0, 8)}`,
      youngPerson: { ...youngPerson, dateOfBirth: '02.09.2010' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe(
      'body.youngPerson.dateOfBirth',
    );
    expect((await call('GET', `/cases/FALL-NOPE-${randomUUID().slice(0, 8)}`, caseworker)).status).toBe(404);
  });
});
