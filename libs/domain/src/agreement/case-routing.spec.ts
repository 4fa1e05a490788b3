import { agreementDiff } from './agreement-diff';
import { agreementProblems } from './agreement.validation';
import { agreementForCase, defaultProviderOf } from './case-routing';
import { lindenauAgreementV1 } from './lindenau.agreement';
import { withSecondTraeger } from './second-traeger.fixture';

describe('a crisis’s provider task follows the case’s Träger', () => {
  const two = withSecondTraeger();

  it('is a usable agreement', () => {
    expect(agreementProblems(two)).toEqual([]);
  });

  it('leaves the agreement untouched without a Träger on file or for the agreement’s own Träger', () => {
    expect(defaultProviderOf(two)).toBe('org-traeger-birkenhof');
    expect(agreementForCase(lindenauAgreementV1, null)).toBe(lindenauAgreementV1);
    expect(agreementForCase(two, undefined)).toBe(two);
    expect(agreementForCase(two, 'org-traeger-birkenhof')).toBe(two);
  });

  it('routes to the case’s Träger by its own route, changing nothing else', () => {
    const routed = agreementForCase(two, 'org-traeger-lindenhof');
    expect(routed.parties.provider.route.firstContactId).toBe('ct-tr-lindenhof-dienst');
    expect(agreementDiff(two, routed).map((c) => c.path)).toEqual([
      'parties.provider.route.firstContactId',
      'parties.provider.route.ackDeadlineMinutes',
      'parties.provider.route.escalation',
    ]);
  });

  it('refuses a Träger the agreement names without a route, or does not name at all', () => {
    expect(() => agreementForCase(lindenauAgreementV1, 'org-traeger-lindenhof')).toThrow(
      /not a provider with its own route/,
    );
    const named = {
      ...two,
      parties: { ...two.parties, provider: { ...two.parties.provider, routesByOrganisation: [] } },
    };
    expect(() => agreementForCase(named, 'org-traeger-lindenhof')).toThrow(
      /agreement\.provider_not_partner|not a provider/,
    );
  });

  it('reports routes per organisation that start at someone else or name no provider', () => {
    const bad = withSecondTraeger();
    bad.parties.provider.routesByOrganisation = [
      {
        organisationId: 'org-kjp-st-marien',
        route: { firstContactId: 'ct-tr-birkenhof-gruppe', ackDeadlineMinutes: 5, escalation: [] },
      },
    ];
    expect(agreementProblems(bad)).toEqual([
      'parties.provider.routesByOrganisation 0: org-kjp-st-marien is not a provider of this agreement',
      'parties.provider.routesByOrganisation 0: the first contact is not one of org-kjp-st-marien',
    ]);
  });
});

describe('the diff a partner reads before signing', () => {
  it('names added organisations and contacts by id and leaves version and validFrom out', () => {
    const changes = agreementDiff(lindenauAgreementV1, withSecondTraeger());
    expect(changes.map((c) => c.path)).toEqual([
      'organisations[org-traeger-lindenhof]',
      'contacts[ct-tr-lindenhof-dienst]',
      'contacts[ct-tr-lindenhof-ruf]',
      'parties.provider.routesByOrganisation',
    ]);
    expect(changes[0]).toMatchObject({ before: undefined, after: { name: 'Jugendhilfe Lindenhof' } });
  });
});
