import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

const problem = (res: ServerResponse, status: number, title: string, detail: string, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
};

function bearerMatches(req: IncomingMessage, expected: Buffer): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer (\S+)$/.exec(header);
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `GET /metrics` in Prometheus text format on a port of its own (METRICS_PORT), never through the
 * public proxy. Like every endpoint it authenticates: a bearer token (METRICS_TOKEN) that only the
 * Prometheus scraper holds (`authorization.credentials` in its scrape config). The figures say
 * how the system runs, not whom it concerns, but load and failure rates are still nobody else's.
 */
export async function startMetricsServer(opts: {
  registry: Registry;
  host: string;
  port: number;
  token: string;
}): Promise<MetricsServer> {
  const expected = Buffer.from(opts.token);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return problem(res, 404, 'Not Found', 'only /metrics is served here');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return problem(res, 405, 'Method Not Allowed', `${req.method} is not allowed on /metrics`, {
        allow: 'GET, HEAD',
      });
    }
    if (!bearerMatches(req, expected)) {
      return problem(res, 401, 'Unauthorized', 'a valid bearer token (METRICS_TOKEN) is required', {
        'www-authenticate': 'Bearer realm="hilfenetz-metrics"',
      });
    }
    opts.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': opts.registry.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => problem(res, 500, 'Internal Server Error', `collecting metrics failed: ${String(err)}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
