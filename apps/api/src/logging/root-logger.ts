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

/** The API's one pino logger: JSON lines on stdout, ISO times, level names instead of numbers. */
export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hilfenetz-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
