import { TOPICS, topicName } from '@hilfenetz/event-bus';
import { collectFromTopic, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from '../support/e2e-stack';
import { call } from './attack-support';

const stack = e2eStack();

/**
 * Issue 13, finding 5: someone who can read the broker (an operator, a stolen disk, a consumer
 * group added without telling anyone) learned that a child endangered themself, and when they
 * were discharged: the "structured" event types travelled in clear. Now every value is ciphertext.
 */
describe('attack: reading health facts off Kafka', () => {
  it('every message of a case with a crisis is ciphertext on the broker, whatever its type', async () => {
    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    const caseId = lindenauCaseId(`FALL-KV-${randomUUID().slice(0, 8)}`);
    const registered = await call(stack.apiUrl, 'POST', '/cases', caseworker, {
      caseId,
      youngPerson: { givenName: 'Mia', familyName: 'Brokerfrei', dateOfBirth: '2011-04-05' },
      careProviderOrganisationId: 'org-traeger-birkenhof',
    });
    expect(registered.status).toBe(201);
    const triggered = await call(stack.apiUrl, 'POST', `/cases/${caseId}/crises`, caseworker, {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    expect(triggered.status).toBe(201);

    // Raw: the bytes as they lie on the broker, without our key.
    const topic = topicName(stack.topicPrefix, TOPICS.caseEvents);
    const ofCase = <M extends { key: string }>(ms: M[]) => ms.filter((m) => m.key === `case-${caseId}`);
    const seen = ofCase(
      await collectFromTopic(stack.kafkaBrokers, topic, (ms) => ofCase(ms).length >= 7, 45_000, { raw: true }),
    );
    // The registration, the trigger and the five notifications at least.
    expect(seen.length).toBeGreaterThanOrEqual(7);
    const types = new Set(seen.map((m) => m.headers['event-type']));
    expect([...types]).toEqual(expect.arrayContaining(['CaseRegistered', 'CrisisTriggered', 'PartyNotified']));
    for (const m of seen) {
      expect({ type: m.headers['event-type'], prefix: m.value.slice(0, 7) }).toEqual({
        type: m.headers['event-type'],
        prefix: 'hnenc1:',
      });
      for (const clear of ['dangerKind', 'self', 'CrisisTriggered', 'organisationId', caseId])
        expect(m.value).not.toContain(clear);
    }
  });
});
