import { lagebildAudiences, lagebildDto, type LagebildAudience } from '@hilfenetz/contracts';
import { lindenauAgreementV1 as agreement } from '../agreement/lindenau.agreement';
import { assembleLagebild, crisisTaskHolders, type LagebildEvent, type LagebildFacts } from './lagebild';
import { lagebildAccessFor, lagebildFieldsFor } from './lagebild-audience';

// Wednesday 25 Nov 2026, 10:00 local.
const T0 = '2026-11-25T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const crisisId = 'crisis-FALL-1-0123456789abcdef0123';
const caseId = 'FALL-1';
const JA = 'org-jugendamt-lindenau';
const LS = 'org-leitstelle-lindenau';
const KJP = 'org-kjp-st-marien';
const TR = 'org-traeger-birkenhof';

const ev = (type: string, data: Record<string, unknown>, metadata?: LagebildEvent['metadata']): LagebildEvent => ({
  type,
  data: { crisisId, ...data },
  ...(metadata ? { metadata } : {}),
});
const notified = (party: string, contactId: string, organisationId: string) =>
  ev('PartyNotified', {
    taskId: `task-${party}`,
    party,
    contactId,
    organisationId,
    route: 'always',
    notifiedAt: at(0),
    deadline: at(party === 'guardian' ? 30 : 5),
  });

const events: LagebildEvent[] = [
  { type: 'CaseRegistered', data: { caseId } },
  ev(
    'CrisisTriggered',
    {
      caseId,
      dangerKind: 'self',
      urgency: 'immediate',
      triggeredAt: at(0),
      agreement: { agreementId: agreement.agreementId, version: agreement.version },
    },
    { actorId: 'u-ja-0001', organisationId: JA },
  ),
  notified('ambulance', 'ct-ls-disposition', LS),
  notified('clinic', 'ct-kjp-marien-aufnahme', KJP),
  notified('youth_office', 'ct-ja-asd-fallfuehrung', JA),
  notified('provider', 'ct-tr-birkenhof-gruppe', TR),
  notified('guardian', 'ct-sorge-kontakt-1', JA),
  ev('NotificationAttempted', {
    taskId: 'task-ambulance',
    contactId: 'ct-ls-disposition',
    attemptId: 'task-ambulance/ct-ls-disposition/0',
    channel: 'in_app',
    attemptedAt: at(0),
    windowEndsAt: at(1),
  }),
  ev('NotificationDelivered', {
    taskId: 'task-ambulance',
    contactId: 'ct-ls-disposition',
    attemptId: 'task-ambulance/ct-ls-disposition/0',
    channel: 'in_app',
    confirmedBy: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: LS },
    deliveredAt: at(0.2),
  }),
  ev('NotificationAttempted', {
    taskId: 'task-guardian',
    contactId: 'ct-sorge-kontakt-1',
    attemptId: 'task-guardian/ct-sorge-kontakt-1/0',
    channel: 'phone',
    attemptedAt: at(0),
    windowEndsAt: at(1),
  }),
  ev('NotificationNotDelivered', {
    taskId: 'task-guardian',
    contactId: 'ct-sorge-kontakt-1',
    attemptId: 'task-guardian/ct-sorge-kontakt-1/0',
    channel: 'phone',
    cause: 'channel_failed',
    recordedAt: at(0.5),
  }),
  ev('NotificationSeen', {
    taskId: 'task-clinic',
    seenBy: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: KJP },
    seenAt: at(1),
  }),
  ev('TaskAcknowledged', {
    taskId: 'task-clinic',
    party: 'clinic',
    acknowledgedBy: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: KJP },
    acknowledgedAt: at(2),
    method: 'in_app',
  }),
  ev('TaskDeclined', {
    taskId: 'task-provider',
    party: 'provider',
    contactId: 'ct-tr-birkenhof-gruppe',
    reason: 'Gruppendienst mit Mila Sommer unterwegs',
    declinedBy: { id: 'u-tr-0001', role: 'provider_staff', organisationId: TR },
    declinedAt: at(3),
  }),
  ev('TaskEscalated', {
    taskId: 'task-youth_office',
    party: 'youth_office',
    cause: 'deadline_missed',
    missedDeadline: at(5),
    step: 0,
    kind: 'next_contact',
    fromContactId: 'ct-ja-asd-fallfuehrung',
    toContactId: 'ct-ja-asd-teamleitung',
    toOrganisationId: JA,
    escalatedAt: at(5),
    deadline: at(10),
  }),
  ev('AmbulanceDispatchReported', {
    taskId: 'task-ambulance',
    dispatchReference: 'E-2026-4711',
    expectedArrivalAt: at(15),
    reportedBy: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: LS },
    reportedAt: at(3),
  }),
  ev('AmbulanceDispatchReported', {
    taskId: 'task-ambulance',
    dispatchReference: 'E-2026-4712',
    reportedBy: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: LS },
    reportedAt: at(4),
  }),
  // Another crisis of the same case: never part of this report.
  {
    type: 'PartyNotified',
    data: {
      crisisId: 'crisis-other',
      taskId: 'task-ambulance',
      party: 'ambulance',
      contactId: 'ct-ls-disposition',
      organisationId: LS,
      route: 'always',
      notifiedAt: at(0),
      deadline: at(1),
    },
  },
];

