import {
  decideBriefingAccess,
  decideCaseAccess,
  decideCaseWrite,
  breakGlassReasonHeader,
  parseBreakGlassReason,
  type BreakGlassReason,
} from './case-access.policy';

const lead = 'org-jugendamt-lindenau';
const neighbour = 'org-jugendamt-nachbarkreis';
const none: BreakGlassReason = { kind: 'absent' };
const reason: BreakGlassReason = { kind: 'valid', reason: 'Nachtbereitschaft: Jugendlicher in Obhut genommen' };

describe('who may read a case', () => {
  it.each([
    ['caseworker', 'case_work'],
    ['on_call', 'case_work'],
    ['supervisor', 'supervision'],
    ['auditor', 'audit'],
  ] as const)('the lead organisation’s %s reads the case for %s', (role, purpose) => {
    expect(decideCaseAccess({ roles: [role], organisationId: lead }, lead, 'timeline', none)).toEqual({
      kind: 'allow',
      role,
      purpose,
      breakGlass: false,
    });
  });

  it('someone of another organisation is told that break-glass is possible, and reads with a reason', () => {
    const user = { roles: ['on_call' as const], organisationId: neighbour };
    expect(decideCaseAccess(user, lead, 'case', none)).toEqual({ kind: 'break_glass_possible' });
    expect(decideCaseAccess(user, lead, 'case', reason)).toEqual({
      kind: 'allow',
      role: 'on_call',
      purpose: 'break_glass',
      breakGlass: true,
      reason: 'Nachtbereitschaft: Jugendlicher in Obhut genommen',
    });
  });

  it('a reason from the lead organisation is no break-glass: it is an ordinary read', () => {
    const d = decideCaseAccess({ roles: ['caseworker'], organisationId: lead }, lead, 'case', reason);
    expect(d).toMatchObject({ kind: 'allow', breakGlass: false, purpose: 'case_work' });
  });

  it('roles that do not read case files are denied, whatever their organisation', () => {
    for (const role of ['provider_staff', 'clinic_staff', 'ambulance_dispatch', 'administrator'] as const) {
      expect(decideCaseAccess({ roles: [role], organisationId: lead }, lead, 'timeline', reason).kind).toBe('deny');
    }
  });

  it('the access log is for the lead organisation’s supervisors and auditors only, never by break-glass', () => {
    expect(decideCaseAccess({ roles: ['auditor'], organisationId: lead }, lead, 'access_log', none).kind).toBe('allow');
    expect(decideCaseAccess({ roles: ['caseworker'], organisationId: lead }, lead, 'access_log', none).kind).toBe(
      'deny',
    );
    expect(
      decideCaseAccess({ roles: ['supervisor'], organisationId: neighbour }, lead, 'access_log', reason).kind,
    ).toBe('deny');
  });

  it('a user with several roles reads under the first role that reads case files', () => {
    const d = decideCaseAccess({ roles: ['administrator', 'supervisor'], organisationId: lead }, lead, 'case', none);
    expect(d).toMatchObject({ kind: 'allow', role: 'supervisor', purpose: 'supervision' });
  });
});

describe('the break-glass reason header', () => {
  it('is absent when missing or blank', () => {
    expect(parseBreakGlassReason(undefined)).toEqual({ kind: 'absent' });
    expect(parseBreakGlassReason('   ')).toEqual({ kind: 'absent' });
  });

  it('must say something: at least 10 characters after trimming, at most 500', () => {
    expect(parseBreakGlassReason('  Notfall  ').kind).toBe('invalid');
    expect(parseBreakGlassReason('x'.repeat(501)).kind).toBe('invalid');
    expect(parseBreakGlassReason('\u00a0'.repeat(3)).kind).toBe('invalid');
    expect(parseBreakGlassReason('  Selbstgefährdung, Leitung nicht erreichbar ')).toEqual({
      kind: 'valid',
      reason: 'Selbstgefährdung, Leitung nicht erreichbar',
    });
  });
});

