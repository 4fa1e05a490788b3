import { z } from 'zod';
import type { TimelineResponse } from './timeline.dto';

/** One event of the timeline read model; sealed personal data shows only as `{ sealed: true }`. */
export const timelineEntrySchema = z
  .object({
    eventId: z.string().uuid(),
    position: z.string(),
    streamVersion: z.number().int(),
    type: z.string(),
    occurredAt: z.string().datetime(),
    actor: z
      .object({
        id: z.string(),
        role: z.string(),
        organisationId: z.string().nullable(),
        /** The person's display name from the people directory; the id stays the reference. */
        displayName: z.string().nullable(),
        organisationName: z.string().nullable(),
      })
      .strict(),
    data: z.record(z.unknown()),
    /** Display names of the ids named in `data` (organisations, contacts, people). */
    labels: z.record(z.string()),
  })
  .strict();

/**
 * How fast one task was acknowledged. Computed from event types, not from a fixed list: a task
 * opens with the first event that names its taskId (e.g. PartyNotified), is acknowledged by the
 * first `…Acknowledged` event and escalated by every `…Escalated` event.
 */
export const taskSlaFigure = z
  .object({
    crisisId: z.string().nullable(),
    taskId: z.string(),
    party: z.string(),
    openedAt: z.string().datetime(),
    acknowledgedAt: z.string().datetime().nullable(),
    secondsToAcknowledge: z.number().nullable(),
    escalations: z.number().int(),
  })
  .strict();
export type TaskSlaFigure = z.infer<typeof taskSlaFigure>;

export const partySlaFigure = z
  .object({
    party: z.string(),
    tasks: z.number().int(),
    acknowledged: z.number().int(),
    escalations: z.number().int(),
    /** The slowest acknowledgement of this party's tasks; null while none is acknowledged. */
    maxSecondsToAcknowledge: z.number().nullable(),
  })
  .strict();
export type PartySlaFigure = z.infer<typeof partySlaFigure>;

/** SLA figures over the whole case, whatever the page or filters. */
export const timelineSla = z.object({ parties: z.array(partySlaFigure), tasks: z.array(taskSlaFigure) }).strict();
export type TimelineSla = z.infer<typeof timelineSla>;

/** The result of recomputing the case stream's hash chain when the timeline was read. */
export const timelineIntegrity = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), events: z.number().int(), checkedAt: z.string().datetime() }).strict(),
  z
    .object({
      ok: z.literal(false),
      /** The first event that no longer fits its chain (see npm run events:verify). */
      streamVersion: z.number().int(),
      eventId: z.string().nullable(),
      reason: z.enum(['content_changed', 'chain_broken', 'version_gap', 'head_mismatch']),
      detail: z.string(),
      checkedAt: z.string().datetime(),
    })
    .strict(),
]);
export type TimelineIntegrity = z.infer<typeof timelineIntegrity>;

/**
 * GET /cases/:caseId/timeline: one page of the read model plus the chain check and per-party SLA
 * figures over the whole case; `sla.tasks` holds the tasks this page's entries name (the export
 * holds all; docs/adr/0037).
 */
export const timelinePage = z
  .object({
    caseId: z.string(),
    entries: z.array(timelineEntrySchema),
    page: z.object({ limit: z.number().int(), nextCursor: z.string().nullable() }).strict(),
    sla: timelineSla,
    integrity: timelineIntegrity,
  })
  .strict();
export type TimelinePage = z.infer<typeof timelinePage> & TimelineResponse;

/** GET /cases/:caseId/timeline/export?format=json */
export const timelineExport = z
  .object({
    caseId: z.string(),
    exportedAt: z.string().datetime(),
    entries: z.array(timelineEntrySchema),
    sla: timelineSla,
    integrity: timelineIntegrity,
  })
  .strict();
export type TimelineExport = z.infer<typeof timelineExport> & TimelineResponse;
