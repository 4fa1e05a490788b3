import type { NetworkReferralSentData, Principal } from '@hilfenetz/contracts';
import {
  foldReferral,
  isReferralOpen,
  mayDecideReferral,
  maySeeFamily,
  referralTimes,
  refuseReferral,
} from './referral';
import { foldConsultations, mayAnswer, maySeeConsultation } from './consultation';
import { foldAnnualGoals } from './annual-goals';
import { consentToday } from './network.rules';
import type { NetworkState } from './network.state';

const state: NetworkState = {
  networkId: 'net-unit',
  name: 'Netz',
  kind: 'cooperation',
  region: 'Lindenau',
  coordinatingOrganisationIds: ['org-jugendamt'],
  subNetworks: [],
  partners: [
    {
      organisationId: 'org-hebammen',
      profile: { name: 'Hebammen', kind: 'hebammendienst', targetGroups: ['familien_0_3'], region: 'L' },
      joinedAt: '2026-01-01T00:00:00.000Z',
      contact: null,
      offers: [
        {
          offerId: 'off-1',
          publishedAt: '2026-01-01T00:00:00.000Z',
          offer: {
            title: 'T',
            description: 'D',
            targetGroups: ['familien_0_3'],
            region: 'L',
            place: 'P',
            howToReach: 'H',
            cost: 'kostenlos',
            languages: ['de'],
          },
        },
      ],
    },
    {
      organisationId: 'org-traeger',
      profile: { name: 'Träger', kind: 'traeger', targetGroups: ['familien_0_3'], region: 'L' },
      joinedAt: '2026-01-01T00:00:00.000Z',
      contact: null,
      offers: [],
    },
  ],
};
const user = (organisationId: string, role: Principal['roles'][number] = 'provider_staff'): Principal =>
  ({ id: `u-${organisationId}`, roles: [role], organisationId }) as Principal;

const sent = {
  networkId: 'net-unit',
  referralId: 'nr-1',
  subjectId: 'subj-1',
  fromOrganisationId: 'org-traeger',
  toOrganisationId: 'org-hebammen',
  offerId: 'off-1',
} as NetworkReferralSentData;

describe('referrals between partners (issue 17 part 6)', () => {
  it('reminds a day before the deadline, or halfway through a one-day deadline', () => {
    expect(referralTimes('2026-12-01T10:00:00.000Z', 5)).toEqual({
      remindAt: '2026-12-05T10:00:00.000Z',
      respondBy: '2026-12-06T10:00:00.000Z',
    });
    expect(referralTimes('2026-12-01T10:00:00.000Z', 1).remindAt).toBe('2026-12-01T22:00:00.000Z');
  });

  it('refers only to another partner’s own offer, and only as a member', () => {
    expect(refuseReferral(state, user('org-traeger'), 'org-hebammen', 'off-1')).toBeNull();
    expect(refuseReferral(state, user('org-hebammen'), 'org-hebammen', 'off-1')?.field).toBe('body.toOrganisationId');
    expect(refuseReferral(state, user('org-traeger'), 'org-hebammen', 'off-2')?.field).toBe('body.offerId');
    expect(refuseReferral(state, user('org-fremd'), 'org-hebammen', 'off-1')?.refusal.code).toBe('network.not_member');
  });

  it('is open until decided or erased; only the receiver decides; the family is for the two partners', () => {
    const r = foldReferral([{ type: 'NetworkReferralSent', data: sent }])!;
    expect(isReferralOpen(r)).toBe(true);
    expect(mayDecideReferral(user('org-hebammen'), r)).toBe(true);
    expect(mayDecideReferral(user('org-traeger'), r)).toBe(false);
    expect(maySeeFamily(user('org-jugendamt', 'network_coordinator'), r)).toBe(false);
    const decided = foldReferral([
      { type: 'NetworkReferralSent', data: sent },
      { type: 'NetworkReferralDecided', data: { decision: 'accepted', decidedAt: 'x', late: false } },
    ])!;
    expect(isReferralOpen(decided)).toBe(false);
    const erased = foldReferral([
      { type: 'NetworkReferralSent', data: sent },
      { type: 'NetworkReferralFamilyErased', data: {} },
    ])!;
    expect(isReferralOpen(erased)).toBe(false);
  });
});

describe('anonymous consultations (issue 17 part 5)', () => {
  const asked = {
    type: 'NetworkConsultationRequested',
    data: {
      consultationId: 'nc-1',
      subjectId: 's',
      addressedTo: { kind: 'specialist', organisationId: 'org-traeger', specialty: 'insoweit_erfahrene_fachkraft' },
      text: {},
      askedBy: { id: 'u', role: 'partner_contact', organisationId: 'org-hebammen' },
      askedAt: '2026-12-01T10:00:00.000Z',
    },
  };
  it('a specialist’s consultation is for the asker, the specialist and the coordination until it is a case example', () => {
    const [c] = foldConsultations([asked]);
    expect(mayAnswer(state, user('org-traeger'), c!)).toBe(true);
    expect(mayAnswer(state, user('org-hebammen'), c!)).toBe(false);
    expect(maySeeConsultation(state, user('org-jugendamt', 'network_coordinator'), c!)).toBe(true);
    const [example] = foldConsultations([
      asked,
      { type: 'NetworkConsultationCaseExampleMarked', data: { consultationId: 'nc-1', caseExample: true } },
    ]);
    expect(example!.caseExample).toBe(true);
  });
});

describe('annual goals (issue 17 part 7)', () => {
  it('start planned and keep every status change', () => {
    const by = { id: 'u', role: 'network_coordinator', organisationId: 'org-jugendamt' };
    const goals = foldAnnualGoals([
      {
        type: 'NetworkAnnualGoalSet',
        data: { goalId: 'ng-1', year: 2026, title: 'Ziel', plan: [{ step: 'Schritt' }], setBy: by, setAt: 'a' },
      },
      {
        type: 'NetworkAnnualGoalStatusChanged',
        data: { goalId: 'ng-1', status: 'achieved', changedBy: by, changedAt: 'b' },
      },
    ]);
    expect(goals.map((g) => [g.status, g.history.map((h) => h.status)])).toEqual([
      ['achieved', ['planned', 'achieved']],
    ]);
  });
});

describe('the consent date (issues 17 parts 2 and 6)', () => {
  it('is today in Germany: after midnight in Berlin it is the next day while UTC says the day before', () => {
    expect(consentToday(new Date('2026-12-03T23:30:00Z'))).toBe('2026-12-04');
    expect(consentToday(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01');
  });
});
