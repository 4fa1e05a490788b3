import pino, { type Logger } from 'pino';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Never logged, wherever a header object ends up in a log line: tokens grant access to case data,
 * and a break-glass reason may describe the young person's situation.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-break-glass-reason"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-break-glass-reason"]',
];

/**
 * The API's one pino logger: JSON lines on stdout, ISO times, level names instead of numbers.
 * Written asynchronously: one write call per line was a tenth of the API's CPU under load
 * (bench:inbox's profile); lines written while one write is under way now go out together, and
 * pino flushes what is left when the process exits. What must never be lost is not a log line
 * (the event log and the access log are in Postgres).
 */
export function createRootLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'hilfenetz-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}
