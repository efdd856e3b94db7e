import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/web/dates.ts';

describe('addDays', () => {
  it.each([
    ['2026-11-23', 1, '2026-11-24'], ['2026-11-30', 1, '2026-12-01'], ['2026-12-31', 1, '2027-01-01'], ['2027-01-01', -1, '2026-12-31'],
    ['2028-02-28', 1, '2028-02-29'], ['2027-02-28', 1, '2027-03-01'], ['2026-03-29', 1, '2026-03-30'], ['2026-09-01', 273, '2027-06-01'],
    ['2026-11-23', 0, '2026-11-23'], ['2026-11-23', -400, '2025-10-19'],
  ])('%s + %i = %s', (iso, days, expected) => expect(addDays(iso, days)).toBe(expected));

  it('an impossible day rolls over as Date does; a non-date is refused', () => {
    expect(addDays('2026-02-30', 1)).toBe('2026-03-03');
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
    expect(() => addDays('не дата', 1)).toThrow(RangeError);
  });
});
