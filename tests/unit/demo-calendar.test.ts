import { describe, expect, it } from 'vitest';
import { demoCalendar } from '../../src/cli/seed/calendar.ts';
import { isoWeekday } from '../../src/web/dates.ts';

describe('the demo calendar follows today', () => {
  it.each([
    ['2026-11-23', '2026/2027', '2026-09-01', '2027-08-31'],
    ['2026-09-01', '2026/2027', '2026-09-01', '2027-08-31'],
    ['2027-06-15', '2026/2027', '2026-09-01', '2027-08-31'],
    ['2027-08-31', '2026/2027', '2026-09-01', '2027-08-31'],
    ['2027-09-01', '2027/2028', '2027-09-01', '2028-08-31'],
    ['2031-02-10', '2030/2031', '2030-09-01', '2031-08-31'],
  ])('on %s the demo year is %s (%s – %s)', (today, name, startsOn, endsOn) => {
    expect(demoCalendar(today).year).toMatchObject({ name, startsOn, endsOn });
  });

  it('keeps 2026/2027 exactly as the template, with the transfer of days off', () => {
    const { year } = demoCalendar('2026-11-23');
    expect(year.schemes[0]!.periods.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2026-09-01', '2026-10-24'], ['2026-11-05', '2026-12-28'], ['2027-01-11', '2027-03-20'], ['2027-03-30', '2027-05-26'],
    ]);
    expect(year.transfers).toHaveLength(1);
    expect(year.holidays.find((h) => h.name === 'Летние каникулы')).toMatchObject({ startsOn: '2027-05-27', endsOn: '2027-08-31' });
  });

  it.each(['2027-10-01', '2028-12-01', '2030-03-01', '2035-09-15'])('in the year of %s periods keep their weekdays and stay in order', (today) => {
    const cal = demoCalendar(today);
    const template = demoCalendar('2026-11-23');
    const periods = cal.year.schemes[0]!.periods;
    periods.slice(1).forEach((p, i) => {
      expect(isoWeekday(p.startsOn)).toBe(isoWeekday(template.year.schemes[0]!.periods[i + 1]!.startsOn));
      expect(p.startsOn > periods[i]!.endsOn).toBe(true);
    });
    expect(periods[0]!.startsOn).toBe(cal.year.startsOn);
    expect(cal.year.transfers).toEqual([]);
    for (const h of cal.year.holidays) {
      expect(h.startsOn >= cal.year.startsOn && h.endsOn <= cal.year.endsOn && h.startsOn <= h.endsOn).toBe(true);
    }
    expect(cal.year.holidays.map((h) => h.startsOn.slice(5))).toEqual(expect.arrayContaining(['11-04', '02-23', '03-08', '05-01', '05-09']));
  });

  it('moves birthdays by whole years (29 February to the 28th)', () => {
    expect(demoCalendar('2027-10-01').years('2015-05-03')).toBe('2016-05-03');
    expect(demoCalendar('2028-10-01').years('2016-02-29')).toBe('2018-02-28');
  });
});
