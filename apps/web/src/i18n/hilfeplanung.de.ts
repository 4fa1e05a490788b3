import type { PlanningParty, PlanningPhase } from '@hilfenetz/contracts';
import { ApiError } from '../api/api-error';
import { errorMessage } from './api-messages.de';
import type { Option } from './crisis-terms.de';

/** German wording of the Hilfeplanung (§ 36 SGB VIII) screens. */

export const PLANNING_PARTIES: readonly PlanningParty[] = [
  'young_person',
  'guardian',
  'youth_office',
  'clinic',
  'provider',
];

const PLANNING_PARTY_LABELS: Record<PlanningParty, string> = {
  young_person: 'Junger Mensch',
  guardian: 'Sorgeberechtigte',
  youth_office: 'Jugendamt',
  clinic: 'Klinik (KJP)',
  provider: 'Träger',
};
export const planningPartyLabel = (p: string): string => PLANNING_PARTY_LABELS[p as PlanningParty] ?? p;

/** The parties whose answers the youth office records (the family usually has no account). */
export const ANSWERED_BY_YOUTH_OFFICE: readonly PlanningParty[] = ['guardian', 'young_person', 'youth_office'];

const PHASES: Record<PlanningPhase | 'none', string> = {
  none: 'Wird gestartet',
  awaiting_schedule: 'Hilfeplangespräch ist zu terminieren',
  meeting_scheduled: 'Hilfeplangespräch terminiert',
  plan_in_force: 'Hilfeplan gilt',
  ended: 'Hilfe beendet',
};
export const phaseLabel = (p: string): string => PHASES[p as PlanningPhase] ?? p;

const INVITATION_ANSWERS: Record<string, string> = {
  pending: 'Antwort offen',
  confirmed: 'Zugesagt',
  declined: 'Abgesagt',
};
export const invitationAnswerLabel = (a: string): string => INVITATION_ANSWERS[a] ?? a;

const STATEMENT_STATUS: Record<string, string> = {
  requested: 'Angefordert',
  reminded: 'Angefordert – Erinnerung verschickt',
  escalated: 'Überfällig – an die Fachaufsicht gemeldet',
  submitted: 'Eingereicht',
};
export const statementStatusLabel = (s: string): string => STATEMENT_STATUS[s] ?? s;

export type EndReason = 'goals_reached' | 'moved_away' | 'transferred' | 'declined_by_family' | 'age_limit' | 'other';
export const endReasonOptions: Option<EndReason>[] = [
  { value: 'goals_reached', label: 'Ziele erreicht' },
  { value: 'moved_away', label: 'Familie ist verzogen' },
  { value: 'transferred', label: 'An ein anderes Jugendamt abgegeben' },
  { value: 'declined_by_family', label: 'Von der Familie abgelehnt' },
  { value: 'age_limit', label: 'Altersgrenze erreicht' },
  { value: 'other', label: 'Anderer Grund (bitte erläutern)' },
];

/** Refusals of the help planning (problem `errors[].field = "body"`, reason = stable code). */
const REFUSALS: Record<string, string> = {
  'planning.ended': 'Die Hilfe ist bereits beendet.',
  'planning.meeting_in_past': 'Der Termin muss in der Zukunft liegen.',
  'planning.no_meeting': 'Es ist noch kein Hilfeplangespräch terminiert. Bitte zuerst den Termin festlegen.',
  'planning.plan_without_goals': 'Ein Hilfeplan braucht mindestens ein Ziel.',
  'planning.duplicate_goal': 'Ein Ziel ist doppelt eingetragen.',
  'planning.unknown_goal': 'Eine Maßnahme ist keinem vorhandenen Ziel zugeordnet.',
  'planning.young_person_missing':
    'Der junge Mensch muss am Hilfeplan beteiligt sein (§ 36 SGB VIII). Bitte als Teilnehmende ankreuzen.',
  'planning.review_in_past': 'Die nächste Überprüfung muss in der Zukunft liegen.',
  'planning.no_plan': 'Eine frühere Überprüfung ist erst möglich, wenn ein Hilfeplan gilt.',
  'planning.not_started': 'Die Hilfeplanung hat noch nicht begonnen.',
};

