import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format, one sample per line (the subset prom-client writes). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

const scrape = async (url: string): Promise<{ text: string; samples: Sample[] }> => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${stack.metrics.token}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, samples: parse(text) };
};

const valueOf = (samples: Sample[], name: string, labels: Record<string, string>): number =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

/**
 * Issue 15, observability: each app serves Prometheus metrics on a port of its own, behind the
 * scraper's bearer token, and what a crisis does shows there — the API's answers by route
 * template, the worker's activities, the projections and the relay — without a case id, subject
 * or name in any label.
 */
describe('metrics of the running system (METRICS_PORT, METRICS_TOKEN)', () => {
  it('a crisis shows in the API, worker and projector metrics by route, activity and projection, and names no case', async () => {
    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    const reference = `FALL-METRICS-${randomUUID().slice(0, 8)}`;
    const caseId = lindenauCaseId(reference);
    const route = '/cases/:caseId/crises';
    const triggersBefore = valueOf(
      (await scrape(stack.metrics.api)).samples,
      'hilfenetz_http_request_duration_seconds_count',
      {
        method: 'POST',
        route,
        status: '201',
      },
    );

    const res = await fetch(`${stack.apiUrl}/cases/${caseId}/crises`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${caseworker}`,
        'content-type': 'application/json',
        'idempotency-key': `key-${randomUUID()}`,
      },
      body: JSON.stringify({ dangerKind: 'self', urgency: 'urgent' }),
    });
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    expect(
      (await fetch(`${stack.apiUrl}/no-such-route`, { headers: { authorization: `Bearer ${caseworker}` } })).status,
    ).toBe(404);

    const api = await scrape(stack.metrics.api);
    expect(
      valueOf(api.samples, 'hilfenetz_http_request_duration_seconds_count', { method: 'POST', route, status: '201' }),
    ).toBeGreaterThanOrEqual(triggersBefore + 1);
    expect(
      valueOf(api.samples, 'hilfenetz_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
    ).toBeGreaterThan(0);
    expect(api.samples.find((s) => s.name === 'hilfenetz_process_resident_memory_bytes')?.labels.app).toBe('api');

    // The worker recorded the crisis's steps; the projections applied its events.
    const worker = await eventually(
      async () => {
        const w = await scrape(stack.metrics.worker);
        const done = valueOf(w.samples, 'hilfenetz_activity_duration_seconds_count', {
          activity: 'recordCrisisSteps',
          outcome: 'completed',
        });
        return done > 0 ? w : undefined;
      },
      { what: 'recordCrisisSteps in the worker metrics' },
    );
    const projector = await eventually(
      async () => {
        const p = await scrape(stack.metrics.projector);
        return valueOf(p.samples, 'hilfenetz_projection_events_applied_total', {}) > 0 ? p : undefined;
      },
      { what: 'applied events in the projector metrics' },
    );
    expect(valueOf(projector.samples, 'hilfenetz_relay_leader', {})).toBe(1);
    const backlog = projector.samples.find((s) => s.name === 'hilfenetz_relay_backlog_events');
    expect(backlog?.value).toBeGreaterThanOrEqual(0);

    for (const { text } of [api, worker, projector]) {
      expect(text).not.toContain(reference);
      expect(text).not.toContain(crisisId);
    }

    await fetch(`${stack.apiUrl}/cases/${caseId}/crises/${crisisId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Fehlalarm' }),
    });
  });

  it.each(['api', 'worker', 'projector'] as const)(
    'the %s metrics refuse a scraper without the token (401)',
    async (app) => {
      const res = await fetch(stack.metrics[app]);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const withUserToken = await fetch(stack.metrics[app], {
        headers: { authorization: `Bearer ${await tokenFor(stack.issuer, 'leitung')}` },
      });
      expect(withUserToken.status).toBe(401);
    },
  );
});
