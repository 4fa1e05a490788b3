import type { NextFunction, Request, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';

/**
 * Every answer's duration by method, route template and status: `/cases/:caseId/crises`, never the
 * path itself, which names a case (and would give Prometheus one series per case). A request no
 * route matched counts under `unmatched`: answered before routing (405, a refused body) or by
 * Nest's catch-all not-found route `/{*path}` (our API declares no wildcard route).
 */
export function httpMetrics(registry: Registry) {
  const duration = new Histogram({
    name: 'hilfenetz_http_request_duration_seconds',
    help: 'API answers by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = duration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      end({
        method: req.method,
        route: typeof route === 'string' && !route.includes('{*') ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}
