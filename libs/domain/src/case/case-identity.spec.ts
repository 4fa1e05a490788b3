import { caseIdSchema } from '@hilfenetz/contracts';
import {
  caseIdCandidates,
  isScopedCaseId,
  namesOwnOffice,
  officeOf,
  officeOfOrganisation,
  referenceOf,
  scopedCaseId,
} from './case-identity';

describe('case identity scoped by the lead office', () => {
  it('prefixes the reference with the organisation id without org-', () => {
    expect(scopedCaseId('org-jugendamt-lindenau', 'F-2026-8774')).toBe('jugendamt-lindenau.F-2026-8774');
    expect(officeOfOrganisation('org-jugendamt-nachbar')).toBe('jugendamt-nachbar');
    expect(officeOfOrganisation('kreis-x')).toBe('kreis-x');
  });

  it('gives two offices two different cases for the same reference', () => {
    const a = scopedCaseId('org-jugendamt-lindenau', 'F-2026-8774');
    const b = scopedCaseId('org-jugendamt-nachbar', 'F-2026-8774');
    expect(a).not.toBe(b);
    expect(referenceOf(a)).toBe(referenceOf(b));
  });

  it('refuses what is not a reference (a dot, a scoped id, too short)', () => {
    expect(() => scopedCaseId('org-a', 'jugendamt-b.F-1234')).toThrow('not a case reference');
    expect(() => scopedCaseId('org-a', 'F1')).toThrow('not a case reference');
    expect(() => scopedCaseId('org-a', '-F-1234')).toThrow('not a case reference');
  });

  it('reads office and reference back; an unscoped (older) id has no office', () => {
    expect(officeOf('jugendamt-lindenau.F-2026-8774')).toBe('jugendamt-lindenau');
    expect(referenceOf('jugendamt-lindenau.F-2026-8774')).toBe('F-2026-8774');
    expect(officeOf('FALL-123')).toBeNull();
    expect(referenceOf('FALL-123')).toBe('FALL-123');
    expect(isScopedCaseId('FALL-123')).toBe(false);
    expect(isScopedCaseId('a.FALL-123')).toBe(true);
  });

  it('knows whether an id names the caller’s own office', () => {
    expect(namesOwnOffice('jugendamt-lindenau.F-1', 'org-jugendamt-lindenau')).toBe(true);
    expect(namesOwnOffice('jugendamt-lindenau.F-1', 'org-jugendamt-nachbar')).toBe(false);
    expect(namesOwnOffice('F-100', 'org-jugendamt-lindenau')).toBe(false);
  });

  it('every scoped id is a valid case id, and so is every older unscoped one', () => {
    expect(caseIdSchema.safeParse(scopedCaseId('org-jugendamt-lindenau', 'F-2026-8774')).success).toBe(true);
    expect(caseIdSchema.safeParse('FALL-2026-1').success).toBe(true);
    expect(caseIdSchema.safeParse('a.b.FALL-1').success).toBe(false);
    expect(caseIdSchema.safeParse('.FALL-1').success).toBe(false);
    expect(caseIdSchema.safeParse('a.FALL/1').success).toBe(false);
  });

  describe('caseIdCandidates: which case a path id means', () => {
    it('a scoped id means exactly that case, whoever asks', () => {
      expect(caseIdCandidates('jugendamt-lindenau.F-1', 'org-kjp-st-marien')).toEqual(['jugendamt-lindenau.F-1']);
    });

    it('a bare reference is the caller’s own office’s case first, then an older unscoped case', () => {
      expect(caseIdCandidates('F-1000', 'org-jugendamt-lindenau')).toEqual(['jugendamt-lindenau.F-1000', 'F-1000']);
      expect(caseIdCandidates('F-1000', 'org-jugendamt-nachbar')).toEqual(['jugendamt-nachbar.F-1000', 'F-1000']);
    });
  });
});
