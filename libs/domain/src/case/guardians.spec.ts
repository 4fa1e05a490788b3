import { guardianForAddress, guardiansOf, nextGuardianRank } from './guardians';

const sealed = (n: string) => ({ $sealed: 'A256GCM' as const, subjectId: 'subj-1', iv: n, tag: n, ct: n });
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe('guardiansOf', () => {
  it('folds recorded, changed and removed guardians into the order to try them', () => {
    const events = [
      { type: 'CaseRegistered', data: {} },
      {
        type: 'GuardianRecorded',
        data: { caseId: 'c-1', guardianId: 'g-aaaa', rank: 1, details: sealed('a'), recordedAt: at(1) },
      },
      {
        type: 'GuardianRecorded',
        data: { caseId: 'c-1', guardianId: 'g-bbbb', rank: 2, details: sealed('b'), recordedAt: at(1) },
      },
      {
        type: 'GuardianDetailsChanged',
        data: { caseId: 'c-1', guardianId: 'g-bbbb', details: sealed('b2'), changedAt: at(2) },
      },
      { type: 'GuardianRemoved', data: { caseId: 'c-1', guardianId: 'g-aaaa', removedAt: at(3) } },
      {
        type: 'GuardianRecorded',
        data: { caseId: 'c-1', guardianId: 'g-cccc', rank: 3, details: sealed('c'), recordedAt: at(4) },
      },
    ];
    const guardians = guardiansOf(events);
    expect(guardians.map((g) => [g.guardianId, g.rank, g.position, g.details.ct, g.changedAt])).toEqual([
      ['g-bbbb', 2, 1, 'b2', at(2)],
      ['g-cccc', 3, 2, 'c', null],
    ]);
    // The agreement's first guardian contact is the first guardian still recorded.
    expect(guardianForAddress(guardians, 'case-file:guardian-contact-1')?.guardianId).toBe('g-bbbb');
    expect(guardianForAddress(guardians, 'case-file:guardian-contact-2')?.guardianId).toBe('g-cccc');
    expect(guardianForAddress(guardians, 'case-file:guardian-contact-3')).toBeNull();
    expect(guardianForAddress(guardians, '+4915112345678')).toBeNull();
    expect(nextGuardianRank(guardians)).toBe(4);
    expect(nextGuardianRank([])).toBe(1);
  });

  it('has no rank left after the tenth', () => {
    const g = guardiansOf([
      {
        type: 'GuardianRecorded',
        data: { caseId: 'c-1', guardianId: 'g-zzzz', rank: 10, details: sealed('z'), recordedAt: at(1) },
      },
    ]);
    expect(nextGuardianRank(g)).toBeNull();
  });
});
