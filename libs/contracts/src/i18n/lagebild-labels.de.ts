import type { LagebildActionKind, LagebildDelivery, LagebildGapKind, LagebildTask } from '../api/lagebild.dto';

/**
 * German words of a Lagebild (situation report) that the web page and the API's PDF both print,
 * so the two copies cannot drift apart. Type imports only: the web app deep-imports this file
 * without pulling the schemas (zod) into its bundle. The web app keeps the English pair beside
 * its own wording. What the web app words for every page (parties, danger, decisions) and the
 * PDF's own phrases (audience, status) stay where they are.
 */
export const LAGEBILD_LABELS_DE = {
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
  // Keyed by string: an action's cause is open-ended (deadline missed, declined, not reached), not only a delivery's.
  cause: {
    window_passed: 'keine Empfangsbestätigung im Zeitfenster',
    channel_failed: 'Kanal meldet Fehler',
    not_configured: 'Kanal nicht eingerichtet',
    no_address: 'keine Nummer/Adresse',
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
  action: {
    triggered: 'Krise ausgelöst',
    alarmed: 'Alarmiert',
    notification_attempted: 'Benachrichtigung versendet',
    notification_delivered: 'Benachrichtigung zugestellt',
    notification_not_delivered: 'Benachrichtigung nicht zugestellt',
    notification_seen: 'Aufgabe geöffnet',
    contact_not_reached: 'Kontakt auf keinem Kanal erreicht',
    acknowledged: 'Bestätigt',
    declined: 'Abgelehnt',
    escalated: 'Eskaliert',
    supervisor_alerted: 'Fachaufsicht alarmiert',
    guardian_unreachable: 'Sorgeberechtigte nicht erreichbar (dokumentiert)',
    dispatch_reported: 'Einsatz gemeldet',
    admission_decided: 'Aufnahmeentscheidung',
    family_court_decision_required: 'Familiengerichtliche Genehmigung erforderlich',
    discharge_announced: 'Entlassung angekündigt',
    hilfeplanung_requested: 'Hilfeplanung angestoßen',
    cancelled: 'Krise abgebrochen',
    trigger_joined: 'Weitere Auslösung – der laufenden Krise zugeordnet',
    answer_superseded: 'Offline erfasste Antwort nicht mehr übernommen',
  } satisfies Record<LagebildActionKind, string>,
  /** A late answer (answer_superseded): what was tried, and what had happened instead. */
  answer: { acknowledge: 'Bestätigung', decline: 'Ablehnung' } as Record<string, string>,
  instead: {
    acknowledged: 'inzwischen von anderer Seite bestätigt',
    moved_on: 'Aufgabe inzwischen weitergegangen oder geschlossen',
    crisis_closed: 'Krise inzwischen beendet',
  } as Record<string, string>,
  /** Done offline: the device time beside the time of arrival. */
  deviceTime: (time: string, bounded: boolean) =>
    `offline erfasst um ${time} (Gerätezeit${bounded ? ', unplausibel, begrenzt' : ''})`,
  afterEnd: 'nach Ende der Krise übertragen, Zeitpunkt innerhalb der Krise',
  gap: {
    guardian_not_reached: 'Sorgeberechtigte noch nicht erreicht',
    guardian_unreachable: 'Sorgeberechtigte auf allen Wegen nicht erreicht',
    no_dispatch_reported: 'Kein Rettungsdienst-Einsatz gemeldet',
    no_eta_reported: 'Keine voraussichtliche Ankunftszeit gemeldet',
    no_admission_decision: 'Keine Aufnahmeentscheidung der Klinik',
    family_court_decision_open: 'Familiengerichtliche Genehmigung steht aus',
    contact_not_reached: 'Zuständiger Kontakt auf keinem Kanal erreicht',
    supervisor_must_act: 'Eskalationskette erschöpft – die Fachaufsicht muss handeln',
  } satisfies Record<LagebildGapKind, string>,
};
