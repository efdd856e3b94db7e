// The school's wall clock as iCalendar times: a bell at 08:30 is 08:30 in the school's zone whatever the server's zone,
// the VTIMEZONE says the zone's offsets (one block for a zone without summer time, each change for one with it), and
// ical.js — an independent parser — reads the same moments back.
import ical from 'ical-generator';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIcs } from '../../src/modules/calendar/ics.ts';
import { momentOf, offsetMinutes, transitions, vtimezone, zoned } from '../../src/modules/calendar/zoned.ts';

const iso = (ms: number) => new Date(ms).toISOString();
let serverZone: string | undefined;

// The server's own zone must not matter: run these as if the server were in New York.
beforeAll(() => { serverZone = process.env.TZ; process.env.TZ = 'America/New_York'; });
afterAll(() => { if (serverZone === undefined) delete process.env.TZ; else process.env.TZ = serverZone; });

function readBack(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const z of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(z));
  return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('a wall clock time of a zone', () => {
  it.each([
    ['Europe/Moscow', '2026-11-23', '08:30', '2026-11-23T05:30:00.000Z'],
    ['Asia/Yekaterinburg', '2026-11-23', '08:30', '2026-11-23T03:30:00.000Z'],
    ['Asia/Bishkek', '2026-11-23', '08:00', '2026-11-23T02:00:00.000Z'],
    ['Asia/Kamchatka', '2026-11-23', '08:30', '2026-11-22T20:30:00.000Z'],
    ['Europe/Kaliningrad', '2027-06-01', '08:30', '2027-06-01T06:30:00.000Z'],
    ['Europe/Berlin', '2026-11-23', '08:30', '2026-11-23T07:30:00.000Z'],
    ['Europe/Berlin', '2027-03-29', '08:30', '2027-03-29T06:30:00.000Z'], // summer time
    ['Europe/Berlin', '2027-03-28', '02:30', '2027-03-28T01:30:00.000Z'], // skipped by the change: read with the offset before
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'], // there twice: the earlier
  ])('%s %s %s is %s', (zone, date, time, utc) => {
    expect(iso(momentOf(date, time, zone))).toBe(utc);
    const m = zoned(date, time, zone);
    expect([m.getFullYear(), m.getMonth() + 1, m.getDate()]).toEqual(date === '2027-03-28' ? [2027, 3, 28] : date.split('-').map(Number));
    if (date !== '2027-03-28') expect(`${String(m.getHours()).padStart(2, '0')}:${String(m.getMinutes()).padStart(2, '0')}`).toBe(time);
    expect(m.withTimeZone('UTC').getHours()).toBe(new Date(utc).getUTCHours());
  });

  it('offsets: Moscow +3 and Yekaterinburg +5 all year, Berlin +1 in winter and +2 in summer', () => {
    for (const day of ['2026-01-15', '2026-07-15']) {
      const t = Date.parse(`${day}T12:00:00Z`);
      expect([offsetMinutes(t, 'Europe/Moscow'), offsetMinutes(t, 'Asia/Yekaterinburg')]).toEqual([180, 300]);
    }
    expect([offsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Berlin'), offsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Berlin')]).toEqual([60, 120]);
  });
});

describe('VTIMEZONE', () => {
  it('a zone without summer time is one STANDARD block with its offset', () => {
    expect(transitions('Europe/Moscow', 2026, 2027)).toEqual([]);
    expect(vtimezone('Asia/Yekaterinburg', 2026, 2027)).toBe([
      'BEGIN:VTIMEZONE', 'TZID:Asia/Yekaterinburg', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0500', 'TZOFFSETTO:+0500',
      'END:STANDARD', 'END:VTIMEZONE',
    ].join('\r\n'));
  });

  it('a zone with summer time lists each change of the years, at the local time before it', () => {
    expect(transitions('Europe/Berlin', 2026, 2026).map((t) => [iso(t.at), t.from, t.to])).toEqual([
      ['2026-03-29T01:00:00.000Z', 60, 120], ['2026-10-25T01:00:00.000Z', 120, 60],
    ]);
    const text = vtimezone('Europe/Berlin', 2026, 2026);
    expect(text).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT');
    expect(text).toContain('BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD');
    // South of the equator summer is in January: Sydney's January offset (+11) is the daylight one.
    expect(vtimezone('Australia/Sydney', 2026, 2026)).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Australia\/Sydney\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:\+1100/);
  });
});

describe('the feed read back by ical.js', () => {
  it.each([
    ['Europe/Moscow', '2026-11-23T05:30:00.000Z', '2027-03-29T05:30:00.000Z'],
    ['Asia/Yekaterinburg', '2026-11-23T03:30:00.000Z', '2027-03-29T03:30:00.000Z'],
    ['Europe/Berlin', '2026-11-23T07:30:00.000Z', '2027-03-29T06:30:00.000Z'],
  ])('%s: 08:30 lessons in winter and spring, an all-day event, a cancelled lesson', (zone, winter, spring) => {
    const text = buildIcs({
      name: 'Дмитрий: уроки и события', description: 'Школа', zone, window: { from: '2026-11-09', to: '2027-04-05' },
      stamp: new Date('2026-11-23T07:00:00Z'), uidScope: 'abc',
      items: [
        { uid: 'lesson-1', date: '2026-11-23', start: '08:30', end: '09:15', summary: 'Математика', description: ['1-й урок', 'Учитель: Иванова М. А.'], location: 'каб. 12', cancelled: false },
        { uid: 'lesson-2', date: '2027-03-29', start: '08:30', end: '09:15', summary: 'Отменён: Физика', description: [], location: null, cancelled: true },
        { uid: 'event-3', date: '2026-11-27', start: null, end: null, summary: 'День открытых дверей', description: ['Событие школы'], location: null, cancelled: false },
      ],
    });
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('DTSTAMP:20261123T070000Z');
    expect(text).toContain(`X-WR-TIMEZONE:${zone}`);
    const [lesson, cancelled, event] = readBack(text);
    expect([lesson!.uid, lesson!.summary, lesson!.location, lesson!.description]).toEqual(['lesson-1.abc@otmetka', 'Математика', 'каб. 12', '1-й урок\nУчитель: Иванова М. А.']);
    expect([lesson!.startDate.toJSDate().toISOString(), lesson!.endDate.toString()]).toEqual([winter, '2026-11-23T09:15:00']);
    expect(cancelled!.startDate.toJSDate().toISOString()).toBe(spring);
    expect(cancelled!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect([event!.startDate.isDate, event!.startDate.toString()]).toEqual([true, '2026-11-27']);
  });

  it('ical-generator alone would print a native Date in the server\'s zone — the reason for ZonedMoment', () => {
    const cal = ical();
    cal.createEvent({ start: new Date('2026-11-23T05:30:00Z'), timezone: 'Europe/Moscow', summary: 'x' });
    expect(cal.toString()).toContain('DTSTART;TZID=Europe/Moscow:20261123T003000'); // New York's 00:30, not Moscow's 08:30
    const ours = ical();
    ours.createEvent({ start: zoned('2026-11-23', '08:30', 'Europe/Moscow'), timezone: 'Europe/Moscow', summary: 'x' });
    expect(ours.toString()).toContain('DTSTART;TZID=Europe/Moscow:20261123T083000');
  });
});
