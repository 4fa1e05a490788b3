import { lateTriggerJoinsEndedCrisis } from './late-trigger';

const started = '2026-12-03T10:00:00.000Z';
const ended = '2026-12-03T11:00:00.000Z';
const device = (at: string, bounded = false) => ({ at, bounded });

describe('lateTriggerJoinsEndedCrisis', () => {
  it('joins a crisis that ended by its course when the person acted while it ran', () => {
    for (const status of ['discharged', 'not_admitted'] as const) {
      expect(
        lateTriggerJoinsEndedCrisis({ status, triggeredAt: started }, ended, device('2026-12-03T10:30:00.000Z')),
      ).toBe(true);
    }
    // Both ends belong to the run.
    expect(lateTriggerJoinsEndedCrisis({ status: 'discharged', triggeredAt: started }, ended, device(started))).toBe(
      true,
    );
    expect(lateTriggerJoinsEndedCrisis({ status: 'discharged', triggeredAt: started }, ended, device(ended))).toBe(
      true,
    );
  });

  it('starts a new crisis when the person acted before or after the run', () => {
    const crisis = { status: 'discharged' as const, triggeredAt: started };
    expect(lateTriggerJoinsEndedCrisis(crisis, ended, device('2026-12-03T09:59:59.000Z'))).toBe(false);
    expect(lateTriggerJoinsEndedCrisis(crisis, ended, device('2026-12-03T11:00:01.000Z'))).toBe(false);
  });

  it('starts a new crisis after a false alarm, without a device time, or with a bounded one', () => {
    const during = device('2026-12-03T10:30:00.000Z');
    expect(lateTriggerJoinsEndedCrisis({ status: 'cancelled', triggeredAt: started }, ended, during)).toBe(false);
    expect(lateTriggerJoinsEndedCrisis({ status: 'discharged', triggeredAt: started }, ended, undefined)).toBe(false);
    expect(
      lateTriggerJoinsEndedCrisis({ status: 'discharged', triggeredAt: started }, ended, device(during.at, true)),
    ).toBe(false);
  });

  it('never joins a crisis that still runs or that the log does not know', () => {
    const during = device('2026-12-03T10:30:00.000Z');
    expect(lateTriggerJoinsEndedCrisis({ status: 'open', triggeredAt: started }, ended, during)).toBe(false);
    expect(lateTriggerJoinsEndedCrisis({ status: 'admitted', triggeredAt: started }, ended, during)).toBe(false);
    expect(lateTriggerJoinsEndedCrisis({ status: 'none', triggeredAt: null }, ended, during)).toBe(false);
    expect(lateTriggerJoinsEndedCrisis({ status: 'discharged', triggeredAt: started }, null, during)).toBe(false);
  });
});
