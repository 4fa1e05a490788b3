import type { CooperationAgreement } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '../agreement/lindenau.agreement';
import {
  breakGlassEligibility,
  breakGlassRulesOf,
  defaultBreakGlassRules,
  grantCovers,
  grantTimes,
  notifiesDataProtectionOfficer,
  reviewDecisionRefusal,
} from './break-glass.policy';

const readers = ['caseworker', 'on_call', 'supervisor'] as const;
const withPartnerOffice: CooperationAgreement = {
  ...lindenauAgreementV1,
  organisations: [
    ...lindenauAgreementV1.organisations,
    { id: 'org-jugendamt-partner', name: 'Jugendamt Partnerkreis', roles: ['youth_office_on_call'] },
  ],
  breakGlass: { roles: ['on_call', 'caseworker'] },
};

describe('who may break the glass', () => {
  it('nobody when the lead office works under no agreement', () => {
    expect(breakGlassEligibility({ roles: ['on_call'], organisationId: 'org-x' }, null, readers)).toEqual({
      kind: 'refused',
      why: 'no_agreement',
    });
  });

  it('nobody of an organisation the agreement does not name (the neighbour district)', () => {
    const user = { roles: ['caseworker' as const], organisationId: 'org-jugendamt-nachbarkreis' };
    expect(breakGlassEligibility(user, withPartnerOffice, readers)).toMatchObject({ why: 'not_a_partner' });
  });

  it('a partner only with a role the agreement names, and one the endpoint reads with', () => {
    const partner = (role: 'on_call' | 'supervisor' | 'caseworker') => ({
      roles: [role],
      organisationId: 'org-jugendamt-partner',
    });
    expect(breakGlassEligibility(partner('on_call'), withPartnerOffice, readers)).toMatchObject({
      kind: 'eligible',
      role: 'on_call',
    });
    expect(breakGlassEligibility(partner('supervisor'), withPartnerOffice, readers)).toMatchObject({
      why: 'role_not_named',
    });
    expect(breakGlassEligibility(partner('caseworker'), withPartnerOffice, ['on_call'])).toMatchObject({
      why: 'role_not_named',
    });
  });

  it('an agreement without break-glass rules names the on-call service only', () => {
    expect(breakGlassRulesOf(lindenauAgreementV1)).toEqual(defaultBreakGlassRules);
    const clinic = { roles: ['clinic_staff' as const], organisationId: 'org-kjp-st-marien' };
    expect(breakGlassEligibility(clinic, lindenauAgreementV1, [...readers, 'clinic_staff'])).toMatchObject({
      why: 'role_not_named',
    });
  });
});

describe('one reason covers a bounded time', () => {
  it('covers reads until coversUntil, and the review is due after the deadline', () => {
    const now = new Date('2026-11-20T22:00:00.000Z');
    const times = grantTimes(now, { ...defaultBreakGlassRules, coverMinutes: 30 });
    expect(times).toEqual({ coversUntil: '2026-11-20T22:30:00.000Z', dueAt: '2026-11-23T22:00:00.000Z' });
    const grant = { reviewId: '7', coversUntil: times.coversUntil };
    expect(grantCovers(grant, new Date('2026-11-20T22:29:59.000Z'))).toBe(true);
    expect(grantCovers(grant, new Date('2026-11-20T22:30:00.000Z'))).toBe(false);
    expect(grantCovers(null, now)).toBe(false);
  });
});

describe('the review', () => {
  const lead = 'org-jugendamt-lindenau';
  it('is decided once, by a supervisor of the lead office; others do not learn of it', () => {
    const open = { leadOrganisationId: lead, decided: false };
    expect(reviewDecisionRefusal({ roles: ['supervisor'], organisationId: lead }, open)).toBeNull();
    expect(reviewDecisionRefusal({ roles: ['caseworker'], organisationId: lead }, open)?.code).toBe(
      'break_glass_review.not_found',
    );
    expect(reviewDecisionRefusal({ roles: ['supervisor'], organisationId: 'org-other' }, open)?.code).toBe(
      'break_glass_review.not_found',
    );
    expect(
      reviewDecisionRefusal({ roles: ['supervisor'], organisationId: lead }, { ...open, decided: true })?.code,
    ).toBe('break_glass_review.decided');
  });

  it('"nicht berechtigt" notifies the data protection officer', () => {
    expect(notifiesDataProtectionOfficer('unjustified')).toBe(true);
    expect(notifiesDataProtectionOfficer('justified')).toBe(false);
  });
});
