import type { CooperationAgreement } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

export interface CauseCategoryDefinition {
  id: string;
  label: string;
}

/**
 * The cause categories of the error analysis at the interfaces (issue 18 §3; Stormarn's
 * Fehleranalyse, seed 004) when an agreement names none of its own.
 */
export const defaultCauseCategories: readonly CauseCategoryDefinition[] = [
  { id: 'contact_data_outdated', label: 'Kontaktdaten veraltet' },
  { id: 'no_one_on_duty', label: 'Niemand im Dienst' },
  { id: 'responsibility_misunderstood', label: 'Zuständigkeit missverstanden' },
  { id: 'technical', label: 'Technisch' },
  { id: 'other', label: 'Sonstiges' },
];

/** The categories the agreement names, else the defaults. */
export function causeCategoriesOf(
  agreement: Pick<CooperationAgreement, 'qualityCauseCategories'> | null,
): readonly CauseCategoryDefinition[] {
  return agreement?.qualityCauseCategories?.length ? agreement.qualityCauseCategories : defaultCauseCategories;
}

deepFreeze(defaultCauseCategories);