describe('parties of a crisis or planning', () => {
  const provider = { roles: ['provider_staff' as const], organisationId: 'org-traeger-birkenhof' };
  it('a provider whose organisation holds a task reads its part, recorded as participation', () => {
    const taking = { kind: 'organisations' as const, organisationIds: ['org-kjp-st-marien', 'org-traeger-birkenhof'] };
    expect(decideCaseAccess(provider, lead, 'crisis', none, taking)).toEqual({
      kind: 'allow',
      role: 'provider_staff',
      purpose: 'participation',
      breakGlass: false,
    });
  });
  it('a provider taking no part is denied, with no break-glass offer, even with a reason', () => {
    const other = { kind: 'organisations' as const, organisationIds: ['org-kjp-st-marien'] };
    expect(decideCaseAccess(provider, lead, 'crisis', reason, other).kind).toBe('deny');
  });
  it('a clinic of the planning reads it as a participant; another clinic is denied', () => {
    const planning = { kind: 'organisations' as const, organisationIds: ['org-kjp-st-marien'] };
    const marien = { roles: ['clinic_staff' as const], organisationId: 'org-kjp-st-marien' };
    const nord = { roles: ['clinic_staff' as const], organisationId: 'org-kjp-nordklinik' };
    expect(decideCaseAccess(marien, lead, 'hilfeplan', none, planning)).toMatchObject({
      kind: 'allow',
      purpose: 'participation',
    });
    expect(decideCaseAccess(nord, lead, 'hilfeplan', reason, planning).kind).toBe('deny');
  });
  it('participation does not open anything to other roles', () => {
    const dispatch = { roles: ['ambulance_dispatch' as const], organisationId: 'org-leitstelle' };
    const all = { kind: 'organisations' as const, organisationIds: ['org-leitstelle'] };
    expect(decideCaseAccess(dispatch, lead, 'crisis', none, all).kind).toBe('deny');
  });
  it('the youth office of another organisation is still offered break-glass', () => {
    const user = { roles: ['caseworker' as const], organisationId: neighbour };
    const planning = { kind: 'organisations' as const, organisationIds: [neighbour] };
    expect(decideCaseAccess(user, lead, 'hilfeplanung', none, planning)).toEqual({
      kind: 'break_glass_possible',
    });
  });
});

describe('who may change a case', () => {
  it('the lead organisation', () => {
    expect(decideCaseWrite({ organisationId: lead }, lead)).toEqual({ kind: 'allow' });
  });
  it('no other organisation, and there is no break-glass for writes', () => {
    expect(decideCaseWrite({ organisationId: neighbour }, lead).kind).toBe('deny');
  });
  it('anyone may write first to a case nobody has written to: they then lead it', () => {
    expect(decideCaseWrite({ organisationId: neighbour }, null)).toEqual({ kind: 'allow' });
  });
});

describe('who may read a task briefing', () => {
  const clinic = 'org-kjp-st-marien';
  it('the holding organisation reads it for its participation, the lead office for case work', () => {
    expect(decideBriefingAccess({ roles: ['clinic_staff'], organisationId: clinic }, lead, clinic)).toEqual({
      kind: 'allow',
      role: 'clinic_staff',
      purpose: 'participation',
    });
    expect(
      decideBriefingAccess({ roles: ['ambulance_dispatch'], organisationId: 'org-ls' }, lead, 'org-ls'),
    ).toMatchObject({ kind: 'allow', purpose: 'participation' });
    expect(decideBriefingAccess({ roles: ['caseworker'], organisationId: lead }, lead, clinic)).toMatchObject({
      kind: 'allow',
      purpose: 'case_work',
    });
    expect(decideBriefingAccess({ roles: ['supervisor'], organisationId: lead }, lead, clinic)).toMatchObject({
      kind: 'allow',
      purpose: 'supervision',
    });
  });

  it('anyone else does not learn that the task exists, break-glass or not', () => {
    expect(
      decideBriefingAccess({ roles: ['clinic_staff'], organisationId: 'org-kjp-nordklinik' }, lead, clinic),
    ).toEqual({ kind: 'hidden' });
    expect(decideBriefingAccess({ roles: ['caseworker'], organisationId: neighbour }, lead, clinic)).toEqual({
      kind: 'hidden',
    });
    expect(decideBriefingAccess({ roles: ['auditor'], organisationId: lead }, lead, clinic)).toEqual({
      kind: 'hidden',
    });
  });
});

describe('the X-Break-Glass-Reason pattern the OpenAPI document states', () => {
  // Whatever the pattern admits the parser takes, whatever it refuses the parser refuses: a
  // client (or the fuzzer) following the document is never surprised.
  it.each([
    '',
    '  ',
    'Notfall',
    'x'.repeat(9),
    'x'.repeat(10),
    ' x'.repeat(5),
    '\u00a0'.repeat(12),
    '\u00a0Nachtdienst: Jugendlicher in Obhut\u00a0',
    'x'.repeat(500),
    'x'.repeat(501),
    '\tSelbstgefährdung, Leitung nicht erreichbar\t',
  ])('agrees with the parser on %j', (value) => {
    const admitted = breakGlassReasonHeader.safeParse(value).success;
    expect(parseBreakGlassReason(value).kind === 'invalid').toBe(!admitted);
  });
});
