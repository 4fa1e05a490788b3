import { Counter } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import { startMetricsServer, type MetricsServer } from './metrics-server';

const TOKEN = 'a'.repeat(40);
let server: MetricsServer;

beforeAll(async () => {
  const registry = createMetricsRegistry('api');
  new Counter({ name: 'hilfenetz_test_things_total', help: 'things', registers: [registry] }).inc(3);
  server = await startMetricsServer({ registry, host: '127.0.0.1', port: 0, token: TOKEN });
});
afterAll(() => server.close());

describe('the metrics endpoint', () => {
  it('serves the registry in Prometheus text format, labelled with the app, to the holder of the token', async () => {
    const res = await fetch(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('hilfenetz_test_things_total{app="api"} 3');
    expect(text).toMatch(/^hilfenetz_process_cpu_seconds_total\{app="api"\} /m);
  });

  it.each([
    ['no token', {}],
    ['a wrong token of the same length', { authorization: `Bearer ${'b'.repeat(40)}` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, 10)}` }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
  ])('answers 401 problem+json with %s and shows nothing', async (_what, headers: Record<string, string>) => {
    const res = await fetch(server.url, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await res.text()).not.toContain('hilfenetz_test_things_total');
  });

  it('refuses other methods (405 with Allow) and other paths (404)', async () => {
    const post = await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const other = await fetch(server.url.replace('/metrics', '/'), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(other.status).toBe(404);
  });
});
