import { firstNulPath } from './nul-characters.middleware';

describe('firstNulPath', () => {
  it('names the first string or key holding U+0000, in arrays and objects', () => {
    expect(firstNulPath({ a: 'ok', b: ['x', { c: 'y\u0000z' }] })).toBe('body.b.1.c');
    expect(firstNulPath({ ['k\u0000']: 1 })).toBe('body.k\u0000');
    expect(firstNulPath('\u0000')).toBe('body');
  });

  it('passes everything else, other control characters and empty bodies included', () => {
    expect(firstNulPath({ a: 'Zimmer 4\n\t', b: [1, true, null], c: {} })).toBeNull();
    expect(firstNulPath(undefined)).toBeNull();
  });
});
