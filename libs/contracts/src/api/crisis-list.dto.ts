import { z } from 'zod';
import { admissionDecisions, supersededBy } from '../events/crisis.events';
import { crisisParties, notAdmittedFollowUps } from '../workflow/cooperation-agreement';
import type { CrisisView } from '../workflow/crisis-workflow.contract';
import { actorSchema, crisisPhaseSchema } from './crisis-actions.dto';
import type { SameShape } from './same-shape';

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

const instant = z.string().datetime();

/** GET /crises as the OpenAPI document describes it (the types above are what clients import). */
export const crisisListResponseSchema = z
  .object({
    organisationId: z.string(),
    organisationName: z.string().nullable(),
    crises: z.array(
      z
        .object({
          crisisId: z.string(),
          caseId: z.string().nullable(),
          status: z.string().nullable(),
          startedAt: instant,
          organisations: z.array(z.object({ id: z.string(), name: z.string().nullable() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();

/** How far reaching a task's current contact has come (`TaskDeliveryView`). */
const taskDeliveryViewSchema = z
  .object({
    contactId: z.string(),
    state: z.enum(['trying', 'delivered', 'not_reached']),
    channel: z.enum(['in_app', 'email', 'phone', 'voice']).nullable(),
    since: instant,
    seen: z.boolean(),
  })
  .strict();

/** One party's task on the board (`CrisisTaskView`). */
const crisisTaskViewSchema = z
  .object({
    taskId: z.string(),
    party: z.enum([...crisisParties, 'family_court']),
    status: z.enum(['open', 'acknowledged', 'unreachable']),
    contactId: z.string(),
    organisationId: z.string(),
    deadline: instant.nullable(),
    nextEscalationDue: instant.nullable(),
    escalations: z.number().int(),
    supervisorAlerted: z.boolean(),
    acknowledgedBy: actorSchema.nullable(),
    acknowledgedAt: instant.nullable(),
    delivery: taskDeliveryViewSchema.optional(),
  })
  .strict();

/** GET /cases/:caseId/crises/:crisisId as the OpenAPI document describes it (`CrisisBoardView`). */
export const crisisBoardViewSchema = z
  .object({
    crisisId: z.string(),
    caseId: z.string(),
    status: crisisPhaseSchema,
    agreement: z.object({ agreementId: z.string(), version: z.string() }).strict().nullable(),
    triggeredAt: instant.nullable(),
    admission: z
      .object({
        decision: z.enum(admissionDecisions),
        followUp: z.enum(notAdmittedFollowUps).nullable(),
        decidedAt: instant,
      })
      .strict()
      .nullable(),
    plannedDischarge: instant.nullable(),
    ambulance: z
      .object({ dispatchReference: z.string(), expectedArrivalAt: instant.nullable(), reportedAt: instant })
      .strict()
      .nullable(),
    tasks: z.array(crisisTaskViewSchema),
    /**
     * Location and note opened for the caller (each null when not given), or when they were erased;
     * null when the crisis records no situation. The null sits on a branch, not on the union: OpenAPI
     * 3.0 honours `nullable` only beside a `type`.
     */
    situation: z.union([
      z
        .object({ status: z.literal('available'), location: z.string().nullable(), note: z.string().nullable() })
        .strict()
        .nullable(),
      z.object({ status: z.literal('erased'), erasedAt: instant }).strict(),
    ]),
    names: z
      .object({
        organisations: z.record(z.string(), z.string()),
        contacts: z.record(z.string(), z.string()),
        people: z.record(z.string(), z.string()),
      })
      .strict(),
    offlineEntries: z.array(
      z
        .object({
          eventId: z.string(),
          kind: z.enum(['trigger_joined', 'answer_superseded']),
          at: instant,
          actorId: z.string(),
          organisationId: z.string().nullable(),
          actedOnDevice: z.object({ at: instant, bounded: z.boolean() }).strict().nullable(),
          afterEnd: z.boolean().optional(),
          taskId: z.string().optional(),
          party: z.string().optional(),
          answer: z.enum(['acknowledge', 'decline']).optional(),
          instead: z.enum(supersededBy).optional(),
        })
        .strict(),
    ),
  })
  .strict();

// The schemas must describe exactly the types the API returns.
const _crisisListResponseSame: SameShape<z.infer<typeof crisisListResponseSchema>, CrisisListResponse> = true;
void _crisisListResponseSame;
const _crisisBoardViewSame: SameShape<z.infer<typeof crisisBoardViewSchema>, CrisisBoardView> = true;
void _crisisBoardViewSame;