const facts: LagebildFacts = {
  status: 'available',
  erasedAt: null,
  youngPerson: { givenName: 'Mila', familyName: 'Sommer', dateOfBirth: '2011-03-04' },
  situation: {
    location: 'Wohngruppe Birkenhof, Zimmer 4',
    note: 'Droht zu springen',
    callbackPhone: '+4915112345678',
    triggeredByName: 'Frau Aydın (ASD)',
  },
  guardians: [{ guardianId: 'g-1', name: 'Sabine Sommer', relation: 'mother' }],
};
const people = { 'u-ja-0001': 'Frau Aydın (ASD)', 'u-kjp-0001': 'Dr. Brandt', 'u-ls-0001': 'Herr Lenz' };

const report = (audience: LagebildAudience, over: Partial<Parameters<typeof assembleLagebild>[0]> = {}) =>
  assembleLagebild({
    audience,
    availableAudiences: [audience],
    caseId,
    crisisId,
    events,
    agreement,
    facts,
    people,
    generatedAt: at(20),
    ...over,
  });

describe('assembleLagebild', () => {
  it('the supervisor gets everything: names from the sealed data, people, reasons, every task', () => {
    const r = report('supervisor');
    expect(r).toMatchObject({ caseId, crisisId, status: 'open', personalData: 'available' });
    expect(r.conditions).toEqual({
      dangerKind: 'self',
      urgency: 'immediate',
      triggeredAt: at(0),
      triggeredBy: {
        organisation: { id: JA, name: 'Kreisjugendamt Lindenau' },
        displayName: 'Frau Aydın (ASD)',
        callbackPhone: '+4915112345678',
      },
      location: 'Wohngruppe Birkenhof, Zimmer 4',
      situationNote: 'Droht zu springen',
      youngPersonName: 'Mila Sommer',
      dateOfBirth: '2011-03-04',
      ageYears: 15,
      guardians: [{ name: 'Sabine Sommer', relation: 'mother' }],
      receivingClinic: { id: KJP, name: 'Kinder- und Jugendpsychiatrie St. Marien' },
    });
    expect(r.actions.tasks.map((t) => t.party)).toEqual([
      'ambulance',
      'clinic',
      'youth_office',
      'provider',
      'guardian',
    ]);
    const clinic = r.actions.tasks.find((t) => t.party === 'clinic')!;
    expect(clinic).toMatchObject({
      status: 'acknowledged',
      seenAt: at(1),
      acknowledged: { at: at(2), method: 'in_app', personName: 'Dr. Brandt' },
    });
    const ambulance = r.actions.tasks.find((t) => t.party === 'ambulance')!;
    expect(ambulance.deliveries).toEqual([
      {
        contact: { id: 'ct-ls-disposition', label: 'Leitstelle – Disposition Rettungsdienst' },
        channel: 'in_app',
        attemptedAt: at(0),
        outcome: 'delivered',
        outcomeAt: at(0.2),
        cause: null,
      },
    ]);
    // A later report without an ETA keeps the ETA known.
    expect(r.actions.ambulance).toEqual({
      dispatchReference: 'E-2026-4712',
      reportedAt: at(4),
      expectedArrivalAt: at(15),
      organisation: { id: LS, name: 'Integrierte Leitstelle Lindenau' },
    });
    // No receipt came for the clinic's in-app attempt, but the acknowledgement ended the waiting.
    const withPendingClinic = report('supervisor', {
      events: [
        ...events,
        ev('NotificationAttempted', {
          taskId: 'task-clinic',
          contactId: 'ct-kjp-marien-aufnahme',
          attemptId: 'task-clinic/ct-kjp-marien-aufnahme/0',
          channel: 'in_app',
          attemptedAt: at(0),
          windowEndsAt: at(1),
        }),
      ],
    });
    expect(withPendingClinic.actions.tasks.find((t) => t.party === 'clinic')!.deliveries[0]!.outcome).toBe('stopped');
    expect(r.actions.log.find((a) => a.kind === 'declined')).toMatchObject({
      reason: 'Gruppendienst mit Mila Sommer unterwegs',
      personName: null,
    });
    expect(r.actions.log.filter((a) => a.kind === 'alarmed')).toHaveLength(5);
  });

  it('needs: open tasks with overdue deadlines, the missed deadline, and what is missing', () => {
    const r = report('supervisor');
    expect(r.needs.openTasks.map((t) => [t.party, t.overdue])).toEqual([
      ['ambulance', true],
      ['youth_office', true],
      ['provider', true],
      ['guardian', false],
    ]);
    expect(r.needs.missedDeadlines).toEqual([
      {
        party: 'youth_office',
        organisation: { id: JA, name: 'Kreisjugendamt Lindenau' },
        contact: { id: 'ct-ja-asd-fallfuehrung', label: 'ASD – fallführende Fachkraft' },
        deadline: at(5),
        then: 'escalated',
        at: at(5),
      },
    ]);
    expect(r.needs.missing.map((g) => g.kind)).toEqual(['guardian_not_reached', 'no_admission_decision']);
    const withoutDispatch = report('supervisor', {
      events: events.filter((e) => e.type !== 'AmbulanceDispatchReported'),
    });
    expect(withoutDispatch.needs.missing.map((g) => g.kind)).toContain('no_dispatch_reported');
  });

  it('the Leitstelle sees its briefing fields only, no guardian task, no person names or reasons', () => {
    const r = report('leitstelle');
    expect(Object.keys(r.conditions).sort()).toEqual(
      ['ageYears', 'dangerKind', 'location', 'receivingClinic', 'triggeredAt', 'triggeredBy', 'urgency'].sort(),
    );
    expect(r.conditions.triggeredBy).toMatchObject({ callbackPhone: '+4915112345678' });
    expect(r.actions.tasks.map((t) => t.party)).toEqual(['ambulance', 'clinic', 'youth_office']);
    expect(r.actions.ambulance?.dispatchReference).toBe('E-2026-4712');
    const text = JSON.stringify(r);
    for (const secret of ['Mila', 'Sommer', '2011-03-04', 'Droht', 'Dr. Brandt', 'Herr Lenz', 'Sorgeberechtigte']) {
      expect(text).not.toContain(secret);
    }
  });

  it('the clinic sees its briefing fields, the Träger and the ambulance, not the guardians', () => {
    const r = report('clinic');
    expect(r.conditions).toMatchObject({ youngPersonName: 'Mila Sommer', situationNote: 'Droht zu springen' });
    expect(r.conditions).not.toHaveProperty('guardians');
    expect(r.actions.tasks.map((t) => t.party)).toEqual(['ambulance', 'clinic', 'youth_office', 'provider']);
    expect(r.actions.ambulance?.expectedArrivalAt).toBe(at(15));
    expect(JSON.stringify(r)).not.toContain('Sabine');
  });

  it('the Runder Tisch learns organisations and times only: nothing that identifies anyone', () => {
    const r = report('runder_tisch');
    expect(r.caseId).toBeNull();
    expect(r.crisisId).toBeNull();
    expect(r.conditions).toEqual({
      dangerKind: 'self',
      urgency: 'immediate',
      triggeredAt: at(0),
      triggeredBy: { organisation: { id: JA, name: 'Kreisjugendamt Lindenau' } },
      receivingClinic: { id: KJP, name: 'Kinder- und Jugendpsychiatrie St. Marien' },
    });
    expect(r.actions.ambulance).not.toHaveProperty('dispatchReference');
    expect(r.actions.tasks.map((t) => t.party)).toContain('guardian');
    const text = JSON.stringify(r);
    for (const secret of [
      'Mila',
      'Sommer',
      '2011-03-04',
      'Zimmer',
      'Droht',
      '+49',
      'Aydın',
      'Brandt',
      'Lenz',
      'E-2026',
      caseId,
      'u-ja-0001',
      'u-kjp-0001',
    ]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  });

  it.each(lagebildAudiences)('the %s report is what the contract describes', (audience) => {
    expect(lagebildDto.parse(report(audience))).toEqual(report(audience));
  });

  it('after erasure every personal value is null and the report says so', () => {
    const r = report('supervisor', {
      facts: { status: 'erased', erasedAt: at(30), youngPerson: null, situation: null, guardians: null },
    });
    expect(r).toMatchObject({ personalData: 'erased', erasedAt: at(30) });
    expect(r.conditions).toMatchObject({
      location: null,
      youngPersonName: null,
      dateOfBirth: null,
      ageYears: null,
      guardians: null,
      triggeredBy: { displayName: null, callbackPhone: null },
    });
  });

  it('a closed crisis has no open tasks and nothing missing', () => {
    const cancelled = [
      ...events,
      ev('CrisisCancelled', { reason: 'Fehlalarm', cancelledAt: at(6) }, { organisationId: JA }),
    ];
    const r = report('supervisor', { events: cancelled });
    expect(r.status).toBe('cancelled');
    expect(r.needs.openTasks).toEqual([]);
    expect(r.needs.missing).toEqual([]);
    expect(r.actions.cancelledAt).toBe(at(6));
    expect(report('runder_tisch', { events: cancelled }).actions.log.at(-1)).not.toHaveProperty('reason');
  });

  it('shows a trigger that joined the crisis and a late answer recorded as superseded, with their device times', () => {
    const kjpNurse = { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: KJP };
    const merged = [
      ...events,
      ev('CrisisTriggerJoined', {
        joinedBy: { id: 'u-ja-0002', role: 'on_call', organisationId: JA },
        joinedAt: at(7),
        dangerKind: 'others',
        urgency: 'urgent',
        actedOnDevice: { at: at(3), bounded: false },
      }),
      ev('TaskAnswerSuperseded', {
        taskId: 'task-clinic',
        party: 'clinic',
        answer: 'decline',
        answeredBy: kjpNurse,
        receivedAt: at(8),
        actedOnDevice: { at: at(2), bounded: true },
        instead: 'acknowledged',
        insteadBy: kjpNurse,
        insteadAt: at(1),
      }),
    ];
    const log = report('supervisor', { events: merged }).actions.log;
    expect(log.find((a) => a.kind === 'trigger_joined')).toEqual({
      at: at(7),
      kind: 'trigger_joined',
      organisation: { id: JA, name: expect.any(String) },
      personName: null,
      actedOnDevice: { at: at(3), bounded: false },
    });
    expect(log.find((a) => a.kind === 'answer_superseded')).toMatchObject({
      at: at(8),
      kind: 'answer_superseded',
      party: 'clinic',
      organisation: { id: KJP },
      personName: 'Dr. Brandt',
      answer: 'decline',
      instead: 'acknowledged',
      actedOnDevice: { at: at(2), bounded: true },
    });
    // The Runder Tisch learns that it happened, by organisation and time, without names.
    const anonymous = report('runder_tisch', { events: merged }).actions.log;
    expect(anonymous.find((a) => a.kind === 'answer_superseded')).not.toHaveProperty('personName');
    expect(anonymous.find((a) => a.kind === 'trigger_joined')).not.toHaveProperty('personName');
  });
});

describe('lagebildAccessFor and lagebildFieldsFor', () => {
  const holders = { ambulance: LS, clinic: KJP };
  it('the lead office reads every audience; the holders their own; anyone else nothing', () => {
    expect(lagebildAccessFor({ roles: ['supervisor'], organisationId: JA }, JA, holders)).toMatchObject({
      kind: 'allow',
      audiences: ['supervisor', 'leitstelle', 'clinic', 'runder_tisch'],
      purpose: 'supervision',
    });
    expect(lagebildAccessFor({ roles: ['on_call'], organisationId: JA }, JA, holders)).toMatchObject({
      purpose: 'case_work',
    });
    expect(lagebildAccessFor({ roles: ['ambulance_dispatch'], organisationId: LS }, JA, holders)).toMatchObject({
      audiences: ['leitstelle'],
      purpose: 'participation',
    });
    expect(lagebildAccessFor({ roles: ['clinic_staff'], organisationId: KJP }, JA, holders)).toMatchObject({
      audiences: ['clinic'],
    });
    for (const reader of [
      { roles: ['clinic_staff'], organisationId: 'org-kjp-nordklinik' },
      { roles: ['clinic_staff'], organisationId: LS },
      { roles: ['caseworker'], organisationId: 'org-jugendamt-nachbarkreis' },
      { roles: ['provider_staff'], organisationId: TR },
    ]) {
      expect(lagebildAccessFor(reader, JA, holders)).toEqual({ kind: 'hidden' });
    }
  });

  it('the holders of the ambulance and clinic tasks come from the log; an unknown crisis has none', () => {
    expect(crisisTaskHolders(events, crisisId)).toEqual({ ambulance: LS, clinic: KJP });
    expect(crisisTaskHolders(events, 'crisis-unknown')).toBeNull();
  });

  it('the Leitstelle and the clinic get the fields of their briefing, the Runder Tisch no personal field', () => {
    expect(lagebildFieldsFor('leitstelle', agreement)).not.toContain('youngPersonName');
    expect(lagebildFieldsFor('clinic', agreement)).toContain('youngPersonName');
    expect(lagebildFieldsFor('runder_tisch', agreement)).toEqual([
      'dangerKind',
      'urgency',
      'receivingClinic',
      'ambulance',
    ]);
  });
});
