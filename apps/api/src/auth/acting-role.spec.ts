import { actingRole } from './acting-role';

describe('actingRole', () => {
  it('records the task-holding role of a person with several, whatever the token order', () => {
    expect(actingRole(['supervisor', 'caseworker'])).toBe('caseworker');
    expect(actingRole(['administrator', 'clinic_staff'])).toBe('clinic_staff');
  });
  it('keeps a single role, and says unknown for none', () => {
    expect(actingRole(['auditor'])).toBe('auditor');
    expect(actingRole([])).toBe('unknown');
  });
});
