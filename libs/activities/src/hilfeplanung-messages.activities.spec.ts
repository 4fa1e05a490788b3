import type { CooperationAgreement } from '@hilfenetz/contracts';
import { builtInSignatures, lindenauAgreementV1, type SignedVersion } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { createHilfeplanungMessageActivities } from './hilfeplanung-messages.activities';

const LEAD = 'org-jugendamt-lindenau';
const TRAEGER = 'org-traeger-birkenhof';

/** A case of Lindenau cared for by the Birkenhof, as its stream holds it. */
const caseStream = [
  {
    streamId: 'case-F-1',
    streamVersion: 1,
    type: 'CaseRegistered',
    data: {
      caseId: 'F-1',
      leadOrganisationId: LEAD,
      careProviderOrganisationId: TRAEGER,
      youngPersonSubjectId: 's-1',
      youngPerson: { $sealed: 'A256GCM', subjectId: 's-1', iv: 'i', tag: 't', ct: 'c' },
      registeredAt: '2026-11-01T10:00:00.000Z',
    },
    metadata: { actorId: 'u-ja-0001', organisationId: LEAD },
  },
];

/** The next version of the Lindenau agreement: the Birkenhof's planning mail goes to a new mailbox. */
const nextVersion: CooperationAgreement = {
  ...lindenauAgreementV1,
  version: '2026-2',
  validFrom: '2026-11-15T00:00:00.000Z',
  contacts: lindenauAgreementV1.contacts.map((c) =>
    c.id === 'ct-tr-birkenhof-leitung'
      ? { ...c, channels: [{ kind: 'email' as const, address: 'hilfeplanung@wohngruppe-birkenhof.example' }] }
      : c,
  ),
};
const signedBy = (agreement: CooperationAgreement, organisations: string[]): SignedVersion => ({
  agreement,
  acts: organisations.map((organisationId) => ({
    organisationId,
    action: 'signed' as const,
    by: `admin-of-${organisationId}`,
    at: '2026-11-20T09:00:00.000Z',
  })),
});
const builtIn: SignedVersion = { agreement: lindenauAgreementV1, acts: builtInSignatures(lindenauAgreementV1) };

const resolveWith = (versions: SignedVersion[]) =>
  createHilfeplanungMessageActivities({
    eventStore: { readStream: () => Promise.resolve(caseStream) } as unknown as Pick<PostgresEventStore, 'readStream'>,
    vault: { open: () => Promise.reject(new Error('not needed')) },
    channels: [],
    appUrl: 'http://127.0.0.1:5173',
    agreementVersions: () => Promise.resolve(versions),
    clock: () => new Date('2026-12-01T10:00:00.000Z'),
  }).resolveHilfeplanungRecipients;

const providerMail = async (versions: SignedVersion[]) =>
  (
    await resolveWith(versions)({ caseId: 'F-1', parties: ['provider'], guardian: 'none', youngPerson: 'none' })
  ).recipients.map((r) => r.address);

describe('planning mail goes where the case’s agreement in force says (ADR 0015)', () => {
  const everyone = nextVersion.organisations.map((o) => o.id);

  it('a newer version published in the registry and signed by every partner governs', async () => {
    expect(await providerMail([builtIn, signedBy(nextVersion, everyone)])).toEqual([
      'hilfeplanung@wohngruppe-birkenhof.example',
    ]);
  });

  it('a version not yet signed by every partner is a proposal: the version in force still governs', async () => {
    const withoutTraeger = everyone.filter((o) => o !== TRAEGER);
    expect(await providerMail([builtIn, signedBy(nextVersion, withoutTraeger)])).toEqual([
      'leitung@wohngruppe-birkenhof.example',
    ]);
  });
});
