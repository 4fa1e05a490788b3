import type { PlanningParty, PlanningPhase } from '@hilfenetz/contracts';
import { ApiError } from '../api/api-error';
import { errorMessage } from './api-messages';
import type { Option } from './crisis-terms';
import { pick, texts } from './language';

export { formatDate } from './date-format';

/** Wording of the Hilfeplanung (§ 36 SGB VIII) screens. */

export const PLANNING_PARTIES: readonly PlanningParty[] = [
  'young_person',
  'guardian',
  'youth_office',
  'clinic',
  'provider',
];

export type EndReason = 'goals_reached' | 'moved_away' | 'transferred' | 'declined_by_family' | 'age_limit' | 'other';

type Refusal =
  | 'planning.ended'
  | 'planning.meeting_in_past'
  | 'planning.no_meeting'
  | 'planning.plan_without_goals'
  | 'planning.duplicate_goal'
  | 'planning.unknown_goal'
  | 'planning.young_person_missing'
  | 'planning.review_in_past'
  | 'planning.no_plan'
  | 'planning.not_started';

const T = texts(
  {
    parties: {
      young_person: 'Junger Mensch',
      guardian: 'Sorgeberechtigte',
      youth_office: 'Jugendamt',
      clinic: 'Klinik (KJP)',
      provider: 'Träger',
    } as Record<PlanningParty, string>,
    phases: {
      none: 'Wird gestartet',
      awaiting_schedule: 'Hilfeplangespräch ist zu terminieren',
      meeting_scheduled: 'Hilfeplangespräch terminiert',
      plan_in_force: 'Hilfeplan gilt',
      ended: 'Hilfe beendet',
    } as Record<PlanningPhase | 'none', string>,
    answers: { pending: 'Antwort offen', confirmed: 'Zugesagt', declined: 'Abgesagt' } as Record<string, string>,
    statements: {
      requested: 'Angefordert',
      reminded: 'Angefordert – Erinnerung verschickt',
      escalated: 'Überfällig – an die Fachaufsicht gemeldet',
      submitted: 'Eingereicht',
    } as Record<string, string>,
    endReasons: [
      { value: 'goals_reached', label: 'Ziele erreicht' },
      { value: 'moved_away', label: 'Familie ist verzogen' },
      { value: 'transferred', label: 'An ein anderes Jugendamt abgegeben' },
      { value: 'declined_by_family', label: 'Von der Familie abgelehnt' },
      { value: 'age_limit', label: 'Altersgrenze erreicht' },
      { value: 'other', label: 'Anderer Grund (bitte erläutern)' },
    ] as Option<EndReason>[],
    /** Refusals of the help planning (problem `errors[].field = "body"`, reason = stable code). */
    refusals: {
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
    } as Record<Refusal, string>,
    meetingAt: 'Bitte Datum und Uhrzeit des Gesprächs angeben; der Termin muss in der Zukunft liegen.',
    heldAt: 'Bitte Datum und Uhrzeit angeben, an dem das Gespräch stattfand.',
    participants: 'Bitte ankreuzen, wer am Gespräch teilgenommen hat (mindestens der junge Mensch).',
    youngPersonView:
      'Bitte die Sicht des jungen Menschen in seinen eigenen Worten eintragen (höchstens 5.000 Zeichen).',
    goals: 'Bitte mindestens ein Ziel eintragen: Ein Hilfeplan braucht mindestens ein Ziel.',
    goalText: 'Bitte das Ziel beschreiben (höchstens 1.000 Zeichen).',
    measureGoal: 'Bitte das Ziel wählen, dem die Maßnahme dient.',
    measureDescription: 'Bitte die Maßnahme beschreiben (höchstens 1.000 Zeichen).',
    measureParty: 'Bitte wählen, wer verantwortlich ist.',
    measureDue: 'Bitte ein Datum angeben, bis wann die Maßnahme erledigt ist.',
    nextReviewAt: 'Die nächste Überprüfung muss ein Datum in der Zukunft sein.',
    reason: 'Bitte einen Grund angeben (höchstens 500 Zeichen).',
    note: 'Die Erläuterung darf höchstens 500 Zeichen lang sein.',
    party: 'Für diese Beteiligten dürfen Sie keine Antwort erfassen.',
    requestedBy: 'Für diese Beteiligten dürfen Sie keine Überprüfung verlangen.',
    unknownCase: 'Dieser Fall ist nicht registriert. Bitte die Fall-Referenz prüfen.',
    noPlanning: 'Für diesen Fall läuft keine Hilfeplanung.',
    invalidField: (field: string) => `Ungültige Angabe (${field}).`,
    invalid: 'Einige Angaben fehlen oder sind ungültig. Bitte die markierten Felder prüfen.',
    conflict: 'Das ist im aktuellen Stand der Hilfeplanung nicht möglich. Bitte neu laden.',
  },
  {
    parties: {
      young_person: 'Young person',
      guardian: 'Legal guardian',
      youth_office: 'Youth welfare office',
      clinic: 'Clinic (child psychiatry)',
      provider: 'Care provider',
    },
    phases: {
      none: 'Starting',
      awaiting_schedule: 'Help planning meeting to be scheduled',
      meeting_scheduled: 'Help planning meeting scheduled',
      plan_in_force: 'Help plan in force',
      ended: 'Help ended',
    },
    answers: { pending: 'No answer yet', confirmed: 'Accepted', declined: 'Declined' },
    statements: {
      requested: 'Requested',
      reminded: 'Requested – reminder sent',
      escalated: 'Overdue – reported to the supervisor',
      submitted: 'Submitted',
    },
    endReasons: [
      { value: 'goals_reached', label: 'Goals reached' },
      { value: 'moved_away', label: 'Family has moved away' },
      { value: 'transferred', label: 'Handed over to another youth welfare office' },
      { value: 'declined_by_family', label: 'Declined by the family' },
      { value: 'age_limit', label: 'Age limit reached' },
      { value: 'other', label: 'Other reason (please explain)' },
    ],
    refusals: {
      'planning.ended': 'The help has already ended.',
      'planning.meeting_in_past': 'The meeting must be in the future.',
      'planning.no_meeting': 'No help planning meeting is scheduled yet. Please set the date first.',
      'planning.plan_without_goals': 'A help plan needs at least one goal.',
      'planning.duplicate_goal': 'A goal has been entered twice.',
      'planning.unknown_goal': 'A measure is not assigned to an existing goal.',
      'planning.young_person_missing':
        'The young person must take part in the help plan (§ 36 SGB VIII). Please tick them as a participant.',
      'planning.review_in_past': 'The next review must be in the future.',
      'planning.no_plan': 'An earlier review is only possible once a help plan is in force.',
      'planning.not_started': 'The help planning has not started yet.',
    },
    meetingAt: 'Please give the date and time of the meeting; it must be in the future.',
    heldAt: 'Please give the date and time the meeting took place.',
    participants: 'Please tick who took part in the meeting (at least the young person).',
    youngPersonView: "Please record the young person's view in their own words (at most 5,000 characters).",
    goals: 'Please enter at least one goal: a help plan needs at least one goal.',
    goalText: 'Please describe the goal (at most 1,000 characters).',
    measureGoal: 'Please choose the goal the measure serves.',
    measureDescription: 'Please describe the measure (at most 1,000 characters).',
    measureParty: 'Please choose who is responsible.',
    measureDue: 'Please give a date by which the measure is done.',
    nextReviewAt: 'The next review must be a date in the future.',
    reason: 'Please give a reason (at most 500 characters).',
    note: 'The explanation may be at most 500 characters long.',
    party: 'You may not record an answer for this party.',
    requestedBy: 'You may not request a review for this party.',
    unknownCase: 'This case is not registered. Please check the case reference.',
    noPlanning: 'No help planning is running for this case.',
    invalidField: (field: string) => `Invalid entry (${field}).`,
    invalid: 'Some details are missing or invalid. Please check the marked fields.',
    conflict: 'This is not possible in the current state of the help planning. Please reload.',
  },
);

