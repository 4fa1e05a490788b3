import { asCaseFactsEvent, emptyCaseFacts, evolveCaseFacts, foldCaseFacts, type CaseStreamEvent } from './case-facts';
import { guardiansOf } from './guardians';

const sealed = (n: string) => ({ $sealed: 'A256GCM' as const, subjectId: 'subj-1', iv: n, tag: n, ct: n });
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

let version = 0;
const ev = (type: string, data: unknown, organisationId = 'org-jugendamt'): CaseStreamEvent => ({
  type,
  data,
  streamVersion: ++version,
  metadata: { actorId: 'u-1', organisationId },
});

describe('case facts', () => {
  beforeEach(() => {
    version = 0;
  });

  it('folds registration, guardians, a crisis with its agreement, discharge, participants, hold and erasure', () => {
    const events = [
      ev('CaseRegistered', {
        caseId: 'c-1',
        youngPersonSubjectId: 'subj-1',
        youngPerson: sealed('yp'),
        leadOrganisationId: 'org-jugendamt',
        careProviderOrganisationId: 'org-traeger',
        registeredAt: at(0),
      }),
      ev('GuardianRecorded', { caseId: 'c-1', guardianId: 'g-a', rank: 1, details: sealed('a'), recordedAt: at(1) }),
      ev('GuardianRecorded', { caseId: 'c-1', guardianId: 'g-b', rank: 2, details: sealed('b'), recordedAt: at(1) }),
      ev('GuardianDetailsChanged', { caseId: 'c-1', guardianId: 'g-b', details: sealed('b2'), changedAt: at(2) }),
      ev('GuardianRemoved', { caseId: 'c-1', guardianId: 'g-a', removedAt: at(3) }),
      ev('CrisisTriggered', {
        crisisId: 'k-1',
        caseId: 'c-1',
        dangerKind: 'self',
        urgency: 'immediate',
        triggeredAt: at(4),
        agreement: { agreementId: 'lindenau', version: '2026-1' },
      }),
      ev('PartyNotified', { crisisId: 'k-1' }),
      ev('AmbulanceDispatchReported', {
        crisisId: 'k-1',
        dispatchReference: 'RD-1',
        expectedArrivalAt: at(9),
        reportedAt: at(5),
      }),
      ev('AmbulanceDispatchReported', { crisisId: 'k-1', dispatchReference: 'RD-2', reportedAt: at(6) }),
      ev('AdmissionDecided', { crisisId: 'k-1', decision: 'admitted_voluntary', decidedAt: at(7) }),
      ev('DischargeAnnounced', { crisisId: 'k-1', plannedFor: at(20), announcedAt: at(8) }),
      ev('HilfeplanungRequested', {
        crisisId: 'k-1',
        caseId: 'c-1',
        participants: [
          { party: 'clinic', organisationId: 'org-klinik' },
          { party: 'provider', organisationId: 'org-traeger' },
        ],
        requestedAt: at(8),
      }),
      ev('LegalHoldPlaced', { caseId: 'c-1', reason: 'Verfahren', placedAt: at(9) }),
      ev('DataSubjectErased', { caseId: 'c-1', subjectId: 'subj-1', reason: 'Löschfrist', erasedAt: at(10) }),
    ];
    const facts = foldCaseFacts(emptyCaseFacts('c-1'), events);
    expect(facts).toMatchObject({
      version: events.length,
      leadOrganisationId: 'org-jugendamt',
      careProviderOrganisationId: 'org-traeger',
      registration: { youngPersonSubjectId: 'subj-1', registeredAt: at(0) },
      participants: [
        { party: 'clinic', organisationId: 'org-klinik' },
        { party: 'provider', organisationId: 'org-traeger' },
      ],
      legalHold: { placedAt: at(9) },
      erasure: { subjectId: 'subj-1', erasedAt: at(10) },
    });
    expect(facts.guardians).toEqual(guardiansOf(events));
    expect(facts.crises).toEqual([
      {
        crisisId: 'k-1',
        dangerKind: 'self',
        urgency: 'immediate',
        triggeredAt: at(4),
        triggeredBy: { actorId: 'u-1', organisationId: 'org-jugendamt' },
        agreement: { agreementId: 'lindenau', version: '2026-1' },
        situation: null,
        ambulance: { dispatchReference: 'RD-2', expectedArrivalAt: at(9), reportedAt: at(6) },
        admission: 'admitted_voluntary',
        discharge: { plannedFor: at(20), announcedAt: at(8) },
        cancelledAt: null,
      },
    ]);
  });

  it('a bare crisis reference is led by the organisation that opened the stream', () => {
    const facts = foldCaseFacts(emptyCaseFacts('c-2'), [
      ev(
        'CrisisTriggered',
        { crisisId: 'k-2', caseId: 'c-2', dangerKind: 'others', urgency: 'urgent', triggeredAt: at(1) },
        'org-traeger',
      ),
      ev('PartyNotified', { crisisId: 'k-2' }, 'org-other'),
    ]);
    expect(facts.leadOrganisationId).toBe('org-traeger');
    expect(facts.registration).toBeNull();
    expect(facts.crises[0]?.agreement).toBeNull();
  });

  it('snapshot plus tail gives the same facts as the whole stream; folded versions change nothing', () => {
    const events = [
      ev('CaseRegistered', {
        caseId: 'c-3',
        youngPersonSubjectId: 'subj-3',
        youngPerson: sealed('yp'),
        leadOrganisationId: 'org-jugendamt',
        registeredAt: at(0),
      }),
      ev('GuardianRecorded', { caseId: 'c-3', guardianId: 'g-a', rank: 1, details: sealed('a'), recordedAt: at(1) }),
      ev('CrisisTriggered', {
        crisisId: 'k-3',
        caseId: 'c-3',
        dangerKind: 'self',
        urgency: 'soon',
        triggeredAt: at(2),
      }),
      ev('CrisisCancelled', { crisisId: 'k-3', reason: 'Fehlalarm', cancelledAt: at(3) }),
    ];
    const whole = foldCaseFacts(emptyCaseFacts('c-3'), events);
    const snapshot = JSON.parse(JSON.stringify(foldCaseFacts(emptyCaseFacts('c-3'), events.slice(0, 2))));
    expect(foldCaseFacts(snapshot, events.slice(2))).toEqual(whole);
    expect(foldCaseFacts(whole, events)).toBe(whole);
    expect(evolveCaseFacts(whole, events[0]!)).toBe(whole);
  });

  it('narrows only the events it reads', () => {
    expect(asCaseFactsEvent({ type: 'PartyNotified', data: {} })).toBeNull();
    expect(asCaseFactsEvent({ type: 'CaseRegistered', data: {} })?.type).toBe('CaseRegistered');
  });
});
