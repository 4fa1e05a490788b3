import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { correlationIdFrom } from '../common/correlation-id';

interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: string };
  user?: { id: string };
}

/** Probes are polled every few seconds; a line each would drown the requests that matter. */
const PROBES = new Set(['/health', '/ready']);

/**
 * One JSON line per request: correlation id, method, route pattern, status, duration, user id.
 * Deliberately not the URL (its query string may carry filter values), no headers and no bodies:
 * both can carry personal data. The correlation id is the caller's X-Correlation-Id when it is
 * well-formed, else a new one, and is echoed in the response so a caller can quote it.
 */
export function httpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    wrapSerializers: false,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = correlationIdFrom(req.headers['x-correlation-id']);
      res.setHeader('X-Correlation-Id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
    // Binds the correlation id to every line of the request, Nest's own included (nestjs-pino).
    quietReqLogger: true,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    // Called again when the response finishes: by then routing and authentication have happened.
    customProps: (req: RoutedRequest) => {
      const route = req.route?.path !== undefined ? `${req.baseUrl ?? ''}${req.route.path}` : undefined;
      return { ...(route ? { route } : {}), ...(req.user ? { userId: req.user.id } : {}) };
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    autoLogging: { ignore: (req) => PROBES.has((req.url ?? '').split('?')[0] ?? '') },
  });
}
