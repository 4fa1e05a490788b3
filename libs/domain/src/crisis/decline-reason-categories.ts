import type { CooperationAgreement } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

export interface DeclineReasonCategoryDefinition {
  id: string;
  label: string;
}

/**
 * The categories a party declining a crisis task chooses from (issue 18 §3: the Runder Tisch's
 * report counts declines per interface by category) when an agreement names none of its own.
 */
export const defaultDeclineReasonCategories: readonly DeclineReasonCategoryDefinition[] = [
  { id: 'no_capacity', label: 'Keine Kapazität' },
  { id: 'not_responsible', label: 'Nicht zuständig' },
  { id: 'no_one_reachable', label: 'Niemand erreichbar' },
  { id: 'medical_reasons', label: 'Medizinische Gründe' },
  { id: 'other', label: 'Sonstiges' },
];

/** The decline reason categories the agreement names, else the defaults. */
export function declineReasonCategoriesOf(
  agreement: Pick<CooperationAgreement, 'declineReasonCategories'> | null,
): readonly DeclineReasonCategoryDefinition[] {
  return agreement?.declineReasonCategories?.length
    ? agreement.declineReasonCategories
    : defaultDeclineReasonCategories;
}

deepFreeze(defaultDeclineReasonCategories);
