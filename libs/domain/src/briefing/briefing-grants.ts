import type { BriefingField, CooperationAgreement, CrisisParty, FollowUpTaskKind } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

/** The lead office knows everything the case file and the crisis hold. */
const everything: BriefingField[] = [
  'youngPersonName',
  'dateOfBirth',
  'ageYears',
  'dangerKind',
  'urgency',
  'location',
  'situationNote',
  'triggeredBy',
  'receivingClinic',
  'ambulance',
  'guardians',
];

/**
 * What each party is told when the agreement says nothing (issue 11): the Leitstelle what it needs
 * to drive there and whom to call back, the clinic whom to expect, the Träger the situation, the
 * youth office everything. The guardian has no account and gets no briefing page.
 */
export const defaultBriefingFields: Record<CrisisParty | FollowUpTaskKind, BriefingField[]> = {
  // The Leitstelle reads back its own dispatch report (number, ETA) after a reload.
  ambulance: ['location', 'dangerKind', 'urgency', 'ageYears', 'triggeredBy', 'receivingClinic', 'ambulance'],
  clinic: [
    'youngPersonName',
    'dateOfBirth',
    'ageYears',
    'dangerKind',
    'urgency',
    'location',
    'situationNote',
    'triggeredBy',
    'ambulance',
  ],
  provider: ['dangerKind', 'urgency', 'location', 'triggeredBy'],
  youth_office: everything,
  guardian: [],
  family_court_decision: everything,
};

/** The fields the agreement grants a party (its own list if it has one, else the default). */
export function briefingFieldsFor(
  agreement: Pick<CooperationAgreement, 'briefings'>,
  party: CrisisParty | FollowUpTaskKind,
): BriefingField[] {
  return agreement.briefings?.[party] ?? defaultBriefingFields[party];
}

/** The calendar day (YYYY-MM-DD) of an instant in Germany: an age is counted on the local day of the crisis. */
export const berlinDay = (iso: string): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

/** Whole years between a date of birth (YYYY-MM-DD) and a day (YYYY-MM-DD), as German law counts. */
export function ageInYears(dateOfBirth: string, onDay: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDay.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

deepFreeze(defaultBriefingFields);
