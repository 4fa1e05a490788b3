import type {
  CooperationAgreement,
  CrisisSituation,
  Lagebild,
  LagebildAudience,
  LagebildTask,
} from '@hilfenetz/contracts';
import type { CrisisTask } from '../crisis/crisis.state';
import { lagebildFieldsFor, lagebildPartiesFor, type TaskParty } from './lagebild-audience';
import { conditionsOf } from './lagebild-conditions';
import { contactIn, crisisStateOf, orgIn, walkCrisisLog, type LagebildEvent } from './lagebild-log';
import { missingOf } from './lagebild-needs';

export { crisisEventsOf, type LagebildEvent } from './lagebild-log';

/**
 * What the API opened from the sealed data for this audience (nothing it may not see needs to be
 * opened). `erased`: the young person's key is gone, every personal value is null.
 */
export interface LagebildFacts {
  status: 'available' | 'erased';
  erasedAt: string | null;
  youngPerson: { givenName: string; familyName: string; dateOfBirth: string } | null;
  situation: CrisisSituation | null;
  /** The guardians by id, as recorded now. */
  guardians: { guardianId: string; name: string; relation: string }[] | null;
}

export interface LagebildInput {
  audience: LagebildAudience;
  availableAudiences: LagebildAudience[];
  caseId: string;
  crisisId: string;
  /** The case stream (events of other crises are skipped). */
  events: readonly LagebildEvent[];
  agreement: Pick<CooperationAgreement, 'organisations' | 'contacts' | 'briefings'>;
  facts: LagebildFacts;
  /** Staff display names by id (people directory); used for the supervisor only. */
  people: Readonly<Record<string, string>>;
  /** The instant the report is generated (deadlines passed by then are overdue). */
  generatedAt: string;
}

/**
 * The situation report of one crisis for one audience, from the case stream and the facts opened
 * for that audience: conditions (what, where, who; lagebild-conditions.ts), actions (who was
 * alarmed when and how, whether it arrived, who acknowledged, dispatch, admission;
 * lagebild-log.ts), needs (open tasks, missed deadlines, what is missing; lagebild-needs.ts).
 * Pure: the same events, facts and instant give the same report.
 */
export function assembleLagebild(input: LagebildInput): Lagebild {
  const { audience, agreement, facts } = input;
  const supervisor = audience === 'supervisor';
  const anonymous = audience === 'runder_tisch';
  const fields = lagebildFieldsFor(audience, agreement);
  const visible = new Set<TaskParty>(lagebildPartiesFor(audience, fields));
  const orgOf = orgIn(agreement);
  const contactOf = contactIn(agreement);
  const guardianName = (actorId: string) =>
    facts.guardians?.find((g) => `guardian:${g.guardianId}` === actorId)?.name ?? null;
  const personName = (actor: { id: string } | undefined): { personName?: string | null } =>
    supervisor && actor ? { personName: input.people[actor.id] ?? guardianName(actor.id) } : {};

  const found = walkCrisisLog(input.events, input.crisisId, { agreement, personName, visible, supervisor, anonymous });
  const { state, triggered, attempts, seen, ambulance } = found;
  const status: Lagebild['status'] = state.status === 'none' ? 'open' : state.status;
  const active = status === 'open' || status === 'admitted';
  const erased = facts.status === 'erased';
  const tasks = Object.values(state.tasks).filter((t) => visible.has(t.party));

  const taskView = (t: CrisisTask): LagebildTask => {
    const ack = t.acknowledgement;
    return {
      party: t.party,
      status: t.status === 'open' && t.supervisorAlerted ? 'supervisor_alerted' : t.status,
      organisation: orgOf(t.organisationId)!,
      contact: contactOf(t.contactId),
      alarmedAt: t.attempts[0]?.notifiedAt ?? triggered.at,
      deadline: t.deadline,
      deliveries: [...attempts.values()]
        .filter((a) => a.taskId === t.taskId)
        // An acknowledgement stops every pending attempt, as does a closed crisis: nothing awaits it.
        .map(({ taskId: _taskId, ...delivery }) =>
          delivery.outcome === 'pending' && (t.status !== 'open' || !active)
            ? { ...delivery, outcome: 'stopped' as const }
            : delivery,
        ),
      seenAt: seen.get(t.taskId) ?? null,
      escalations: t.escalations,
      acknowledged: ack
        ? {
            at: ack.at,
            organisation: orgOf(ack.by.organisationId),
            method: found.acknowledgementMethods.get(t.taskId) ?? null,
            ...personName(ack.by),
          }
        : null,
    };
  };

  const now = Date.parse(input.generatedAt);
  return {
    audience,
    availableAudiences: input.availableAudiences,
    caseId: anonymous ? null : input.caseId,
    crisisId: anonymous ? null : input.crisisId,
    generatedAt: input.generatedAt,
    status,
    agreement: triggered.agreement,
    personalData: erased ? 'erased' : 'available',
    erasedAt: erased ? facts.erasedAt : null,
    conditions: conditionsOf(input, fields, triggered, state, tasks, orgOf),
    actions: {
      tasks: tasks.map(taskView),
      ambulance: fields.includes('ambulance') || audience === 'leitstelle' ? ambulance : null,
      admission: state.admission
        ? {
            decision: state.admission.decision,
            followUp: state.admission.followUp,
            decidedAt: state.admission.decidedAt,
            organisation: orgOf(state.admission.organisationId),
          }
        : null,
      plannedDischarge: state.plannedDischarge,
      cancelledAt: state.cancellation?.cancelledAt ?? null,
      log: found.log,
    },
    needs: {
      openTasks: active
        ? tasks
            .filter((t) => t.status === 'open')
            .map((t) => ({
              party: t.party,
              organisation: orgOf(t.organisationId)!,
              contact: contactOf(t.contactId),
              deadline: t.deadline,
              overdue: t.deadline !== null && Date.parse(t.deadline) < now,
            }))
        : [],
      missedDeadlines: found.missedDeadlines,
      missing: missingOf(found, tasks, status, visible, orgOf),
    },
  };
}

/**
 * The organisations holding the crisis's ambulance and clinic tasks now (after escalations), from
 * the case stream: who may read the Leitstelle's and the clinic's Lagebild. Null for an unknown crisis.
 */
export function crisisTaskHolders(
  events: readonly LagebildEvent[],
  crisisId: string,
): { ambulance: string | null; clinic: string | null } | null {
  const state = crisisStateOf(events, crisisId);
  if (state.status === 'none') return null;
  return {
    ambulance: state.tasks['task-ambulance']?.organisationId ?? null,
    clinic: state.tasks['task-clinic']?.organisationId ?? null,
  };
}
