import { z } from 'zod';
import { eventSchemas } from '../events/event-registry';

const eventTypeList = z
  .string()
  .max(1000)
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .superRefine((types, ctx) => {
    const unknown = types.filter((t) => !(t in eventSchemas));
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown event type(s): ${unknown.join(', ')}` });
  });
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
