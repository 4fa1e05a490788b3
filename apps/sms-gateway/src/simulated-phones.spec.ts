import { simulatedOutcome, toE164 } from './simulated-phones';

describe('simulated phones', () => {
  it('fail on …0000, stay silent on …0099, deliver otherwise', () => {
    expect(simulatedOutcome('+4915112340000')).toBe('failed');
    expect(simulatedOutcome('+4915112340099')).toBe('switched_off');
    expect(simulatedOutcome('+4915112340098')).toBe('delivered');
    expect(simulatedOutcome('+4915100001234')).toBe('delivered');
  });

  it('reads numbers written with separators as E.164 and refuses everything else', () => {
    expect(toE164('+49 9999 4410-0')).toBe('+49999944100');
    expect(toE164(' +49 (151) 123/456.78 ')).toBe('+4915112345678');
    expect(toE164('+4915112345678')).toBe('+4915112345678');
    for (const bad of [
      '015112345678',
      '+0151123456',
      '+49 151',
      'case-file:guardian-contact-1',
      '+49151123456789012',
      '',
    ]) {
      expect(toE164(bad)).toBeNull();
    }
  });
});
