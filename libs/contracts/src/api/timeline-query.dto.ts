import { z } from 'zod';
import { eventSchemas } from '../events/event-registry';

/**
 * Event types separated by commas, each with spaces or tabs around it if need be, empty ones
 * ignored: the exact language the list is read in, so the OpenAPI document states it (a client or
 * a fuzzer following the document is not refused, and what it refuses is refused here too).
 */
const typeName = `(?:${Object.keys(eventSchemas).join('|')})`;
const eventTypeListPattern = new RegExp(`^[\\t ]*(?:${typeName}[\\t ]*)?(?:,[\\t ]*(?:${typeName}[\\t ]*)?)*$`);

const eventTypeList = z
  .string()
  .max(1000)
  // An unknown name fails the pattern: the message cannot name it (zod stops at the failed check).
  .regex(eventTypeListPattern, 'must be known event types (such as CrisisTriggered) separated by commas')
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );
const instant = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** The filters a timeline and its export share. Times: `from` inclusive, `to` exclusive. */
const timelineFilterShape = {
  /** One event type or several, comma separated, e.g. `PartyNotified,TaskAcknowledged`. */
  type: eventTypeList.optional(),
  /** A crisis party (`clinic`, `guardian`, …): events whose task or notification concerns it. */
  party: z
    .string()
    .regex(/^[a-z_]{3,32}$/, 'must be a party such as clinic or youth_office')
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
};

const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);
const fromBeforeToIssue = { message: 'must be later than from', path: ['to'] };

/** GET /cases/:caseId/timeline query. */
export const timelineQuery = z
  .object({
    ...timelineFilterShape,
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** Opaque: the `page.nextCursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a cursor of this timeline')
      .optional(),
  })
  .strict()
  .refine(fromBeforeTo, fromBeforeToIssue);
export type TimelineQuery = z.infer<typeof timelineQuery>;

export const timelineExportFormats = ['json', 'csv', 'pdf'] as const;

/** GET /cases/:caseId/timeline/export query: every matching event, no paging. */
export const timelineExportQuery = z
  .object({ ...timelineFilterShape, format: z.enum(timelineExportFormats).default('json') })
  .strict()
  .refine(fromBeforeTo, fromBeforeToIssue);
export type TimelineExportQuery = z.infer<typeof timelineExportQuery>;

export type TimelineFilter = Pick<TimelineQuery, 'type' | 'party' | 'from' | 'to'>;
