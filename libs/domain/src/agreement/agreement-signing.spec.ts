import type { CooperationAgreement } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import {
  agreementForLeadOffice,
  assertMayPropose,
  builtInSignatures,
  governsAt,
  signingRefusal,
  signingStatus,
  versionInForce,
  type SignatureAct,
  type SignedVersion,
} from './agreement-signing';
import { lindenauAgreementV1 } from './lindenau.agreement';

const LEAD = 'org-jugendamt-lindenau';
const partners = lindenauAgreementV1.organisations.map((o) => o.id);
const builtIn: SignedVersion = { agreement: lindenauAgreementV1, acts: builtInSignatures(lindenauAgreementV1) };
const v2Agreement: CooperationAgreement = {
  ...lindenauAgreementV1,
  version: '2027-1',
  validFrom: '2027-01-01T00:00:00.000Z',
};
const signedBy = (orgs: string[], at: (i: number) => string): SignatureAct[] =>
  orgs.map((organisationId, i) => ({ organisationId, action: 'signed', by: `u-${organisationId}`, at: at(i) }));

describe('agreement versions are in force only once every named partner signed', () => {
  it('a built-in version counts as signed by all partners at its validFrom', () => {
    expect(signingStatus(builtIn)).toMatchObject({
      missing: [],
      inForceFrom: lindenauAgreementV1.validFrom,
      endedAt: null,
    });
    expect(builtIn.acts.every((a) => a.by === 'built-in')).toBe(true);
  });

  it('a proposal signed by some partners governs nothing; the version in force stays', () => {
    const v2: SignedVersion = { agreement: v2Agreement, acts: signedBy([LEAD], () => '2026-12-01T00:00:00.000Z') };
    expect(signingStatus(v2)).toMatchObject({ inForceFrom: null, missing: partners.filter((p) => p !== LEAD) });
    expect(governsAt(v2, '2027-06-01T00:00:00.000Z')).toBe(false);
    expect(versionInForce([builtIn, v2], '2027-06-01T00:00:00.000Z')?.agreement.version).toBe('2026-1');
  });

  it('comes into force at validFrom when the last signature came before it', () => {
    const v2: SignedVersion = {
      agreement: v2Agreement,
      acts: signedBy(partners, (i) => `2026-12-0${i + 1}T00:00:00.000Z`),
    };
    expect(signingStatus(v2).inForceFrom).toBe('2027-01-01T00:00:00.000Z');
    expect(versionInForce([builtIn, v2], '2026-12-31T23:59:59.000Z')?.agreement.version).toBe('2026-1');
    expect(versionInForce([builtIn, v2], '2027-01-01T00:00:00.000Z')?.agreement.version).toBe('2027-1');
  });

  it('comes into force at the last signature when that is after validFrom', () => {
    const v2: SignedVersion = {
      agreement: v2Agreement,
      acts: signedBy(partners, (i) => `2027-02-0${i + 1}T00:00:00.000Z`),
    };
    const last = `2027-02-0${partners.length}T00:00:00.000Z`;
    expect(signingStatus(v2).inForceFrom).toBe(last);
    expect(versionInForce([builtIn, v2], '2027-02-02T00:00:00.000Z')?.agreement.version).toBe('2026-1');
    expect(versionInForce([builtIn, v2], last)?.agreement.version).toBe('2027-1');
  });

  it('a withdrawn signature ends the version for new crises; the previous version governs again', () => {
    const acts: SignatureAct[] = [
      ...signedBy(partners, () => '2027-01-05T00:00:00.000Z'),
      {
        organisationId: 'org-traeger-birkenhof',
        action: 'withdrawn',
        by: 'u-tr-admin',
        at: '2027-03-01T00:00:00.000Z',
      },
      // Signing again after a withdrawal revives nothing: the partners sign a new version.
      { organisationId: 'org-traeger-birkenhof', action: 'signed', by: 'u-tr-admin', at: '2027-03-02T00:00:00.000Z' },
    ];
    const v2: SignedVersion = { agreement: v2Agreement, acts };
    expect(signingStatus(v2)).toMatchObject({
      inForceFrom: '2027-01-05T00:00:00.000Z',
      endedAt: '2027-03-01T00:00:00.000Z',
      withdrawn: { organisationId: 'org-traeger-birkenhof' },
    });
    expect(versionInForce([builtIn, v2], '2027-02-01T00:00:00.000Z')?.agreement.version).toBe('2027-1');
    expect(versionInForce([builtIn, v2], '2027-03-05T00:00:00.000Z')?.agreement.version).toBe('2026-1');
    expect(signingRefusal(v2, LEAD, 'signed')?.code).toBe('agreement.version_ended');
  });

  it('signatures of organisations the version does not name count for nothing', () => {
    const v2: SignedVersion = {
      agreement: v2Agreement,
      acts: signedBy(['org-jugendamt-nachbarkreis', ...partners.slice(1)], () => '2027-01-05T00:00:00.000Z'),
    };
    expect(signingStatus(v2).missing).toEqual([LEAD]);
    expect(signingRefusal(v2, 'org-jugendamt-nachbarkreis', 'signed')?.code).toBe('agreement.not_named');
    expect(signingRefusal(v2, LEAD, 'withdrawn')?.code).toBe('agreement.not_signed');
  });

  it('a proposal a partner withdrew from has ended before it began', () => {
    const acts: SignatureAct[] = [
      ...signedBy([LEAD], () => '2026-12-01T00:00:00.000Z'),
      { organisationId: LEAD, action: 'withdrawn', by: 'u-ja-0900', at: '2026-12-02T00:00:00.000Z' },
      ...signedBy(partners, () => '2026-12-03T00:00:00.000Z'),
    ];
    expect(signingStatus({ agreement: v2Agreement, acts })).toMatchObject({
      inForceFrom: null,
      endedAt: '2026-12-02T00:00:00.000Z',
    });
  });
});

describe('the agreement of a lead office', () => {
  const foreign: CooperationAgreement = {
    ...lindenauAgreementV1,
    agreementId: 'nachbar-uebernahme',
    version: '2099-x',
    validFrom: '2026-01-01T00:00:00.000Z',
  };

  it('ignores a foreign version naming the office, however new, until the office signed it', () => {
    const proposal: SignedVersion = {
      agreement: foreign,
      acts: signedBy(
        partners.filter((p) => p !== LEAD),
        () => '2026-12-01T00:00:00.000Z',
      ),
    };
    expect(agreementForLeadOffice(LEAD, '2027-01-01T00:00:00.000Z', [builtIn, proposal]).agreementId).toBe(
      'lindenau-krisenkooperation',
    );
  });

  it('counts only agreements in which the office is the youth office', () => {
    expect(() => agreementForLeadOffice('org-traeger-birkenhof', '2027-01-01T00:00:00.000Z', [builtIn])).toThrow(
      DomainRuleViolation,
    );
    expect(() => agreementForLeadOffice(LEAD, '2025-01-01T00:00:00.000Z', [builtIn])).toThrow(
      /no cooperation agreement/,
    );
  });

  it('lets an administrator propose only versions naming their own organisation', () => {
    expect(() => assertMayPropose(lindenauAgreementV1, LEAD)).not.toThrow();
    expect(() => assertMayPropose(lindenauAgreementV1, 'org-jugendamt-nachbarkreis')).toThrow(/not named/);
  });
});
