import { scopedCaseId } from '@hilfenetz/domain';

/** The demo district's youth office, which leads the cases of most tests. */
export const LINDENAU_YOUTH_OFFICE = 'org-jugendamt-lindenau';

/**
 * The stored id of the Jugendamt Lindenau's case with this reference (`jugendamt-lindenau.<ref>`,
 * docs/adr/0024): what a clinic, Träger, Leitstelle or partner office uses, what the event store,
 * Kafka and Temporal key by. Lindenau's own staff may use either this or the bare reference.
 */
export const lindenauCaseId = (reference: string): string => scopedCaseId(LINDENAU_YOUTH_OFFICE, reference);

/** The stored id of another organisation's case (`<office>.<reference>`). */
export const caseIdOf = (organisationId: string, reference: string): string => scopedCaseId(organisationId, reference);
