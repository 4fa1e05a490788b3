import { lindenauAgreementV1 } from './lindenau.agreement';
import { berlinLocalTime, berlinMidnightToInstant, isWithinOfficeHours } from './office-hours';

const youthOfficeHours = lindenauAgreementV1.organisations.find((o) => o.id === 'org-jugendamt-lindenau')!.officeHours!;

describe('office hours (German local time)', () => {
  it('reads UTC instants as German local time, in winter (CET) and summer (CEST)', () => {
    expect(berlinLocalTime('2026-11-25T07:30:00.000Z')).toEqual({
      date: '2026-11-25',
      weekday: 3,
      minuteOfDay: 8 * 60 + 30,
    });
    expect(berlinLocalTime('2026-07-01T06:30:00.000Z')).toEqual({
      date: '2026-07-01',
      weekday: 3,
      minuteOfDay: 8 * 60 + 30,
    });
    expect(berlinLocalTime('2026-11-28T23:30:00.000Z')).toMatchObject({ date: '2026-11-29', weekday: 7 });
  });

  it('switches to summer time at 01:00 UTC on the last Sunday of March and back on the last Sunday of October', () => {
    expect(berlinLocalTime('2026-03-29T00:59:00.000Z').minuteOfDay).toBe(1 * 60 + 59);
    expect(berlinLocalTime('2026-03-29T01:00:00.000Z').minuteOfDay).toBe(3 * 60);
    expect(berlinLocalTime('2026-10-25T00:59:00.000Z').minuteOfDay).toBe(2 * 60 + 59);
    expect(berlinLocalTime('2026-10-25T01:00:00.000Z').minuteOfDay).toBe(2 * 60);
  });

  it('finds the UTC instant of a local midnight', () => {
    expect(berlinMidnightToInstant('2026-11-27')).toBe('2026-11-26T23:00:00.000Z');
    expect(berlinMidnightToInstant('2026-07-02')).toBe('2026-07-01T22:00:00.000Z');
  });

  it.each([
    ['Wednesday 10:00', '2026-11-25T09:00:00.000Z', true],
    ['Wednesday 07:59', '2026-11-25T06:59:00.000Z', false],
    ['Wednesday 16:00 (closing time is exclusive)', '2026-11-25T15:00:00.000Z', false],
    ['Thursday 17:30 (long day)', '2026-11-26T16:30:00.000Z', true],
    ['Friday 13:00 (closes at 12:30)', '2026-11-27T12:00:00.000Z', false],
    ['Saturday 10:00', '2026-11-28T09:00:00.000Z', false],
    ['Wednesday 03:12 at night', '2026-11-25T02:12:00.000Z', false],
    ['Christmas Eve, a Thursday, 10:00', '2026-12-24T09:00:00.000Z', false],
    ['a summer Monday 08:15 (CEST)', '2026-07-06T06:15:00.000Z', true],
  ])('the youth office is open on %s: %s → %s', (_label, instant, open) => {
    expect(isWithinOfficeHours(youthOfficeHours, instant)).toBe(open);
  });
});
