import { z } from 'zod';
import { admissionDecisions, dispatchReferenceSchema } from '../events/crisis.events';
import { notAdmittedFollowUps } from '../workflow/cooperation-agreement';
import type {
  AcknowledgeTaskResult,
  Actor,
  CrisisStepResult,
  DeclineTaskResult,
} from '../workflow/crisis-workflow.contract';
import type { SameShape } from './same-shape';
import { instantInput } from './instant-input';

/** Task ids are stable within a crisis: `task-<party>` or `task-family_court`. */
export const taskIdSchema = z.string().regex(/^task-[a-z_]{3,32}$/, 'not a task id');

/** POST …/tasks/:taskId/acknowledge: who and when come from the token and the server clock. */
/**
 * `method` records how someone without an account was reached: the caseworker acknowledges the
 * guardian's task after a phone call (`phone_call`) or a visit (`in_person`). Absent: in-app.
 */
export const acknowledgeTaskRequest = z.object({ method: z.enum(['phone_call', 'in_person']).optional() }).strict();
export type AcknowledgeTaskRequest = z.infer<typeof acknowledgeTaskRequest>;

export const declineTaskRequest = z
  .object({
    reason: z.string().trim().min(3).max(500),
    /** One of the agreement's decline reason categories (not personal data; counted in the quality report). */
    reasonCategory: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,47}$/, 'must be a decline reason category id')
      .optional(),
  })
  .strict();
export type DeclineTaskRequest = z.infer<typeof declineTaskRequest>;

export const decideAdmissionRequest = z
  .object({
    decision: z.enum(admissionDecisions),
    followUp: z.enum(notAdmittedFollowUps).optional(),
  })
  .strict()
  .refine((b) => (b.decision === 'not_admitted') === (b.followUp !== undefined), {
    message: 'a follow-up is required when (and only when) the young person is not admitted',
    path: ['followUp'],
  });
export type DecideAdmissionRequest = z.infer<typeof decideAdmissionRequest>;

export const announceDischargeRequest = z.object({ plannedFor: instantInput }).strict();
export type AnnounceDischargeRequest = z.infer<typeof announceDischargeRequest>;

/**
 * POST …/ambulance-dispatch: the Leitstelle's operation number and, once known, the ETA: in minutes
 * from the arrival of the report (`etaMinutes`), or as the time of arrival (`expectedArrivalAt`),
 * which stays right when a report queued offline is sent later (issue 19). At most one of the two.
 */
export const reportAmbulanceDispatchRequest = z
  .object({
    dispatchReference: dispatchReferenceSchema,
    etaMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    expectedArrivalAt: z.string().datetime({ offset: true }).max(40).optional(),
  })
  .strict()
  .refine((b) => b.etaMinutes === undefined || b.expectedArrivalAt === undefined, {
    message: 'give the ETA either in minutes or as the time of arrival, not both',
    path: ['expectedArrivalAt'],
  });
export type ReportAmbulanceDispatchRequest = z.infer<typeof reportAmbulanceDispatchRequest>;

/** Who acted, pseudonymously (ids and the role acted in), as the answers below name them. */
export const actorSchema = z
  .object({ id: z.string(), role: z.string(), organisationId: z.string().optional() })
  .strict();

/** Where a crisis stands (`CrisisPhase`). */
export const crisisPhaseSchema = z.enum(['triggering', 'open', 'admitted', 'cancelled', 'not_admitted', 'discharged']);

/** The answer of …/ambulance-dispatch, …/admission and …/discharge: the crisis and its phase after the step. */
export const crisisStepResultSchema = z.object({ crisisId: z.string(), status: crisisPhaseSchema }).strict();

/** The answer of …/tasks/:taskId/acknowledge: the acknowledgement as recorded (the first one, for a repeat). */
export const acknowledgeTaskResultSchema = z
  .object({
    taskId: z.string(),
    acknowledgedBy: actorSchema,
    acknowledgedAt: z.string().datetime(),
    alreadyAcknowledged: z.boolean(),
  })
  .strict();

/** The answer of …/tasks/:taskId/decline: the contact the task went to, or null when none took it. */
export const declineTaskResultSchema = z
  .object({
    taskId: z.string(),
    nowWith: z.object({ contactId: z.string(), organisationId: z.string() }).strict().nullable(),
  })
  .strict();

// The schemas must describe exactly the types the API returns.
const _actorSame: SameShape<z.infer<typeof actorSchema>, Actor> = true;
void _actorSame;
const _crisisStepResultSame: SameShape<z.infer<typeof crisisStepResultSchema>, CrisisStepResult> = true;
void _crisisStepResultSame;
const _acknowledgeTaskResultSame: SameShape<z.infer<typeof acknowledgeTaskResultSchema>, AcknowledgeTaskResult> = true;
void _acknowledgeTaskResultSame;
const _declineTaskResultSame: SameShape<z.infer<typeof declineTaskResultSchema>, DeclineTaskResult> = true;
void _declineTaskResultSame;
