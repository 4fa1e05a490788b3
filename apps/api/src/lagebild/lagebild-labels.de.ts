import {
  LAGEBILD_LABELS_DE,
  type AdmissionDecision,
  type DangerKind,
  type LagebildAction,
  type LagebildAudience,
  type LagebildTask,
  type NotAdmittedFollowUp,
  type Urgency,
} from '@hilfenetz/contracts';

/** The German words of the Lagebild PDF: those the web page prints too come from the contracts. */
export const lagebildDe = {
  audience: {
    supervisor: 'Fachaufsicht (vollständig)',
    leitstelle: 'Leitstelle (Rettungsdienst)',
    clinic: 'Klinik (KJP)',
    runder_tisch: 'Runder Tisch (ohne personenbezogene Daten)',
  } satisfies Record<LagebildAudience, string>,
  status: {
    open: 'Offen – das Krisenprotokoll läuft',
    admitted: 'Aufgenommen in der Klinik',
    not_admitted: 'Nicht aufgenommen – Anschlussweg vereinbart',
    discharged: 'Entlassung angekündigt – Hilfeplanung folgt',
    cancelled: 'Abgebrochen',
  } as Record<string, string>,
  danger: {
    self: 'Selbstgefährdung',
    others: 'Fremdgefährdung',
    self_and_others: 'Selbst- und Fremdgefährdung',
  } satisfies Record<DangerKind, string>,
  urgency: { immediate: 'Sofort', urgent: 'Dringend', soon: 'Zeitnah' } satisfies Record<Urgency, string>,
  party: {
    ambulance: 'Rettungsdienst (Leitstelle)',
    clinic: 'Klinik (KJP)',
    youth_office: 'Jugendamt',
    provider: 'Träger',
    guardian: 'Sorgeberechtigte',
    family_court: 'Familiengerichtliche Genehmigung',
  } satisfies Record<LagebildTask['party'], string>,
  ...LAGEBILD_LABELS_DE,
  decision: {
    admitted_voluntary: 'aufgenommen (freiwillig)',
    admitted_deprivation_of_liberty: 'aufgenommen (freiheitsentziehend)',
    not_admitted: 'nicht aufgenommen',
  } satisfies Record<AdmissionDecision, string>,
  followUp: {
    outpatient_appointment: 'ambulanter Termin',
    return_to_provider: 'Rückkehr zum Träger',
    crisis_service_contact: 'Kontakt Krisendienst',
  } satisfies Record<NotAdmittedFollowUp, string>,
  relation: {
    mother: 'Mutter',
    father: 'Vater',
    parent: 'Elternteil',
    official_guardian: 'Amtsvormund/Amtsvormundin',
    private_guardian: 'Vormund/Vormundin',
    supplementary_carer: 'Ergänzungspfleger/in',
    other: 'Andere Person mit Sorgerecht',
  } as Record<string, string>,
};

/** One line of the course of events, in German. */
export function actionLineDe(a: LagebildAction, time: (iso: string) => string): string {
  const L = lagebildDe;
  const parts = [`${time(a.at)}: ${L.action[a.kind]}`];
  if (a.party) parts.push(L.party[a.party]);
  if (a.organisation) parts.push(a.organisation.name);
  if (a.contact) parts.push(a.contact.label);
  if (a.channel) parts.push(`Kanal ${L.channel[a.channel]}`);
  if (a.method) parts.push(L.method[a.method] ?? a.method);
  if (a.cause) parts.push(L.cause[a.cause] ?? a.cause);
  if (a.personName) parts.push(a.personName);
  if (a.dispatchReference) parts.push(`Einsatznummer ${a.dispatchReference}`);
  if (a.expectedArrivalAt) parts.push(`Ankunft voraussichtlich ${time(a.expectedArrivalAt)}`);
  if (a.decision) parts.push(L.decision[a.decision]);
  if (a.followUp) parts.push(L.followUp[a.followUp]);
  if (a.plannedFor) parts.push(`geplant ${time(a.plannedFor)}`);
  if (a.deadline) parts.push(`Frist ${time(a.deadline)}`);
  if (a.answer) parts.push(L.answer[a.answer] ?? a.answer);
  if (a.instead) parts.push(L.instead[a.instead] ?? a.instead);
  if (a.actedOnDevice) parts.push(L.deviceTime(time(a.actedOnDevice.at), a.actedOnDevice.bounded));
  if (a.afterEnd) parts.push(L.afterEnd);
  if (a.reason) parts.push(`Begründung: ${a.reason}`);
  return parts.join(' · ');
}
