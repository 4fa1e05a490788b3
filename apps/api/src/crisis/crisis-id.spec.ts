import { caseIdOfCrisis, crisisIdFor } from './crisis-id';

describe('crisis ids', () => {
  it('name their case exactly, dashes and office included', () => {
    for (const caseId of ['jugendamt-lindenau.FALL-1', 'jugendamt-lindenau.a', 'jugendamt-lindenau.a-b', 'X-1-2-3']) {
      expect(caseIdOfCrisis(crisisIdFor(caseId, 'key-12345678'))).toBe(caseId);
    }
  });

  it('a crisis of case "a-b" is not one of case "a"', () => {
    const crisis = crisisIdFor('jugendamt-lindenau.a-b', 'key-12345678');
    expect(caseIdOfCrisis(crisis)).not.toBe('jugendamt-lindenau.a');
  });

  it('an id not made by crisisIdFor names no case', () => {
    for (const id of ['crisis-', 'crisis-abc', 'hilfeplanung-x-0123456789abcdef0123', 'crisis--0123456789abcdef0123']) {
      expect(caseIdOfCrisis(id)).toBeNull();
    }
  });
});
