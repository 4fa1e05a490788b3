import type {
  AdmissionDecision,
  DangerKind,
  LagebildAction,
  LagebildActionKind,
  LagebildAudience,
  LagebildDelivery,
  LagebildGapKind,
  LagebildTask,
  NotAdmittedFollowUp,
  Urgency,
} from '@hilfenetz/contracts';

/** The German words of the Lagebild PDF (the web page has its own German/English pair). */
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
  taskStatus: {
    open: 'offen',
    acknowledged: 'bestätigt',
    unreachable: 'nicht erreichbar (dokumentiert)',
    supervisor_alerted: 'offen – Fachaufsicht alarmiert',
  } satisfies Record<LagebildTask['status'], string>,
  channel: { in_app: 'App', email: 'E-Mail', phone: 'SMS', voice: 'Anruf' } satisfies Record<
    LagebildDelivery['channel'],
    string
  >,
  outcome: {
    delivered: 'zugestellt',
    not_delivered: 'nicht zugestellt',
    pending: 'ausstehend',
    stopped: 'ohne Empfangsbestätigung, nicht mehr nötig',
  } satisfies Record<LagebildDelivery['outcome'], string>,
  cause: {
    window_passed: 'keine Empfangsbestätigung im Zeitfenster',
    channel_failed: 'Kanal meldet Fehler',
    not_configured: 'Kanal nicht eingerichtet',
    no_address: 'keine Adresse/Nummer',
    deadline_missed: 'Frist verpasst',
    declined: 'abgelehnt',
    not_reached: 'nicht erreicht',
  } as Record<string, string>,
  method: {
    in_app: 'in der App',
    guardian_code: 'mit Bestätigungscode',
    phone_call: 'telefonisch',
    in_person: 'persönlich',
  } as Record<string, string>,
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
  action: {
    triggered: 'Krise ausgelöst',
    alarmed: 'alarmiert',
    notification_attempted: 'Benachrichtigung versendet',
    notification_delivered: 'Benachrichtigung zugestellt',
    notification_not_delivered: 'Benachrichtigung nicht zugestellt',
    notification_seen: 'Aufgabe geöffnet',
    contact_not_reached: 'Kontakt auf keinem Kanal erreicht',
    acknowledged: 'bestätigt',
    declined: 'abgelehnt',
    escalated: 'eskaliert',
    supervisor_alerted: 'Fachaufsicht alarmiert',
    guardian_unreachable: 'Sorgeberechtigte nicht erreichbar (dokumentiert)',
    dispatch_reported: 'Einsatz gemeldet',
    admission_decided: 'Aufnahmeentscheidung',
    family_court_decision_required: 'Familiengerichtliche Genehmigung erforderlich',
    discharge_announced: 'Entlassung angekündigt',
    hilfeplanung_requested: 'Hilfeplanung angestoßen',
    cancelled: 'Krise abgebrochen',
  } satisfies Record<LagebildActionKind, string>,
  relation: {
    mother: 'Mutter',
    father: 'Vater',
    parent: 'Elternteil',
    official_guardian: 'Amtsvormund/Amtsvormundin',
    private_guardian: 'Vormund/Vormundin',
    supplementary_carer: 'Ergänzungspfleger/in',
    other: 'Andere Person mit Sorgerecht',
  } as Record<string, string>,
  gap: {
    guardian_not_reached: 'Sorgeberechtigte noch nicht erreicht',
    guardian_unreachable: 'Sorgeberechtigte auf allen Wegen nicht erreicht',
    no_dispatch_reported: 'Kein Rettungsdienst-Einsatz gemeldet',
    no_eta_reported: 'Keine voraussichtliche Ankunftszeit gemeldet',
    no_admission_decision: 'Keine Aufnahmeentscheidung der Klinik',
    family_court_decision_open: 'Familiengerichtliche Genehmigung steht aus',
    contact_not_reached: 'Zuständiger Kontakt auf keinem Kanal erreicht',
    supervisor_must_act: 'Eskalationskette erschöpft – Fachaufsicht muss handeln',
  } satisfies Record<LagebildGapKind, string>,
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
  if (a.reason) parts.push(`Begründung: ${a.reason}`);
  return parts.join(' · ');
}
