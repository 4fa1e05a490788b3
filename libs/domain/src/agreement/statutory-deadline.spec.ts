import { statutoryDeadline } from './statutory-deadline';

describe('statutory deadlines', () => {
  it('"end of the following day" ends at local midnight after the next calendar day, whatever the hour', () => {
    // Admitted Wednesday 25 Nov, 23:30 local → ends Friday 27 Nov 00:00 local.
    expect(statutoryDeadline({ kind: 'end_of_following_day' }, '2026-11-25T22:30:00.000Z')).toBe(
      '2026-11-26T23:00:00.000Z',
    );
    // Admitted Thursday 26 Nov, 00:30 local (still Wednesday in UTC) → ends Saturday 28 Nov 00:00 local.
    expect(statutoryDeadline({ kind: 'end_of_following_day' }, '2026-11-25T23:30:00.000Z')).toBe(
      '2026-11-27T23:00:00.000Z',
    );
  });

  it('counts the clock across the switch to summer time in local days', () => {
    expect(statutoryDeadline({ kind: 'end_of_following_day' }, '2026-03-28T12:00:00.000Z')).toBe(
      '2026-03-29T22:00:00.000Z',
    );
  });

  it('"within hours" adds the hours', () => {
    expect(statutoryDeadline({ kind: 'within_hours', hours: 24 }, '2026-11-25T10:00:00.000Z')).toBe(
      '2026-11-26T10:00:00.000Z',
    );
  });
});
