import { describe, expect, it } from 'vitest';
import {
  absenceLine, childWeek, digestHtml, digestMail, digestSubject, digestText, digestWeekFor, escapeHtml, homeworkLine, isEmailLike,
  markLine, mondayOf, timerWeekAt, weekRange, type DigestChild,
} from '../../src/modules/diary/digest-format.ts';
import type { DiaryLesson } from '../../src/modules/diary/week-queries.ts';
import { loadConfig } from '../../src/config.ts';

const lesson = (p: Partial<DiaryLesson> & Pick<DiaryLesson, 'date' | 'lessonNumber'>): DiaryLesson => ({
  id: `${p.date}-${p.lessonNumber}`, startsAt: null, endsAt: null, groupId: 'g-math', subjectId: 's', subjectName: 'Математика',
  teacherName: 'Иванова М.А.', topic: null, homework: null, homeworkMinutes: null, individualHomework: null, controlWork: false,
  subKind: null, substituteName: null, subSubjectName: null, attendance: null, absenceReason: null, marks: [], ...p,
});

describe('which week', () => {
  it.each([
    ['2026-11-23', '2026-11-16'], // Monday: the week before
    ['2026-11-27', '2026-11-16'], // Friday: still the week before
    ['2026-11-28', '2026-11-23'], // Saturday: this week
    ['2026-11-29', '2026-11-23'], // Sunday: this week
    ['2027-01-01', '2026-12-21'], // Friday across the new year
  ])('a digest sent on %s is about the week of %s', (today, week) => {
    expect(digestWeekFor(today)).toBe(week);
  });

  it('mondayOf', () => {
    expect(mondayOf('2026-11-16')).toBe('2026-11-16');
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
  });

  it.each([
    ['2026-11-28T11:59:00Z', null], // Saturday 14:59 in Moscow
    ['2026-11-28T12:00:00Z', '2026-11-23'], // Saturday 15:00 in Moscow
    ['2026-11-29T20:00:00Z', '2026-11-23'], // Sunday 23:00 in Moscow
    ['2026-11-29T21:00:00Z', null], // Monday 00:00 in Moscow
    ['2026-11-25T14:00:00Z', null], // Wednesday
  ])('the timer at %s queues the week %s', (at, week) => {
    expect(timerWeekAt(new Date(at))).toBe(week);
  });

  it('prints the range of the week, with both years across the new year', () => {
    expect(weekRange('2026-11-16')).toBe('16.11–22.11.2026');
    expect(weekRange('2026-12-28')).toBe('28.12.2026–03.01.2027');
  });
});

describe('e-mail addresses', () => {
  it.each(['anna@example.ru', 'a.b+tag@mail.school-1.ru', "o'neil@x.io"])('accepts %s', (s) => expect(isEmailLike(s)).toBe(true));
  it.each([
    '', 'anna', 'anna@', '@example.ru', 'anna@example', 'anna @example.ru', 'a@b@c.ru', 'anna@example.ru\r\nBcc: x@y.ru',
    '.anna@example.ru', 'an..na@example.ru', 'anna@-x.ru', '<anna@example.ru>', `${'a'.repeat(65)}@example.ru`, `a@${'b'.repeat(250)}.ru`,
  ])('refuses %j', (s) => expect(isEmailLike(s)).toBe(false));
});

describe('a child\'s week', () => {
  const lessons = [
    lesson({ date: '2026-11-16', lessonNumber: 1, homework: '№ 1, 2', marks: [{ value: 5, columnNo: 1, workType: 'Ответ на уроке', workTypeShort: 'О', weight: 1 }] }),
    lesson({ date: '2026-11-16', lessonNumber: 2, groupId: 'g-rus', subjectName: 'Русский язык', attendance: 'absent', absenceReason: 'illness', individualHomework: 'Упр. 5' }),
    lesson({ date: '2026-11-18', lessonNumber: 3, attendance: 'late', homework: 'Стр. 10', marks: [{ value: 4, columnNo: 1, workType: 'Самостоятельная работа', workTypeShort: 'СР', weight: 1.5 }, { value: 3, columnNo: 2, workType: 'Домашняя работа', workTypeShort: 'ДР', weight: 1 }] }),
    lesson({ date: '2026-11-19', lessonNumber: 1, groupId: 'g-rus', subjectName: 'Русский язык', homework: 'отменён', subKind: 'cancelled' }),
    lesson({ date: '2026-11-20', lessonNumber: 4, homework: 'Повторить' }),
    // Next week: only for due dates.
    lesson({ date: '2026-11-23', lessonNumber: 1, groupId: 'g-rus', subjectName: 'Русский язык', marks: [{ value: 2, columnNo: 1, workType: 'Ответ на уроке', workTypeShort: 'О', weight: 1 }] }),
  ];
  const w = childWeek(lessons, '2026-11-16');

  it('takes the marks of the week only, each with date, subject, value and work type', () => {
    expect(w.marks).toEqual([
      { date: '2026-11-16', subject: 'Математика', value: 5, workType: 'Ответ на уроке' },
      { date: '2026-11-18', subject: 'Математика', value: 4, workType: 'Самостоятельная работа' },
      { date: '2026-11-18', subject: 'Математика', value: 3, workType: 'Домашняя работа' },
    ]);
  });

  it('takes absences with the reason and lates', () => {
    expect(w.absences).toEqual([
      { date: '2026-11-16', lessonNumber: 2, subject: 'Русский язык', kind: 'absent', reason: 'illness' },
      { date: '2026-11-18', lessonNumber: 3, subject: 'Математика', kind: 'late', reason: null },
    ]);
    expect(absenceLine(w.absences[0]!)).toBe('16.11, 2-й урок, Русский язык — пропуск, причина: по болезни');
    expect(absenceLine({ ...w.absences[0]!, reason: null })).toContain('причина: не указана');
    expect(absenceLine(w.absences[1]!)).toBe('18.11, 3-й урок, Математика — опоздание');
  });

  it('takes homework with its due date (the group\'s next lesson that is not cancelled, or none), by due date', () => {
    expect(w.homework).toEqual([
      { subject: 'Математика', givenOn: '2026-11-16', dueOn: '2026-11-18', text: '№ 1, 2', individual: false },
      { subject: 'Математика', givenOn: '2026-11-18', dueOn: '2026-11-20', text: 'Стр. 10', individual: false },
      { subject: 'Русский язык', givenOn: '2026-11-16', dueOn: '2026-11-23', text: 'Упр. 5', individual: true },
      { subject: 'Математика', givenOn: '2026-11-20', dueOn: null, text: 'Повторить', individual: false },
    ]);
    expect(homeworkLine(w.homework[2]!)).toBe('Русский язык, к 23.11 (задано 16.11), индивидуально: Упр. 5');
    expect(homeworkLine(w.homework[3]!)).toBe('Математика, задано 20.11: Повторить');
    expect(markLine(w.marks[0]!)).toBe('16.11 Математика — 5 (Ответ на уроке)');
  });

  it('is empty for a week without lessons', () => {
    expect(childWeek(lessons, '2026-11-02')).toEqual({ marks: [], absences: [], homework: [] });
  });
});

