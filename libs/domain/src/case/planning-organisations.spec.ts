import { emptyCaseFacts, foldCaseFacts, type CaseStreamEvent } from './case-facts';
import { planningOrganisationsOf } from './planning-organisations';

const at = '2026-12-01T10:00:00.000Z';
let version = 0;
const event = (type: string, data: unknown, organisationId = 'org-jugendamt-lindenau'): CaseStreamEvent => ({
  type,
  data,
  streamVersion: ++version,
  metadata: { actorId: 'u-1', organisationId },
});
const registered = (careProviderOrganisationId?: string) =>
  event('CaseRegistered', {
    caseId: 'F-1',
    leadOrganisationId: 'org-jugendamt-lindenau',
    youngPersonSubjectId: 's-1',
    youngPerson: { $sealed: 'A256GCM', keyId: 'k', iv: 'i', ciphertext: 'c', tag: 't' },
    ...(careProviderOrganisationId ? { careProviderOrganisationId } : {}),
    registeredAt: at,
  });

describe('planningOrganisationsOf', () => {
  it('names the Träger caring for the case and the clinic and Träger the discharge requested, per party', () => {
    const facts = foldCaseFacts(emptyCaseFacts('F-1'), [
      registered('org-traeger-a'),
      event('HilfeplanungRequested', {
        crisisId: 'c-1',
        caseId: 'F-1',
        participants: [
          { party: 'youth_office', organisationId: 'org-ja' },
          { party: 'clinic', organisationId: 'org-kjp-b' },
          { party: 'provider', organisationId: 'org-traeger-a' },
          { party: 'guardian', organisationId: 'org-ja' },
        ],
        requestedAt: at,
      }),
    ]);
    expect(planningOrganisationsOf(facts)).toEqual({ clinic: ['org-kjp-b'], provider: ['org-traeger-a'] });
  });

  it('names the clinic the youth office chose when it started the planning by hand', () => {
    const facts = foldCaseFacts(emptyCaseFacts('F-1'), [
      registered(),
      event('HilfeplanungStarted', {
        planningId: 'hp-F-1',
        caseId: 'F-1',
        cycle: 1,
        origin: { kind: 'manual', clinicOrganisationId: 'org-kjp-nord' },
        startedAt: at,
      }),
    ]);
    expect(planningOrganisationsOf(facts)).toEqual({ clinic: ['org-kjp-nord'], provider: [] });
  });

  it('names nobody outside the youth office for a planning without discharge, clinic or Träger', () => {
    expect(planningOrganisationsOf(foldCaseFacts(emptyCaseFacts('F-1'), [registered()]))).toEqual({
      clinic: [],
      provider: [],
    });
  });
});
