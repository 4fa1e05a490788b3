import type { LagebildConditions } from '@hilfenetz/contracts';
import { ageInYears, berlinDay } from '../briefing/briefing-grants';
import type { CrisisState, CrisisTask } from '../crisis/crisis.state';
import type { LagebildInput } from './lagebild';
import type { CrisisLog, OrgRef } from './lagebild-log';

/**
 * What the crisis is about, where and who, as far as the audience's fields allow: the danger and
 * urgency for everyone, the sealed situation and the young person only where granted and opened.
 */
export function conditionsOf(
  input: LagebildInput,
  fields: readonly string[],
  triggered: CrisisLog['triggered'],
  state: CrisisState,
  tasks: CrisisTask[],
  orgOf: (id: string | null | undefined) => OrgRef | null,
): LagebildConditions {
  const has = (f: string) => fields.includes(f);
  const { facts } = input;
  const available = facts.status === 'available';
  const person = available ? facts.youngPerson : null;
  const told = available ? facts.situation : null;
  const conditions: LagebildConditions = {
    dangerKind: state.dangerKind ?? 'self',
    urgency: state.urgency ?? 'immediate',
    triggeredAt: triggered.at,
    triggeredBy: {
      organisation: orgOf(triggered.organisationId) ?? { id: '', name: '' },
    },
  };
  if (has('triggeredBy') && input.audience !== 'runder_tisch') {
    // A crisis on a bare reference sealed no situation: the caller's name is staff data (directory).
    const directoryName = triggered.actorId ? (input.people[triggered.actorId] ?? null) : null;
    conditions.triggeredBy.displayName = available
      ? (told?.triggeredByName ?? (facts.situation === null ? directoryName : null))
      : null;
    conditions.triggeredBy.callbackPhone = told?.callbackPhone ?? null;
  }
  if (has('location')) conditions.location = told?.location ?? null;
  if (has('situationNote')) conditions.situationNote = told?.note ?? null;
  if (has('youngPersonName')) conditions.youngPersonName = person ? `${person.givenName} ${person.familyName}` : null;
  if (has('dateOfBirth')) conditions.dateOfBirth = person?.dateOfBirth ?? null;
  if (has('ageYears')) {
    conditions.ageYears = person && triggered.at ? ageInYears(person.dateOfBirth, berlinDay(triggered.at)) : null;
  }
  if (has('guardians')) {
    conditions.guardians =
      available && facts.guardians ? facts.guardians.map(({ name, relation }) => ({ name, relation })) : null;
  }
  if (has('receivingClinic')) {
    const clinic = tasks.find((t) => t.party === 'clinic') ?? state.tasks['task-clinic'];
    conditions.receivingClinic = clinic ? orgOf(clinic.organisationId) : null;
  }
  return conditions;
}
