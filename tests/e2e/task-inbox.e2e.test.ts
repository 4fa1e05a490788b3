import type { TaskInboxResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function call(method: string, path: string, token: string, body?: unknown, key?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key) headers['idempotency-key'] = key;
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Reads Server-Sent Events from the live inbox with a real bearer token, as the web app does. */
function openStream(token: string) {
  const controller = new AbortController();
  const events: { event: string; data: unknown }[] = [];
  const done = (async () => {
    const res = await fetch(`${stack.apiUrl}/tasks/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        events.push({ event, data: data ? JSON.parse(data) : null });
      }
    }
  })().catch((err: unknown) => {
    if ((err as { name?: string }).name !== 'AbortError') throw err;
  });
  return { events, close: async () => (controller.abort(), await done) };
}

describe('task inbox: each organisation sees its own tasks, live', () => {
  it('a new crisis appears in the clinic inbox by push; another clinic sees nothing; the acknowledgement shows', async () => {
    const [caseworker, clinic, otherClinic] = [
      await tokenFor(stack.issuer, 'fachkraft'),
      await tokenFor(stack.issuer, 'klinik'),
      await tokenFor(stack.issuer, 'klinik-nord'),
    ];
    const stream = openStream(clinic);
    try {
      await eventually(async () => (stream.events.some((e) => e.event === 'ready') ? true : undefined), {
        what: 'the stream to open',
      });
      const caseId = lindenauCaseId(`FALL-INBOX-${randomUUID().slice(0, 8)}`);
      const res = await call(
        'POST',
        `/cases/${caseId}/crises`,
        caseworker,
        { dangerKind: 'others', urgency: 'immediate' },
        `key-${randomUUID()}`,
      );
      expect(res.status).toBe(201);
      const { crisisId } = (await res.json()) as { crisisId: string };

      await eventually(async () => (stream.events.some((e) => e.event === 'inbox-changed') ? true : undefined), {
        what: 'an inbox-changed push to the clinic',
        timeoutMs: 45_000,
      });
      const mine = (await (await call('GET', `/tasks?caseId=${caseId}`, clinic)).json()) as TaskInboxResponse;
      expect(mine.organisationId).toBe('org-kjp-st-marien');
      expect(mine.tasks).toHaveLength(1);
      expect(mine.tasks[0]).toMatchObject({
        crisisId,
        taskId: 'task-clinic',
        party: 'clinic',
        status: 'open',
        escalations: 0,
      });
      expect(Date.parse(mine.tasks[0]!.deadline!)).toBeGreaterThan(Date.now());

      const theirs = (await (await call('GET', `/tasks?caseId=${caseId}`, otherClinic)).json()) as TaskInboxResponse;
      expect(theirs.tasks).toEqual([]);

      const ack = await call('POST', `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge`, clinic, {});
      expect(ack.status).toBe(200);
      const acknowledged = await eventually(
        async () => {
          const r = (await (
            await call('GET', `/tasks?caseId=${caseId}&status=acknowledged`, clinic)
          ).json()) as TaskInboxResponse;
          return r.tasks.length ? r.tasks[0] : undefined;
        },
        { what: 'the acknowledged task in the inbox', timeoutMs: 45_000 },
      );
      expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'u-kjp-0001', deadline: null });
    } finally {
      await stream.close();
    }
  });

  it('refuses an unknown status filter and roles without tasks', async () => {
    const clinic = await tokenFor(stack.issuer, 'klinik');
    const bad = await call('GET', '/tasks?status=whatever', clinic);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('query.status');
    const auditor = await tokenFor(stack.issuer, 'pruefung');
    expect((await call('GET', '/tasks', auditor)).status).toBe(403);
    expect((await fetch(`${stack.apiUrl}/tasks/stream`)).status).toBe(401);
  });
});
