import type { Principal } from '@hilfenetz/contracts';
import {
  isOutsideRead,
  refuseConsentDate,
  refuseContactRecording,
  refuseContactUpdate,
  refuseOfferChange,
  refuseUnlessCoordinator,
  refuseUnlessMember,
} from './network.rules';
import { foldNetwork } from './network.state';
import { offerMatches } from './public-offers';
import { hasSigned } from './signed-agreement';
import { lindenauAgreementV1 } from '../agreement/lindenau.agreement';
import { builtInSignatures } from '../agreement/agreement-signing';

const sealed = { $sealed: 'A256GCM' as const, subjectId: 's-1', iv: 'i', tag: 't', ct: 'c' };
const profile = {
  name: 'Hebammendienst',
  kind: 'hebammendienst' as const,
  targetGroups: ['familien_0_3' as const],
  region: 'Nord',
};
const offer = {
  title: 'Familienhebamme',
  description: 'Hausbesuche im ersten Lebensjahr.',
  targetGroups: ['schwangerschaft' as const, 'familien_0_3' as const],
  region: 'Lindenau-Nord',
  place: 'Zu Hause',
  howToReach: 'Anrufen',
  cost: 'kostenlos',
  languages: ['de', 'tr'],
};
const network = foldNetwork([
  {
    type: 'NetworkFounded',
    data: {
      networkId: 'net-test',
      name: 'Frühe Hilfen',
      kind: 'fruehe_hilfen',
      region: 'Lindenau',
      coordinatingOrganisationIds: ['org-ja', 'org-stadt'],
      subNetworks: [],
      foundedAt: '2026-01-01T00:00:00Z',
    },
  },
  { type: 'NetworkPartnerJoined', data: { organisationId: 'org-hebammen', profile, joinedAt: '2026-01-02T00:00:00Z' } },
  { type: 'NetworkPartnerJoined', data: { organisationId: 'org-praxis', profile, joinedAt: '2026-01-02T00:00:00Z' } },
  { type: 'NetworkPartnerLeft', data: { organisationId: 'org-praxis' } },
  {
    type: 'PartnerContactConsented',
    data: {
      networkId: 'net-test',
      organisationId: 'org-hebammen',
      contactId: 'pc-1',
      subjectId: 's-1',
      consent: { givenOn: '2026-01-02', scope: ['network_directory'], recordedBy: 'u-1' },
      details: sealed,
      recordedAt: '2026-01-02T00:00:00Z',
    },
  },
  {
    type: 'NetworkOfferPublished',
    data: { organisationId: 'org-hebammen', offerId: 'off-1', offer, publishedAt: 'x' },
  },
])!;

const user = (organisationId: string, ...roles: Principal['roles']): Principal => ({
  id: 'u',
  roles,
  organisationId,
  displayName: 'U',
});

