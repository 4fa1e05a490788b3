import { ApplicationError } from '@hilfenetz/contracts';
import { DEVICE_TIME_MAX_AGE_MS, deviceTime } from './device-time';

const received = new Date('2026-12-03T12:00:00.000Z');

describe('the device time of an action done offline (X-Acted-At)', () => {
  it('is absent without the header', () => {
    expect(deviceTime(undefined, received)).toBeUndefined();
  });

  it('refuses an empty header like any value that is no timestamp (found by fuzzing the trigger)', () => {
    expect(() => deviceTime('', received)).toThrow(ApplicationError);
  });

  it('is taken as it is when before the arrival and within the limit', () => {
    expect(deviceTime('2026-12-03T11:40:00.000Z', received)).toEqual({
      at: '2026-12-03T11:40:00.000Z',
      bounded: false,
    });
    // Any offset, recorded in UTC.
    expect(deviceTime('2026-12-03T12:40:00+01:00', received)).toEqual({
      at: '2026-12-03T11:40:00.000Z',
      bounded: false,
    });
  });

  it('is never after the arrival: a clock hours ahead is bounded to the arrival and flagged', () => {
    expect(deviceTime('2026-12-03T15:00:00.000Z', received)).toEqual({ at: received.toISOString(), bounded: true });
  });

  it('is never older than the limit: a clock days behind is bounded and flagged', () => {
    expect(deviceTime('2026-11-20T08:00:00.000Z', received)).toEqual({
      at: new Date(received.getTime() - DEVICE_TIME_MAX_AGE_MS).toISOString(),
      bounded: true,
    });
  });

  it.each(['gestern', '2026-12-03', '2026-12-03T11:40:00', '1733220000000', '2026-12-03T11:40:00.000Z; DROP'])(
    'refuses %j with 400 naming the header',
    (value) => {
      let error: unknown;
      try {
        deviceTime(value, received);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ApplicationError);
      expect(error).toMatchObject({ code: 'request.invalid' });
    },
  );
});