/** Where a refusal belongs in the plan form. */
export const REFUSAL_FIELD: Record<string, string> = {
  'planning.meeting_in_past': 'body.meetingAt',
  'planning.plan_without_goals': 'body.goals',
  'planning.duplicate_goal': 'body.goals',
  'planning.young_person_missing': 'body.participants',
  'planning.review_in_past': 'body.nextReviewAt',
};

/** German message for a refused request part, by the API's field name. */
export function planningFieldMessage(field: string, reason: string): string {
  if (field === 'body' && REFUSALS[reason]) return REFUSALS[reason];
  if (field === 'body.meetingAt')
    return 'Bitte Datum und Uhrzeit des Gesprächs angeben; der Termin muss in der Zukunft liegen.';
  if (field === 'body.heldAt') return 'Bitte Datum und Uhrzeit angeben, an dem das Gespräch stattfand.';
  if (field === 'body.participants' || field.startsWith('body.participants.'))
    return 'Bitte ankreuzen, wer am Gespräch teilgenommen hat (mindestens der junge Mensch).';
  if (field === 'body.youngPersonView')
    return 'Bitte die Sicht des jungen Menschen in seinen eigenen Worten eintragen (höchstens 5.000 Zeichen).';
  if (field === 'body.goals') return 'Bitte mindestens ein Ziel eintragen: Ein Hilfeplan braucht mindestens ein Ziel.';
  if (/^body\.goals\.\d+(\.text)?$/.test(field)) return 'Bitte das Ziel beschreiben (höchstens 1.000 Zeichen).';
  if (/^body\.measures\.\d+\.goal$/.test(field)) return 'Bitte das Ziel wählen, dem die Maßnahme dient.';
  if (/^body\.measures\.\d+\.description$/.test(field))
    return 'Bitte die Maßnahme beschreiben (höchstens 1.000 Zeichen).';
  if (/^body\.measures\.\d+\.responsibleParty$/.test(field)) return 'Bitte wählen, wer verantwortlich ist.';
  if (/^body\.measures\.\d+\.dueBy$/.test(field)) return 'Bitte ein Datum angeben, bis wann die Maßnahme erledigt ist.';
  if (field === 'body.nextReviewAt') return 'Die nächste Überprüfung muss ein Datum in der Zukunft sein.';
  if (field === 'body.reason') return 'Bitte einen Grund angeben (höchstens 500 Zeichen).';
  if (field === 'body.note') return 'Die Erläuterung darf höchstens 500 Zeichen lang sein.';
  if (field === 'body.party') return 'Für diese Beteiligten dürfen Sie keine Antwort erfassen.';
  if (field === 'body.requestedBy') return 'Für diese Beteiligten dürfen Sie keine Überprüfung verlangen.';
  if (field === 'path.caseId')
    return reason === 'unknown case'
      ? 'Dieser Fall ist nicht registriert. Bitte die Fall-Referenz prüfen.'
      : 'Für diesen Fall läuft keine Hilfeplanung.';
  return `Ungültige Angabe (${field}).`;
}

/** The problem's field errors keyed by the API's field name (refusals moved to their field). */
export function planningFieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const { field, reason } of err.fieldErrors) {
    const key = field === 'body' ? (REFUSAL_FIELD[reason] ?? 'body') : field;
    out[key] ??= planningFieldMessage(field, reason);
  }
  return out;
}

/** The one sentence for a failed Hilfeplanung call. */
export function planningErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const refusal = err.fieldErrors.find((e) => e.field === 'body' && REFUSALS[e.reason]);
    if (refusal) return REFUSALS[refusal.reason] ?? '';
    if (err.kind === 'invalid') return 'Einige Angaben fehlen oder sind ungültig. Bitte die markierten Felder prüfen.';
    if (err.kind === 'conflict') return 'Das ist im aktuellen Stand der Hilfeplanung nicht möglich. Bitte neu laden.';
  }
  return errorMessage(err);
}

const date = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' });
/** "25.05.2027" for an instant or a YYYY-MM-DD date. */
export function formatDate(isoOrDate: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? `${isoOrDate}T12:00:00Z` : isoOrDate);
  return Number.isNaN(d.getTime()) ? isoOrDate : date.format(d);
}

/** A `datetime-local` value (browser's local time) as an ISO instant; invalid input passes on for the API to name. */
export function localToInstant(value: string): string {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
}

/** An ISO instant as a `datetime-local` value in the browser's local time. */
export function instantToLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
