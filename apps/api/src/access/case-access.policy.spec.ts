import { decideCaseAccess, parseBreakGlassReason, type BreakGlassReason } from './case-access.policy';

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
    expect(parseBreakGlassReason('  Selbstgefährdung, Leitung nicht erreichbar ')).toEqual({
      kind: 'valid',
      reason: 'Selbstgefährdung, Leitung nicht erreichbar',
    });
  });
});
