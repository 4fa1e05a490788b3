import type { LagebildAudience, Principal } from '@hilfenetz/contracts';
import { assembleLagebild, lindenauAgreementV1 as agreement, type LagebildEvent } from '@hilfenetz/domain';
import { lagebildLines, lagebildToPdf } from './lagebild-pdf';

const crisisId = 'crisis-FALL-9-0123456789abcdef0123';
const T0 = '2026-11-25T09:00:00.000Z';
const events: LagebildEvent[] = [
  {
    type: 'CrisisTriggered',
    data: { crisisId, caseId: 'FALL-9', dangerKind: 'others', urgency: 'urgent', triggeredAt: T0 },
    metadata: { actorId: 'u-ja-0001', organisationId: 'org-jugendamt-lindenau' },
  },
  {
    type: 'PartyNotified',
    data: {
      crisisId,
      taskId: 'task-ambulance',
      party: 'ambulance',
      contactId: 'ct-ls-disposition',
      organisationId: 'org-leitstelle-lindenau',
      route: 'always',
      notifiedAt: T0,
      deadline: '2026-11-25T09:05:00.000Z',
    },
  },
  {
    type: 'AmbulanceDispatchReported',
    data: {
      crisisId,
      taskId: 'task-ambulance',
      dispatchReference: 'E-2026-0815',
      expectedArrivalAt: '2026-11-25T09:20:00.000Z',
      reportedBy: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: 'org-leitstelle-lindenau' },
      reportedAt: '2026-11-25T09:03:00.000Z',
    },
  },
];
const by: Principal = {
  id: 'u-ja-0100',
  displayName: 'Frau Engel (Fachaufsicht)',
  roles: ['supervisor'],
  organisationId: 'org-jugendamt-lindenau',
} as Principal;
const report = (audience: LagebildAudience) =>
  assembleLagebild({
    audience,
    availableAudiences: [audience],
    caseId: 'FALL-9',
    crisisId,
    events,
    agreement,
    facts: {
      status: 'available',
      erasedAt: null,
      youngPerson: { givenName: 'Ida', familyName: 'Moor', dateOfBirth: '2010-05-05' },
      situation: { location: 'Marktplatz 1', note: 'aufgebracht', callbackPhone: '+4915112345678' },
      guardians: [],
    },
    people: { 'u-ls-0001': 'Herr Petrov (Leitstelle)' },
    generatedAt: '2026-11-25T09:10:00.000Z',
  });

describe('Lagebild PDF', () => {
  it('prints the supervisor’s version with the names, the place and the operation number', () => {
    const text = lagebildLines(report('supervisor'), by)
      .flatMap((s) => [s.heading, ...s.lines])
      .join('\n');
    for (const expected of [
      'Ida Moor',
      'Marktplatz 1',
      'E-2026-0815',
      'Fremdgefährdung',
      'Herr Petrov',
      'ÜBERSCHRITTEN',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints nothing identifying for the Runder Tisch, not even who printed it or the case reference', () => {
    const text = lagebildLines(report('runder_tisch'), by)
      .flatMap((s) => [s.heading, ...s.lines])
      .join('\n');
    expect(text).toContain('Integrierte Leitstelle Lindenau');
    for (const secret of ['Ida', 'Moor', '2010', 'Marktplatz', '+49', 'E-2026', 'Petrov', 'Engel', 'FALL-9']) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  });

  it('is a PDF', async () => {
    const pdf = await lagebildToPdf(report('runder_tisch'), by);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
