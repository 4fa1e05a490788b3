import { z } from 'zod';
import type { SameShape } from './same-shape';

export const taskInboxQuery = z
  .object({
    status: z.enum(['open', 'acknowledged', 'supervisor_alerted', 'unreachable', 'closed', 'all']).default('open'),
    caseId: z.string().max(64).optional(),
  })
  .strict();
export type TaskInboxQuery = z.infer<typeof taskInboxQuery>;

/** The tasks of a crisis: acknowledged, declined, escalated along the agreement's chain. */
export const crisisTaskKinds = ['crisis_notification', 'family_court_decision'] as const;

/**
 * Tasks of other processes (issues 13 and 18), shown only to the roles that do them:
 * - `break_glass_review`: the lead office's supervisor judges a break-glass read (Notfallzugriff prüfen);
 * - `risk_assessment_step`: a §8a step due for the office that runs the assessment (`step`);
 * - `risk_assessment_escalation`: that step missed, for the lead office's Leitung;
 * - `kkg_feedback_due`: the youth office owes the §4 (4) KKG feedback to the reporter;
 * - `kkg_feedback_escalation`: that feedback overdue, for the Leitung;
 * - `kkg_feedback_received`: the reporter's copy of the feedback (two answers, nothing more).
 */
export const processTaskKinds = [
  'break_glass_review',
  'risk_assessment_step',
  'risk_assessment_escalation',
  'kkg_feedback_due',
  'kkg_feedback_escalation',
  'kkg_feedback_received',
] as const;
export type InboxTaskKind = (typeof crisisTaskKinds)[number] | (typeof processTaskKinds)[number];
export const isProcessTaskKind = (kind: string): kind is (typeof processTaskKinds)[number] =>
  (processTaskKinds as readonly string[]).includes(kind);

/** One task in an organisation's inbox. Pseudonymous ids only: no personal data. */
export interface InboxTask {
  caseId: string;
  /** The crisis; for the other kinds the process's inbox key (e.g. `break-glass-review:<id>`). */
  crisisId: string;
  taskId: string;
  kind: InboxTaskKind;
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
  /** Other kinds only: the review, assessment or report the task belongs to. */
  subjectId?: string;
  /** `risk_assessment_step` and `risk_assessment_escalation`: the §8a step. */
  step?: string;
  /** `break_glass_review`: who read the case in the emergency (id, name, organisation). */
  reader?: { id: string; name: string | null; organisationId: string; organisationName: string | null };
  /** `kkg_feedback_received`: the §4 (4) KKG answers, nothing more. */
  kkgFeedback?: { riskConfirmed: boolean; acting: boolean };
}

export interface TaskInboxResponse {
  organisationId: string;
  /** The caller's organisation's name, from the agreement versions. */
  organisationName: string | null;
  tasks: InboxTask[];
}

const nullableText = z.string().nullable();
/**
 * The answer of GET /tasks as a schema, for the OpenAPI document (the interfaces above are what
 * the code uses; the type checks below keep the two the same). `kind` tells crisis tasks from the
 * others; the fields after `escalations` appear only on the kinds named in their descriptions.
 */
export const inboxTaskSchema = z
  .object({
    caseId: z.string(),
    crisisId: z.string().describe('The crisis; for the other kinds the process key, e.g. break-glass-review:<id>'),
    taskId: z.string(),
    kind: z.enum([...crisisTaskKinds, ...processTaskKinds]),
    party: z.string(),
    organisationId: z.string(),
    organisationName: nullableText,
    contactId: nullableText,
    contactLabel: nullableText,
    status: z.enum(['open', 'acknowledged', 'supervisor_alerted', 'unreachable', 'closed']),
    deadline: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    acknowledgedBy: nullableText.describe('Who acknowledged; for the other kinds who did the step'),
    acknowledgedByName: nullableText,
    acknowledgedAt: z.string().datetime().nullable(),
    escalations: z.number().int().min(0),
    subjectId: z.string().optional().describe('Kinds other than crisis tasks: the review, assessment or report id'),
    step: z.string().optional().describe('risk_assessment_step, risk_assessment_escalation: the §8a step'),
    reader: z
      .object({ id: z.string(), name: nullableText, organisationId: z.string(), organisationName: nullableText })
      .strict()
      .optional()
      .describe('break_glass_review: who read the case in the emergency (never the reason)'),
    kkgFeedback: z
      .object({ riskConfirmed: z.boolean(), acting: z.boolean() })
      .strict()
      .optional()
      .describe('kkg_feedback_received: the two answers §4 (4) KKG allows, nothing more'),
  })
  .strict();
export const taskInboxResponseSchema = z
  .object({ organisationId: z.string(), organisationName: nullableText, tasks: z.array(inboxTaskSchema) })
  .strict();

// Compile-time only: the schema and the interface describe the same answer.
const _inboxTaskSame: SameShape<z.infer<typeof inboxTaskSchema>, InboxTask> = true;
void _inboxTaskSame;
