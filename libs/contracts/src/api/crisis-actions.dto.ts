import { z } from 'zod';
import { admissionDecisions, dispatchReferenceSchema } from '../events/crisis.events';
import { notAdmittedFollowUps } from '../workflow/cooperation-agreement';

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

export const announceDischargeRequest = z.object({ plannedFor: z.string().datetime() }).strict();
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
