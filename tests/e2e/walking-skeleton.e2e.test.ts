import { TOPICS, topicName } from '@hilfenetz/event-bus';
import type { StoredEvent, TimelineResponse } from '@hilfenetz/contracts';
import { collectFromTopic, eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function trigger(token: string, caseId: string, key: string, body: unknown) {
  return fetch(`${stack.apiUrl}/cases/${caseId}/crises`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
}

async function timeline(token: string, caseId: string): Promise<TimelineResponse> {
  const res = await fetch(`${stack.apiUrl}/cases/${caseId}/timeline`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as TimelineResponse;
}

const newCaseId = () => lindenauCaseId(`FALL-E2E-${randomUUID().slice(0, 8)}`);

describe('walking skeleton: caseworker triggers a crisis, supervisor reads the timeline', () => {
  let caseworker: string;
  let supervisor: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
  });

  it('goes API → Temporal → event store → Kafka → projection → API', async () => {
    const caseId = newCaseId();
    const res = await trigger(caseworker, caseId, `key-${randomUUID()}`, { dangerKind: 'self', urgency: 'immediate' });
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };

    const entries = await eventually(
      async () => {
        const t = await timeline(supervisor, caseId);
        return t.entries.length > 0 ? t.entries : undefined;
      },
      { what: 'the CrisisTriggered row in the timeline', timeoutMs: 45_000 },
    );
    // The trigger is the stream's first event; the parties' notifications follow it (issue 4).
    expect(entries[0]).toMatchObject({
      type: 'CrisisTriggered',
      streamVersion: 1,
      actor: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
      data: { crisisId, caseId, dangerKind: 'self', urgency: 'immediate' },
    });

    // The same event, byte for byte the stored envelope, is on the Kafka topic, keyed by the case stream.
    const topic = topicName(stack.topicPrefix, TOPICS.caseEvents);
    const seen = await collectFromTopic(stack.kafkaBrokers, topic, (ms) =>
      ms.some((m) => m.headers['event-id'] === entries[0]!.eventId),
    );
    const onKafka = seen.filter((m) => m.headers['event-id'] === entries[0]!.eventId);
    expect(onKafka).toHaveLength(1);
    expect(onKafka[0]!.key).toBe(`case-${caseId}`);
    const envelope = JSON.parse(onKafka[0]!.value) as StoredEvent;
    expect(envelope).toMatchObject({ type: 'CrisisTriggered', streamId: `case-${caseId}`, streamVersion: 1 });
    expect(envelope.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(envelope.metadata.workflowId).toBe(crisisId);
  });

  it('a retried trigger with the same Idempotency-Key starts one crisis and records one event', async () => {
    const caseId = newCaseId();
    const key = `key-${randomUUID()}`;
    const body = { dangerKind: 'others', urgency: 'urgent' };
    const first = await trigger(caseworker, caseId, key, body);
    const second = await trigger(caseworker, caseId, key, body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const a = (await first.json()) as { crisisId: string };
    const b = (await second.json()) as { crisisId: string; alreadyTriggered: boolean };
    expect(b).toMatchObject({ crisisId: a.crisisId, alreadyTriggered: true });

    const reused = await trigger(caseworker, caseId, key, { dangerKind: 'self', urgency: 'urgent' });
    expect(reused.status).toBe(422);

    await eventually(async () => ((await timeline(supervisor, caseId)).entries.length ? true : undefined), {
      what: 'timeline row',
      timeoutMs: 45_000,
    });
    // Give a duplicate the time it would need to show up, then check that none did.
    const ds = await openDataSource(stack.databaseUrl, 1);
    try {
      const rows: { n: string }[] = await ds.query(
        `SELECT count(*)::text AS n FROM events WHERE stream_id = $1 AND type = 'CrisisTriggered'`,
        [`case-${caseId}`],
      );
      expect(rows[0]!.n).toBe('1');
    } finally {
      await ds.destroy();
    }
  });

  it('cancelling records the reason and the canceller in the timeline', async () => {
    const caseId = newCaseId();
    const res = await trigger(caseworker, caseId, `key-${randomUUID()}`, { dangerKind: 'self', urgency: 'soon' });
    const { crisisId } = (await res.json()) as { crisisId: string };
    const oncall = await tokenFor(stack.issuer, 'bereitschaft');
    const cancel = () =>
      fetch(`${stack.apiUrl}/cases/${caseId}/crises/${crisisId}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${oncall}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'Fehlalarm: Jugendlicher wohlauf in der Wohngruppe' }),
      });
    await eventually(async () => ((await timeline(supervisor, caseId)).entries.length ? true : undefined), {
      what: 'trigger in timeline',
      timeoutMs: 45_000,
    });
    expect((await cancel()).status).toBe(202);
    const entries = await eventually(
      async () => {
        const t = await timeline(supervisor, caseId);
        return t.entries.some((e) => e.type === 'CrisisCancelled') ? t.entries : undefined;
      },
      { what: 'CrisisCancelled in timeline', timeoutMs: 45_000 },
    );
    // Between them the alarm's own steps (notifications, delivery, the unreachable guardian of an
    // unregistered case escalating): the cancellation ends the crisis and nothing is decided after
    // it. Only the outcome of a message already on its way when it came may still be recorded (the
    // guardian's text to a case without a number fails after the cancellation): a fact, not a step.
    const crisisSteps = entries.filter((e) => e.type === 'CrisisTriggered' || e.type === 'CrisisCancelled');
    expect(crisisSteps.map((e) => e.type)).toEqual(['CrisisTriggered', 'CrisisCancelled']);
    const after = entries.slice(entries.findIndex((e) => e.type === 'CrisisCancelled') + 1);
    expect(after.filter((e) => e.type !== 'NotificationNotDelivered' && e.type !== 'NotificationDelivered')).toEqual(
      [],
    );
    expect(crisisSteps[1]).toMatchObject({
      actor: { id: 'u-ja-0002', role: 'on_call' },
      data: { reason: 'Fehlalarm: Jugendlicher wohlauf in der Wohngruppe' },
    });
    const status = await fetch(`${stack.apiUrl}/cases/${caseId}/crises/${crisisId}`, {
      headers: { authorization: `Bearer ${caseworker}` },
    });
    expect(await status.json()).toMatchObject({ status: 'cancelled' });
    const again = await cancel();
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
