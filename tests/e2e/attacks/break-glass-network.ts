import type { CooperationAgreement } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { mintToken } from './attack-support';

/**
 * A cooperation network of its own per test run (ids tagged), so that signing it changes nothing
 * for the other tests: a lead youth office, Lindenau's partners renamed, and a neighbouring youth
 * office as a partner whose on-call service may break the glass (docs/adr/0019).
 */
export function breakGlassNetwork(tag: string) {
  const lead = `org-jugendamt-bg-${tag}`;
  const partner = `org-jugendamt-bgp-${tag}`;
  const json = JSON.stringify(lindenauAgreementV1)
    .replace(/"org-jugendamt-lindenau"/g, `"${lead}"`)
    .replace(/"org-(traeger-birkenhof|kjp-st-marien|kjp-nordklinik|leitstelle-lindenau)"/g, `"org-bg-${tag}-$1"`);
  const base = JSON.parse(json) as CooperationAgreement;
  const agreement: CooperationAgreement = {
    ...base,
    agreementId: `bg-netz-${tag}`,
    version: `2026-${tag}`,
    region: `Break-Glass-Netz ${tag}`,
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    organisations: [
      ...base.organisations,
      { id: partner, name: 'Jugendamt Partnerkreis', roles: ['youth_office_on_call'] },
    ],
    breakGlass: { roles: ['on_call'], coverMinutes: 60, reviewDeadlineHours: 48 },
  };
  /** A real token of the issuer for a demo login, placed in the network's organisations. */
  const as = (username: string, org: string, who: string) =>
    mintToken({ username, claims: { org, sub: `u-bg-${who}-${tag}` } });
  return {
    lead,
    partner,
    agreement,
    leadCaseworker: () => as('fachkraft', lead, 'cw'),
    leadSupervisor: () => as('leitung', lead, 'sv'),
    leadDataProtectionOfficer: () => as('datenschutz', lead, 'dpo'),
    partnerOnCall: () => as('bereitschaft', partner, 'oc'),
    partnerCaseworker: () => as('fachkraft', partner, 'pcw'),
    partnerSupervisor: () => as('leitung', partner, 'psv'),
  };
}
