import { z } from 'zod';
import type { CrisisView } from '../workflow/crisis-workflow.contract';

/** GET /crises: the open crises an organisation takes part in (Temporal visibility, search attributes). */
export const crisisListQuery = z
  .object({ status: z.enum(['active', 'open', 'admitted', 'closed', 'all']).default('active') })
  .strict();
export type CrisisListQuery = z.infer<typeof crisisListQuery>;

export interface CrisisListItem {
  crisisId: string;
  caseId: string | null;
  status: string | null;
  startedAt: string;
  /** Every organisation that held one of its tasks, by name (from the agreement versions). */
  organisations: { id: string; name: string | null }[];
}

export interface CrisisListResponse {
  organisationId: string;
  organisationName: string | null;
  crises: CrisisListItem[];
}

/** Display names for the ids a crisis board shows: id → name. Ids stay the reference. */
export interface CrisisNames {
  /** From the agreement version the crisis runs under. */
  organisations: Record<string, string>;
  contacts: Record<string, string>;
  /** People who acted (acknowledged), from the people directory. */
  people: Record<string, string>;
}

/**
 * What arrived late from a device that was offline (issue 19, docs/adr/0034), as the board shows
 * it: another trigger recorded in this crisis, or an answer the task no longer took. Ids and times.
 */
export interface CrisisOfflineEntry {
  eventId: string;
  kind: 'trigger_joined' | 'answer_superseded';
  /** When it arrived. */
  at: string;
  actorId: string;
  organisationId: string | null;
  /** The device time of acting (null: sent online). */
  actedOnDevice: { at: string; bounded: boolean } | null;
  /** trigger_joined: it arrived after the crisis had ended. */
  afterEnd?: boolean;
  /** answer_superseded: the task, the answer tried, and what had happened instead. */
  taskId?: string;
  party?: string;
  answer?: 'acknowledge' | 'decline';
  instead?: 'acknowledged' | 'moved_on' | 'crisis_closed';
}

/** GET /cases/:caseId/crises/:crisisId: the live board with names beside the ids. */
export type CrisisBoardView = CrisisView & { names: CrisisNames; offlineEntries: CrisisOfflineEntry[] };
