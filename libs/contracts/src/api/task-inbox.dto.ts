import { z } from 'zod';

export const taskInboxQuery = z
  .object({
    status: z.enum(['open', 'acknowledged', 'supervisor_alerted', 'unreachable', 'closed', 'all']).default('open'),
    caseId: z.string().max(64).optional(),
  })
  .strict();
export type TaskInboxQuery = z.infer<typeof taskInboxQuery>;

/** One task in an organisation's inbox. Pseudonymous ids only: no personal data. */
export interface InboxTask {
  caseId: string;
  crisisId: string;
  taskId: string;
  kind: 'crisis_notification' | 'family_court_decision';
  party: string;
  organisationId: string;
  /** The organisation's name in the agreement the crisis runs under (null when not named there). */
  organisationName: string | null;
  contactId: string | null;
  /** The contact's label in that agreement, e.g. "KJP St. Marien – Aufnahme". */
  contactLabel: string | null;
  status: 'open' | 'acknowledged' | 'supervisor_alerted' | 'unreachable' | 'closed';
  deadline: string | null;
  createdAt: string;
  updatedAt: string;
  acknowledgedBy: string | null;
  /** The display name of whoever acknowledged (people directory), when known. */
  acknowledgedByName: string | null;
  acknowledgedAt: string | null;
  escalations: number;
}

export interface TaskInboxResponse {
  organisationId: string;
  /** The caller's organisation's name, from the agreement versions. */
  organisationName: string | null;
  tasks: InboxTask[];
}
