import { officeOf, officeOfOrganisation, referenceOf } from '@hilfenetz/domain';
import { useOrganisations } from '../hooks/use-organisations';

/** The office's name for the office part of a case id, or the office id when no agreement names it. */
function useOfficeName(caseId: string): string | null {
  const office = officeOf(caseId);
  const organisations = useOrganisations(office !== null);
  if (office === null) return null;
  return organisations.data?.organisations.find((o) => officeOfOrganisation(o.id) === office)?.name ?? office;
}

/**
 * A case as people know it: the office's own reference (Aktenzeichen) first, then the office that
 * leads it. References are unique per office only (docs/adr/0024), so the office tells two cases
 * with the same reference apart; the full id is in the address bar and the title attribute.
 */
export function CaseRef({ caseId }: { caseId: string }) {
  const office = useOfficeName(caseId);
  return (
    <>
      <span className="case-ref" title={caseId}>
        {referenceOf(caseId)}
      </span>
      {office && <span className="case-office"> ({office})</span>}
    </>
  );
}

/** The reference alone, for running text and titles (the office is shown beside it elsewhere). */
export const caseReference = (caseId: string): string => referenceOf(caseId);
