import type { CooperationAgreement } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { agreementByRef, agreementInForceFor, knownAgreements } from './agreement-registry';
import { agreementProblems } from './agreement.validation';
import { lindenauAgreementV1 } from './lindenau.agreement';

describe('cooperation agreements', () => {
  it.each(knownAgreements.map((a) => [`${a.agreementId}@${a.version}`, a] as const))(
    '%s is consistent: every contact exists, every deadline is positive',
    (_label, agreement) => {
      expect(agreementProblems(agreement)).toEqual([]);
    },
  );

  it('the Lindenau demo names the organisations of the demo logins', () => {
    expect(lindenauAgreementV1.organisations.map((o) => o.id).sort()).toEqual([
      'org-jugendamt-lindenau',
      'org-kjp-nordklinik',
      'org-kjp-st-marien',
      'org-leitstelle-lindenau',
      'org-traeger-birkenhof',
    ]);
  });

  it('finds the version in force at the trigger time for a participating organisation', () => {
    const v2: CooperationAgreement = {
      ...lindenauAgreementV1,
      version: '2027-1',
      validFrom: '2027-01-01T00:00:00.000Z',
    };
    const all = [lindenauAgreementV1, v2];
    expect(agreementInForceFor('org-traeger-birkenhof', '2026-11-25T10:00:00.000Z', all).version).toBe('2026-1');
    expect(agreementInForceFor('org-traeger-birkenhof', '2027-03-01T10:00:00.000Z', all).version).toBe('2027-1');
    expect(() => agreementInForceFor('org-elsewhere', '2026-11-25T10:00:00.000Z', all)).toThrow(DomainRuleViolation);
    expect(() => agreementInForceFor('org-traeger-birkenhof', '2025-06-01T10:00:00.000Z', all)).toThrow(
      /no cooperation agreement/,
    );
  });

  it('resolves an exact version and refuses an unknown one', () => {
    expect(agreementByRef({ agreementId: 'lindenau-krisenkooperation', version: '2026-1' })).toBe(lindenauAgreementV1);
    expect(() => agreementByRef({ agreementId: 'lindenau-krisenkooperation', version: '1999-1' })).toThrow(
      DomainRuleViolation,
    );
  });

  it('reports an agreement that routes to a contact it does not list, or puts the supervisor mid-chain', () => {
    const broken: CooperationAgreement = {
      ...lindenauAgreementV1,
      parties: {
        ...lindenauAgreementV1.parties,
        clinic: {
          ...lindenauAgreementV1.parties.clinic,
          route: {
            firstContactId: 'ct-nowhere',
            ackDeadlineMinutes: 0,
            escalation: [
              { kind: 'supervisor', contactId: 'ct-ja-fachaufsicht', ackDeadlineMinutes: 10 },
              { kind: 'on_call', contactId: 'ct-kjp-marien-dienstarzt', ackDeadlineMinutes: 10 },
            ],
          },
        },
      },
    };
    expect(agreementProblems(broken)).toEqual([
      'parties.clinic: unknown first contact ct-nowhere',
      'parties.clinic: acknowledgement deadline must be positive',
      'parties.clinic step 0: a supervisor step can only end the chain',
    ]);
  });
});
