// The rules of family alerts: quiet hours in the school's own zone (07:00 the next morning across midnight), a burst of
// events per lesson grouped into one alert, the lock-screen text (subject in the dative, first name, never a mark),
// the retry backoff.
import { describe, expect, it } from 'vitest';
import { alertText, groupEvents, isQuiet, retryDelayMs, sendableAt, subjectDative } from '../../src/modules/alerts/rules.ts';

const iso = (d: Date) => d.toISOString();

describe('quiet hours', () => {
  it('daytime in the school\'s zone leaves at once', () => {
    const at = new Date('2026-11-23T10:00:00+03:00');
    expect(sendableAt(at, 'Europe/Moscow')).toBe(at);
    expect(isQuiet(new Date('2026-11-23T20:59:59+03:00'), 'Europe/Moscow')).toBe(false);
    expect(isQuiet(new Date('2026-11-23T07:00:00+03:00'), 'Europe/Moscow')).toBe(false);
  });

  it('from 21:00 waits for 07:00 of the next day; after midnight for 07:00 of the same day', () => {
    expect(iso(sendableAt(new Date('2026-11-23T21:00:00+03:00'), 'Europe/Moscow'))).toBe('2026-11-24T04:00:00.000Z');
    expect(iso(sendableAt(new Date('2026-11-23T23:59:00+03:00'), 'Europe/Moscow'))).toBe('2026-11-24T04:00:00.000Z');
    expect(iso(sendableAt(new Date('2026-11-24T00:30:00+03:00'), 'Europe/Moscow'))).toBe('2026-11-24T04:00:00.000Z');
    expect(iso(sendableAt(new Date('2026-11-24T06:59:59+03:00'), 'Europe/Moscow'))).toBe('2026-11-24T04:00:00.000Z');
    // New Year's Eve: across the month and the year.
    expect(iso(sendableAt(new Date('2026-12-31T22:00:00+03:00'), 'Europe/Moscow'))).toBe('2027-01-01T04:00:00.000Z');
  });

  it('uses the school\'s own zone, not the server\'s: 19:00 UTC is 00:00 in Yekaterinburg and 22:00 in Moscow', () => {
    const at = new Date('2026-11-23T19:00:00Z');
    expect(iso(sendableAt(at, 'Asia/Yekaterinburg'))).toBe('2026-11-24T02:00:00.000Z'); // 07:00 +05
    expect(iso(sendableAt(at, 'Europe/Moscow'))).toBe('2026-11-24T04:00:00.000Z');
    expect(sendableAt(new Date('2026-11-23T19:00:00Z'), 'Asia/Vladivostok')).not.toBe(at); // 05:00 +10: quiet
    expect(iso(sendableAt(at, 'Asia/Vladivostok'))).toBe('2026-11-23T21:00:00.000Z');
    const day = new Date('2026-11-23T05:00:00Z'); // 08:00 Moscow, 15:00 Vladivostok
    expect(sendableAt(day, 'Asia/Vladivostok')).toBe(day);
  });
});

describe('a burst becomes one alert', () => {
  const e = (guardianId: string, studentId: string, about: string, kind: 'mark' | 'absence' = 'mark') => ({ guardianId, studentId, about, kind });
  it('groups per guardian, child, lesson and kind', () => {
    const groups = groupEvents([e('g1', 's1', 'L1'), e('g1', 's1', 'L1'), e('g1', 's1', 'L1'), e('g2', 's1', 'L1'), e('g1', 's1', 'L2'), e('g1', 's1', 'L1', 'absence'), e('g1', 's2', 'L1')]);
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ['g1|s1|L1|mark', 3], ['g2|s1|L1|mark', 1], ['g1|s1|L2|mark', 1], ['g1|s1|L1|absence', 1], ['g1|s2|L1|mark', 1],
    ]);
  });
});

describe('the lock-screen text', () => {
  it.each([
    ['Математика', 'математике'], ['Русский язык', 'русскому языку'], ['Физическая культура', 'физической культуре'],
    ['Литература', 'литературе'], ['История', 'истории'], ['Окружающий мир', 'окружающему миру'], ['Обществознание', 'обществознанию'],
    ['ОБЖ', 'ОБЖ'], ['Английский язык', 'английскому языку'], ['Изобразительное искусство', 'изобразительному искусству'], ['Музыка', 'музыке'], ['Технология', 'технологии'],
  ])('по %s → по %s', (name, dative) => {
    expect(subjectDative(name)).toBe(dative);
  });

  it('says the kind and the subject, the first name as the title, never a mark', () => {
    expect(alertText({ kind: 'mark', firstName: 'Дмитрий', subject: 'Математика', count: 1, url: '/diary/x' }))
      .toEqual({ title: 'Дмитрий', body: 'Новая отметка по математике', url: '/diary/x' });
    expect(alertText({ kind: 'mark', firstName: 'Дмитрий', subject: 'Математика', count: 3, url: '/d' }).body).toBe('Новые отметки по математике');
    expect(alertText({ kind: 'absence', firstName: 'А', subject: 'История', count: 1, url: '/d' }).body).toBe('Пропуск урока по истории');
    expect(alertText({ kind: 'homework', firstName: 'А', subject: 'Русский язык', count: 1, url: '/d' }).body).toBe('Новое домашнее задание по русскому языку');
    expect(alertText({ kind: 'message', firstName: 'А', subject: null, count: 1, url: '/m' }).body).toBe('Новый ответ на сообщение');
  });
});

describe('retries', () => {
  it('waits 30 s, 1 min, 2 min … at most an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});
