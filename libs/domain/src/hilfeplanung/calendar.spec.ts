import { addDays, addMonths } from './calendar';

describe('legal-clock calendar', () => {
  it('adds months keeping the day, clamped at the end of shorter months', () => {
    expect(addMonths('2026-01-15T09:00:00.000Z', 6)).toBe('2026-07-15T09:00:00.000Z');
    expect(addMonths('2026-08-31T09:00:00.000Z', 6)).toBe('2027-02-28T09:00:00.000Z');
    expect(addMonths('2027-08-31T09:00:00.000Z', 6)).toBe('2028-02-29T09:00:00.000Z');
    expect(addMonths('2026-11-30T12:00:00.000Z', 3)).toBe('2027-02-28T12:00:00.000Z');
  });

  it('adds days as 24-hour steps', () => {
    expect(addDays('2026-11-25T10:00:00.000Z', 14)).toBe('2026-12-09T10:00:00.000Z');
  });
});
