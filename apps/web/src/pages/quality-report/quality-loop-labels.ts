import type { InterfaceItem, WeaknessKind, WeaknessStatus } from '@hilfenetz/contracts';

/** The quality loop's terms in German (issue 18 §3): items at the interfaces and the register. */
export function itemKindLabel(item: Pick<InterfaceItem, 'kind' | 'escalationCause'>): string {
  if (item.kind === 'decline') return 'Abgelehnt';
  if (item.kind === 'not_reached') return 'Kontakt nicht erreicht';
  if (item.kind === 'kkg_feedback_missed') return 'Frist verpasst: Rückmeldung nach § 4 KKG';
  if (item.kind === 'risk_assessment_deadline_missed')
    return 'Frist verpasst: Schritt der Gefährdungseinschätzung (§ 8a)';
  switch (item.escalationCause) {
    case 'deadline_missed':
      return 'Eskaliert: Frist verpasst';
    case 'declined':
      return 'Eskaliert nach Ablehnung';
    case 'not_reached':
      return 'Eskaliert: nicht erreicht';
    default:
      return 'Eskaliert';
  }
}

export const WEAKNESS_STATUS: Record<WeaknessStatus, string> = {
  open: 'offen',
  to_committee: 'an Gremium',
  adopted_in_agreement: 'in Vereinbarung übernommen',
  resolved: 'erledigt',
};

export const WEAKNESS_KIND: Record<WeaknessKind, string> = {
  weakness: 'Schwachstelle',
  change_proposal: 'Änderungsvorschlag für die nächste Vereinbarung',
};

/** What the notes and register texts must leave out, as the API checks it. */
export const ANONYMOUS_TEXT_HINT =
  'Ohne Namen, Datum, Anschrift, Telefonnummer, E-Mail-Adresse oder Aktenzeichen – der Text muss anonym bleiben.';

export const berlinDateTime = (iso: string) =>
  new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
