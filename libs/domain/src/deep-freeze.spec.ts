import { knownAgreements } from './agreement/agreement-registry';
import { initialCrisisState } from './crisis/crisis.state';
import { deepFreeze } from './deep-freeze';
import { defaultHilfeplanungRules } from './hilfeplanung/hilfeplanung.rules';

/**
 * The constants every workflow run shares since the libraries are preloaded (docs/adr/0044) must
 * refuse a change: one run changing them would change what the next one replays with.
 */
describe('deepFreeze', () => {
  it('freezes nested objects and arrays, and returns the value', () => {
    const value = { a: { b: [1, { c: 2 }] } };
    expect(deepFreeze(value)).toBe(value);
    expect(() => {
      (value.a.b[1] as { c: number }).c = 3;
    }).toThrow(TypeError);
    expect(() => (value.a.b as unknown[]).push(4)).toThrow(TypeError);
  });

  it('leaves the shared workflow constants unchangeable', () => {
    expect(() => {
      (initialCrisisState.tasks as Record<string, unknown>)['x'] = {};
    }).toThrow(TypeError);
    expect(() => {
      (knownAgreements[0]!.contacts as unknown[]).push({});
    }).toThrow(TypeError);
    expect(Object.isFrozen(defaultHilfeplanungRules)).toBe(true);
  });
});
