import type { CooperationAgreement } from '@hilfenetz/contracts';
import { agreementFromData } from './agreement-data';
import lindenau2026v1 from './data/lindenau-krisenkooperation.2026-1.json';

/**
 * Demo agreement of the fictional Landkreis Lindenau (organisation ids as in the demo identity
 * provider), as versioned seed data in `./data`. Modelled on seed 002: the youth office leads, the
 * Wohngruppe Birkenhof is the provider, KJP St. Marien the clinic of first call with the Nordklinik
 * behind it. Phone numbers are from the fictional 09999 area. The guardians' own numbers live
 * encrypted in the case file: the agreement only says who tries to reach them (the ASD) and in
 * which order; guardians have no account, so the ASD records that (and when) they were reached.
 * A change is a new file with a new version, never an edit (running crises keep their version).
 */
export const lindenauAgreementV1: CooperationAgreement = agreementFromData(
  lindenau2026v1,
  'lindenau-krisenkooperation.2026-1.json',
);