describe('the mail', () => {
  const dima: DigestChild = {
    firstName: 'Дмитрий', lastName: 'Морозов', className: '5А',
    marks: [{ date: '2026-11-16', subject: 'Математика', value: 5, workType: 'Ответ на уроке' }],
    absences: [], homework: [{ subject: 'Математика', givenOn: '2026-11-16', dueOn: '2026-11-18', text: 'Решить <b>№ 5</b> & "7"', individual: false }],
  };
  const alice: DigestChild = { firstName: 'Алиса', lastName: 'Морозова', className: '2А', marks: [], absences: [], homework: [] };

  it('has the subject «Дневник: неделя ДД.ММ–ДД.ММ.ГГГГ — names»', () => {
    expect(digestSubject('2026-11-16', [dima])).toBe('Дневник: неделя 16.11–22.11.2026 — Дмитрий');
    expect(digestSubject('2026-11-16', [dima, alice])).toBe('Дневник: неделя 16.11–22.11.2026 — Дмитрий, Алиса');
    expect(digestSubject('2026-11-16', [{ firstName: 'Дми\r\nтрий' }])).not.toMatch(/[\r\n]/);
  });

  it('the text body lists each child\'s sections, with a line for an empty one', () => {
    const text = digestText('2026-11-16', 'Анна Игоревна', [dima, alice]);
    expect(text).toContain('Здравствуйте, Анна Игоревна!');
    expect(text).toContain('Морозов Дмитрий, 5А');
    expect(text).toContain('  16.11 Математика — 5 (Ответ на уроке)');
    expect(text).toContain('  Математика, к 18.11 (задано 16.11): Решить <b>№ 5</b> & "7"');
    expect(text).toContain('Морозова Алиса, 2А');
    expect(text).toContain('Оценок за неделю нет.');
    expect(text).toContain('Пропусков нет.');
    expect(digestText('2026-11-16', null, [alice])).toMatch(/^Здравствуйте!/);
  });

  it('the HTML body escapes every value', () => {
    const html = digestHtml('2026-11-16', 'Анна <script>', [dima]);
    expect(html).toContain('Решить &lt;b&gt;№ 5&lt;/b&gt; &amp; &quot;7&quot;');
    expect(html).toContain('Здравствуйте, Анна &lt;script&gt;!');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>№');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('digestMail puts the three together', () => {
    const m = digestMail('2026-11-16', null, [dima]);
    expect(m.subject).toBe('Дневник: неделя 16.11–22.11.2026 — Дмитрий');
    expect(m.text).toContain('Морозов Дмитрий, 5А');
    expect(m.html).toContain('<h2');
  });
});

describe('mail configuration', () => {
  it('SMTP_URL is optional; MAIL_FROM has a default; the timer is on unless switched off', () => {
    const c = loadConfig({});
    expect(c.smtpUrl).toBeUndefined();
    expect(c.mailFrom).toBe('Отметка <no-reply@otmetka.local>');
    expect(c.digestTimer).toBe(true);
    expect(loadConfig({ SMTP_URL: '' }).smtpUrl).toBeUndefined();
    expect(loadConfig({ DIGEST_TIMER: 'off' }).digestTimer).toBe(false);
  });

  it('takes an smtp:// or smtps:// URL and refuses anything else without echoing it', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://user:pass@mail.example.ru:587' }).smtpUrl).toBe('smtp://user:pass@mail.example.ru:587');
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.ru' }).smtpUrl).toBe('smtps://mail.example.ru');
    expect(() => loadConfig({ SMTP_URL: 'http://secret-pass@x' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'http://secret-pass@x' })).not.toThrow(/secret-pass/);
  });
});
