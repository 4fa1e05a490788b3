import { z } from 'zod';

/**
 * An instant as a client sends it (ISO 8601, `Z` or an offset such as `+01:00`), handed on in UTC
 * (`2026-12-11T11:17:54.000Z`). Events hold instants in UTC only: an offset passed through
 * unconverted reached the event's schema inside the workflow's write and failed there (a 500,
 * with the workflow already holding the value the log never got).
 */
export const instantInput = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2027-03-10T16:00:00+01:00' })
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a date-time that exists' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });
