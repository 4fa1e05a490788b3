import type { TimelineEntryDto, TimelineResponse } from './timeline.dto';

/**
 * How fast one task was acknowledged. Computed from event types, not from a fixed list: a task
 * opens with the first event that names its taskId (e.g. PartyNotified), is acknowledged by the
 * first `…Acknowledged` event and escalated by every `…Escalated` event.
 */
export interface TaskSlaFigure {
  crisisId: string | null;
  taskId: string;
  party: string;
  openedAt: string;
  acknowledgedAt: string | null;
  secondsToAcknowledge: number | null;
  escalations: number;
}

export interface PartySlaFigure {
  party: string;
  tasks: number;
  acknowledged: number;
  escalations: number;
  /** The slowest acknowledgement of this party's tasks; null while none is acknowledged. */
  maxSecondsToAcknowledge: number | null;
}

/** SLA figures over the whole case, whatever the page or filters. */
export interface TimelineSla {
  parties: PartySlaFigure[];
  tasks: TaskSlaFigure[];
}

/** The result of recomputing the case stream's hash chain when the timeline was read. */
export type TimelineIntegrity =
  | { ok: true; events: number; checkedAt: string }
  | {
      ok: false;
      /** The first event that no longer fits its chain (see npm run events:verify). */
      streamVersion: number;
      eventId: string | null;
      reason: 'content_changed' | 'chain_broken' | 'version_gap' | 'head_mismatch';
      detail: string;
      checkedAt: string;
    };

/** GET /cases/:caseId/timeline: one page of the read model plus figures over the whole case. */
export interface TimelinePage extends TimelineResponse {
  entries: TimelineEntryDto[];
  page: { limit: number; nextCursor: string | null };
  sla: TimelineSla;
  integrity: TimelineIntegrity;
}

/** GET /cases/:caseId/timeline/export?format=json */
export interface TimelineExport extends TimelineResponse {
  exportedAt: string;
  sla: TimelineSla;
  integrity: TimelineIntegrity;
}
