import type { AdmissionDecision, NotAdmittedFollowUp } from '@hilfenetz/contracts';
import type { Option } from './crisis-terms';
import { pick, texts } from './language';

type Party = 'ambulance' | 'clinic' | 'youth_office' | 'provider' | 'guardian' | 'family_court';

const T = texts(
  {
    parties: {
      ambulance: 'Rettungsdienst (Leitstelle)',
      clinic: 'Klinik (KJP)',
      youth_office: 'Jugendamt',
      provider: 'Träger',
      guardian: 'Sorgeberechtigte',
      family_court: 'Familiengericht',
    } as Record<Party, string>,
    familyCourtTask: 'Familiengerichtliche Entscheidung einholen',
    crisisTask: 'Krisenbenachrichtigung',
    inboxStatus: {
      open: 'Offen – bitte bestätigen',
      acknowledged: 'Bestätigt',
      supervisor_alerted: 'Fachaufsicht alarmiert',
      unreachable: 'Nicht erreichbar',
      closed: 'Abgeschlossen',
    } as Record<string, string>,
    admission: [
      { value: 'admitted_voluntary', label: 'Aufgenommen (freiwillig)' },
      {
        value: 'admitted_deprivation_of_liberty',
        label: 'Aufgenommen mit Freiheitsentziehung',
        hint: 'löst die familiengerichtliche Entscheidung aus (§ 1631b BGB)',
      },
      { value: 'not_admitted', label: 'Nicht aufgenommen', hint: 'bitte Anschlussweg wählen' },
    ] as Option<AdmissionDecision>[],
    followUp: [
      { value: 'outpatient_appointment', label: 'Ambulanter Termin' },
      { value: 'return_to_provider', label: 'Rückkehr zum Träger' },
      { value: 'crisis_service_contact', label: 'Kontakt zum Krisendienst' },
    ] as Option<NotAdmittedFollowUp>[],
  },
  {
    parties: {
      ambulance: 'Ambulance (dispatch centre)',
      clinic: 'Clinic (child psychiatry)',
      youth_office: 'Youth welfare office',
      provider: 'Care provider',
      guardian: 'Legal guardian',
      family_court: 'Family court',
    },
    familyCourtTask: 'Obtain a family court decision',
    crisisTask: 'Crisis notification',
    inboxStatus: {
      open: 'Open – please acknowledge',
      acknowledged: 'Acknowledged',
      supervisor_alerted: 'Supervisor alerted',
      unreachable: 'Unreachable',
      closed: 'Closed',
    },
    admission: [
      { value: 'admitted_voluntary', label: 'Admitted (voluntarily)' },
      {
        value: 'admitted_deprivation_of_liberty',
        label: 'Admitted with deprivation of liberty',
        hint: 'requires a family court decision (§ 1631b BGB)',
      },
      { value: 'not_admitted', label: 'Not admitted', hint: 'please choose the follow-up' },
    ],
    followUp: [
      { value: 'outpatient_appointment', label: 'Outpatient appointment' },
      { value: 'return_to_provider', label: 'Return to the care provider' },
      { value: 'crisis_service_contact', label: 'Contact with the crisis service' },
    ],
  },
);

/** The five parties of a crisis, in the order the board lists them. */
export const PARTY_ORDER = ['youth_office', 'clinic', 'ambulance', 'provider', 'guardian', 'family_court'];

export const partyLabel = (party: string): string => pick(T).parties[party as Party] ?? party;

/** The parties as choices, in the current language. */
export const partyOptions = (): Option<string>[] =>
  Object.entries(pick(T).parties).map(([value, label]) => ({ value, label }));

export const taskKindLabel = (kind: string): string =>
  kind === 'family_court_decision' ? pick(T).familyCourtTask : pick(T).crisisTask;

export const inboxStatusLabel = (s: string): string => pick(T).inboxStatus[s] ?? s;

export const admissionOptions = (): Option<AdmissionDecision>[] => pick(T).admission;
export const followUpOptions = (): Option<NotAdmittedFollowUp>[] => pick(T).followUp;

const label = <V extends string>(options: Option<V>[], v: unknown) =>
  options.find((o) => o.value === v)?.label ?? String(v);
export const admissionLabel = (v: unknown): string => label(admissionOptions(), v);
export const followUpLabel = (v: unknown): string => label(followUpOptions(), v);
