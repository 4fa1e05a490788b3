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
  contactId: string | null;
  status: 'open' | 'acknowledged' | 'supervisor_alerted' | 'unreachable' | 'closed';
  deadline: string | null;
  createdAt: string;
  updatedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  escalations: number;
}

export interface TaskInboxResponse {
  organisationId: string;
  tasks: InboxTask[];
}
