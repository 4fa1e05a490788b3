import type { AdmissionDecision, NotAdmittedFollowUp } from '@hilfenetz/contracts';
import type { Option } from './crisis-terms.de';

const PARTY_LABELS: Record<string, string> = {
  ambulance: 'Rettungsdienst (Leitstelle)',
  clinic: 'Klinik (KJP)',
  youth_office: 'Jugendamt',
  provider: 'Träger',
  guardian: 'Sorgeberechtigte',
  family_court: 'Familiengericht',
};

/** The five parties of a crisis, in the order the board lists them. */
export const PARTY_ORDER = ['youth_office', 'clinic', 'ambulance', 'provider', 'guardian', 'family_court'];

export const partyLabel = (party: string): string => PARTY_LABELS[party] ?? party;

export const partyOptions: Option<string>[] = Object.entries(PARTY_LABELS).map(([value, label]) => ({ value, label }));

export const taskKindLabel = (kind: string): string =>
  kind === 'family_court_decision' ? 'Familiengerichtliche Entscheidung einholen' : 'Krisenbenachrichtigung';

const INBOX_STATUS: Record<string, string> = {
  open: 'Offen – bitte bestätigen',
  acknowledged: 'Bestätigt',
  supervisor_alerted: 'Fachaufsicht alarmiert',
  unreachable: 'Nicht erreichbar',
  closed: 'Abgeschlossen',
};
export const inboxStatusLabel = (s: string): string => INBOX_STATUS[s] ?? s;

export const admissionOptions: Option<AdmissionDecision>[] = [
  { value: 'admitted_voluntary', label: 'Aufgenommen (freiwillig)' },
  {
    value: 'admitted_deprivation_of_liberty',
    label: 'Aufgenommen mit Freiheitsentziehung',
    hint: 'löst die familiengerichtliche Entscheidung aus (§ 1631b BGB)',
  },
  { value: 'not_admitted', label: 'Nicht aufgenommen', hint: 'bitte Anschlussweg wählen' },
];

export const followUpOptions: Option<NotAdmittedFollowUp>[] = [
  { value: 'outpatient_appointment', label: 'Ambulanter Termin' },
  { value: 'return_to_provider', label: 'Rückkehr zum Träger' },
  { value: 'crisis_service_contact', label: 'Kontakt zum Krisendienst' },
];

const label = <T extends string>(options: Option<T>[], v: unknown) =>
  options.find((o) => o.value === v)?.label ?? String(v);
export const admissionLabel = (v: unknown): string => label(admissionOptions, v);
export const followUpLabel = (v: unknown): string => label(followUpOptions, v);