describe('network rules (issue 17)', () => {
  it('folds membership, contact and offers; a partner that left is gone', () => {
    expect(network.partners.map((p) => [p.organisationId, p.contact?.contactId ?? null, p.offers.length])).toEqual([
      ['org-hebammen', 'pc-1', 1],
    ]);
    const withdrawn = foldNetwork([
      {
        type: 'NetworkFounded',
        data: {
          networkId: 'n',
          name: 'n',
          kind: 'cooperation',
          region: 'r',
          coordinatingOrganisationIds: ['o'],
          subNetworks: [],
          foundedAt: 'x',
        },
      },
      { type: 'NetworkPartnerJoined', data: { organisationId: 'org-a', profile, joinedAt: 'x' } },
      {
        type: 'PartnerContactConsented',
        data: {
          organisationId: 'org-a',
          contactId: 'pc-2',
          subjectId: 's',
          consent: { givenOn: '2026-01-01', scope: ['network_directory'], recordedBy: 'u' },
          details: sealed,
        },
      },
      { type: 'PartnerContactConsentWithdrawn', data: { organisationId: 'org-a', contactId: 'pc-2' } },
    ]);
    expect(withdrawn?.partners[0]?.contact).toBeNull();
  });

  it('only a network_coordinator of a coordinating organisation manages; either of two joint offices does', () => {
    expect(refuseUnlessCoordinator(network, user('org-ja', 'network_coordinator'))).toBeNull();
    expect(refuseUnlessCoordinator(network, user('org-stadt', 'network_coordinator'))).toBeNull();
    expect(refuseUnlessCoordinator(network, user('org-ja', 'caseworker'))?.code).toBe('network.not_coordinator');
    expect(refuseUnlessCoordinator(network, user('org-hebammen', 'network_coordinator'))?.code).toBe(
      'network.not_coordinator',
    );
  });

  it('members are the coordinating offices and current partners', () => {
    expect(refuseUnlessMember(network, user('org-hebammen', 'partner_contact'))).toBeNull();
    expect(refuseUnlessMember(network, user('org-praxis', 'partner_contact'))?.code).toBe('network.not_member');
  });

  it('the contact person keeps their own entry; the coordination records but does not edit it', () => {
    expect(refuseContactUpdate(network, user('org-hebammen', 'partner_contact'), 'org-hebammen')).toBeNull();
    expect(refuseContactUpdate(network, user('org-ja', 'network_coordinator'), 'org-hebammen')?.code).toBe(
      'network.not_your_partner',
    );
    expect(refuseContactRecording(network, user('org-ja', 'network_coordinator'), 'org-hebammen')).toBeNull();
    expect(refuseContactRecording(network, user('org-ja', 'network_coordinator'), 'org-unknown')?.code).toBe(
      'network.partner_not_found',
    );
  });

  it('offers belong to the partner itself', () => {
    expect(refuseOfferChange(network, user('org-hebammen', 'partner_contact'), 'org-hebammen')).toBeNull();
    expect(refuseOfferChange(network, user('org-ja', 'network_coordinator'), 'org-hebammen')?.code).toBe(
      'network.not_your_partner',
    );
  });

  it('a consent date lies neither in the future nor more than ten years back, and is a real date', () => {
    expect(refuseConsentDate('2026-03-01', '2026-03-01')).toBeNull();
    expect(refuseConsentDate('2026-03-02', '2026-03-01')).toMatch(/future/);
    expect(refuseConsentDate('2016-02-29', '2026-03-01')).toMatch(/ten years/);
    expect(refuseConsentDate('2026-02-30', '2026-03-01')).toBe('not a calendar date');
  });

  it('reads from another organisation are outside reads', () => {
    expect(isOutsideRead('org-ja', 'org-hebammen')).toBe(true);
    expect(isOutsideRead('org-hebammen', 'org-hebammen')).toBe(false);
  });

  it('the public search matches region (case-folded), target group, language and a word', () => {
    expect(offerMatches(offer, { region: 'lindenau-nord', targetGroup: 'schwangerschaft', language: 'tr' })).toBe(true);
    expect(offerMatches(offer, { language: 'ar' })).toBe(false);
    expect(offerMatches(offer, { targetGroup: 'jugendliche' })).toBe(false);
    expect(offerMatches({ ...offer, partnerName: 'Hebammendienst Lindenau' }, { q: 'HEBAMMENDIENST' })).toBe(true);
    expect(offerMatches(offer, { q: 'Kita' })).toBe(false);
  });

  it('a partner names only an agreement version it stands by: signed, not withdrawn since', () => {
    const builtIn = { agreement: lindenauAgreementV1, acts: builtInSignatures(lindenauAgreementV1) };
    expect(hasSigned(builtIn, 'org-traeger-birkenhof')).toBe(true);
    expect(hasSigned(builtIn, 'org-hebammendienst-lindenau')).toBe(false);
    const withdrawn = {
      ...builtIn,
      acts: [
        ...builtIn.acts,
        { organisationId: 'org-traeger-birkenhof', action: 'withdrawn' as const, by: 'u', at: 'x' },
      ],
    };
    expect(hasSigned(withdrawn, 'org-traeger-birkenhof')).toBe(false);
  });
});