export const planningPartyLabel = (p: string): string => pick(T).parties[p as PlanningParty] ?? p;

/** The parties whose answers the youth office records (the family usually has no account). */
export const ANSWERED_BY_YOUTH_OFFICE: readonly PlanningParty[] = ['guardian', 'young_person', 'youth_office'];

export const phaseLabel = (p: string): string => pick(T).phases[p as PlanningPhase] ?? p;
export const invitationAnswerLabel = (a: string): string => pick(T).answers[a] ?? a;
export const statementStatusLabel = (s: string): string => pick(T).statements[s] ?? s;
export const endReasonOptions = (): Option<EndReason>[] => pick(T).endReasons;

const refusal = (reason: string): string | undefined => pick(T).refusals[reason as Refusal];

/** Where a refusal belongs in the plan form. */
export const REFUSAL_FIELD: Record<string, string> = {
  'planning.meeting_in_past': 'body.meetingAt',
  'planning.plan_without_goals': 'body.goals',
  'planning.duplicate_goal': 'body.goals',
  'planning.young_person_missing': 'body.participants',
  'planning.review_in_past': 'body.nextReviewAt',
};

/** Message for a refused request part, by the API's field name. */
export function planningFieldMessage(field: string, reason: string): string {
  const t = pick(T);
  const refused = refusal(reason);
  if (field === 'body' && refused) return refused;
  if (field === 'body.meetingAt') return t.meetingAt;
  if (field === 'body.heldAt') return t.heldAt;
  if (field === 'body.participants' || field.startsWith('body.participants.')) return t.participants;
  if (field === 'body.youngPersonView') return t.youngPersonView;
  if (field === 'body.goals') return t.goals;
  if (/^body\.goals\.\d+(\.text)?$/.test(field)) return t.goalText;
  if (/^body\.measures\.\d+\.goal$/.test(field)) return t.measureGoal;
  if (/^body\.measures\.\d+\.description$/.test(field)) return t.measureDescription;
  if (/^body\.measures\.\d+\.responsibleParty$/.test(field)) return t.measureParty;
  if (/^body\.measures\.\d+\.dueBy$/.test(field)) return t.measureDue;
  if (field === 'body.nextReviewAt') return t.nextReviewAt;
  if (field === 'body.reason') return t.reason;
  if (field === 'body.note') return t.note;
  if (field === 'body.party') return t.party;
  if (field === 'body.requestedBy') return t.requestedBy;
  if (field === 'path.caseId') return reason === 'unknown case' ? t.unknownCase : t.noPlanning;
  return t.invalidField(field);
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
    const refused = err.fieldErrors.find((e) => e.field === 'body' && refusal(e.reason));
    if (refused) return refusal(refused.reason) ?? '';
    if (err.kind === 'invalid') return pick(T).invalid;
    if (err.kind === 'conflict') return pick(T).conflict;
  }
  return errorMessage(err);
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
