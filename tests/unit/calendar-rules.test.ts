// The calendar feed's pure rules: its window, when a link still answers, what a child's and a teacher's calendar holds
// (and what it never holds), and the link's token.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  feedWindow, linkState, staffItems, studentItems, type FeedEvent, type LinkFacts, type StaffLesson,
} from '../../src/modules/calendar/rules.ts';
import { feedLinks, hashToken, newToken, tokenOfFile } from '../../src/modules/calendar/token.ts';
import type { DiaryLesson } from '../../src/modules/diary/week-queries.ts';

describe('the window', () => {
  it('is two weeks back and six weeks ahead, both ends included', () => {
    expect(feedWindow('2026-11-23')).toEqual({ from: '2026-11-09', to: '2027-01-04' });
    expect(feedWindow('2027-01-01')).toEqual({ from: '2026-12-18', to: '2027-02-12' });
  });
});

describe('whether a link answers', () => {
  const parentM = { disabled: false, roles: ['parent'], staffId: null, studentId: null, guardianOfStudent: true };
  const child: LinkFacts = { revoked: false, studentId: 's1', staffId: null, accountDisabled: false, membership: parentM };
  const teacher: LinkFacts = {
    revoked: false, studentId: null, staffId: 't1', accountDisabled: false,
    membership: { disabled: false, roles: ['teacher'], staffId: 't1', studentId: null, guardianOfStudent: false },
  };
  it.each<[string, string, LinkFacts]>([
    ['a parent\'s link for their child', 'ok', child],
    ['revoked', 'revoked', { ...child, revoked: true }],
    ['revoked beats everything else', 'revoked', { ...child, revoked: true, accountDisabled: true, membership: null }],
    ['the account blocked', 'blocked', { ...child, accountDisabled: true }],
    ['the membership blocked in the school', 'blocked', { ...child, membership: { ...parentM, disabled: true } }],
    ['no membership any more', 'blocked', { ...child, membership: null }],
    ['the parent no longer linked to the child', 'unlinked', { ...child, membership: { ...parentM, guardianOfStudent: false } }],
    ['a guardian card without the parent role', 'unlinked', { ...child, membership: { ...parentM, roles: ['teacher'] } }],
    ['the student\'s own link', 'ok', { ...child, membership: { ...parentM, roles: ['student'], studentId: 's1', guardianOfStudent: false } }],
    ['a student\'s link for someone else', 'unlinked', { ...child, membership: { ...parentM, roles: ['student'], studentId: 's2', guardianOfStudent: false } }],
    ['a teacher\'s own lessons', 'ok', teacher],
    ['a deputy\'s own lessons', 'ok', { ...teacher, membership: { ...teacher.membership!, roles: ['deputy'] } }],
    ['no teaching role left', 'unlinked', { ...teacher, membership: { ...teacher.membership!, roles: ['secretary'] } }],
    ['another staff card', 'unlinked', { ...teacher, membership: { ...teacher.membership!, staffId: 't2' } }],
    ['the teacher left (membership blocked)', 'blocked', { ...teacher, membership: { ...teacher.membership!, disabled: true } }],
  ])('%s → %s', (_name, state, facts) => {
    expect(linkState(facts)).toBe(state);
  });
});

const lesson = (over: Partial<DiaryLesson>): DiaryLesson => ({
  id: 'l', date: '2026-11-23', lessonNumber: 1, startsAt: '08:30:00', endsAt: '09:15:00', groupId: 'maths', subjectId: 'm',
  subjectName: 'Математика', teacherName: 'Иванова М. А.', topic: 'Дроби', homework: null, homeworkMinutes: null, individualHomework: null,
  controlWork: false, subKind: null, substituteName: null, subSubjectName: null, attendance: 'absent', absenceReason: 'illness',
  marks: [{ value: 5, columnNo: 1, workType: 'Ответ на уроке', workTypeShort: 'Отв', weight: 1 }], ...over,
});
const win = { from: '2026-11-16', to: '2026-11-30' };

describe('a child\'s calendar', () => {
  const given = lesson({ id: 'given', homework: '№ 245', homeworkMinutes: 20, individualHomework: 'Переписать работу' });
  const wed = lesson({ id: 'wed', date: '2026-11-25', lessonNumber: 2, startsAt: '09:25:00', endsAt: '10:10:00' });
  const thu = lesson({ id: 'thu', date: '2026-11-26' });
  const dates = new Map([['maths', ['2026-11-23', '2026-11-25', '2026-11-26']]]);

  it('puts homework on the group\'s next lesson, with only a note of a personal task; no marks, attendance or topic', () => {
    const items = studentItems({ window: win, lessons: [given, wed, thu], groupDates: dates, rooms: new Map([['wed', '12']]), events: [] });
    expect(items.map((i) => [i.uid, i.date, i.start, i.end, i.summary, i.location])).toEqual([
      ['lesson-given', '2026-11-23', '08:30', '09:15', 'Математика', null],
      ['lesson-wed', '2026-11-25', '09:25', '10:10', 'Математика', 'каб. 12'],
      ['lesson-thu', '2026-11-26', '08:30', '09:15', 'Математика', null],
    ]);
    expect(items[1]!.description).toEqual([
      '2-й урок', 'Учитель: Иванова М. А.', 'Домашнее задание (задано 23.11): № 245 (≈ 20 мин)', 'Есть личное задание — см. дневник.',
    ]);
    expect(items[0]!.description).toEqual(['1-й урок', 'Учитель: Иванова М. А.']);
    expect(JSON.stringify(items)).not.toMatch(/Переписать|Отв|вес|Дроби|болезн/);
  });

  it('a cancelled lesson is marked and does not take homework; the next one does', () => {
    const off = { ...wed, subKind: 'cancelled' };
    const items = studentItems({ window: win, lessons: [given, off, thu], groupDates: new Map([['maths', ['2026-11-23', '2026-11-26']]]), rooms: new Map(), events: [] });
    const byId = new Map(items.map((i) => [i.uid, i]));
    expect(byId.get('lesson-wed')).toMatchObject({ summary: 'Отменён: Математика', cancelled: true, description: ['2-й урок', 'Урок отменён'] });
    expect(byId.get('lesson-thu')!.description).toContain('Домашнее задание (задано 23.11): № 245 (≈ 20 мин)');
  });

  it('homework with no lesson on its day (the group\'s last lesson) is an all-day entry a week later', () => {
    const items = studentItems({ window: win, lessons: [lesson({ id: 'last', homework: 'Повторить' })], groupDates: new Map([['maths', ['2026-11-23']]]), rooms: new Map(), events: [] });
    expect(items.find((i) => i.uid === 'homework-last')).toEqual({
      uid: 'homework-last', date: '2026-11-30', start: null, end: null, summary: 'Домашнее задание: Математика',
      description: ['Домашнее задание (задано 23.11): Повторить'], location: null, cancelled: false,
    });
  });

  it('homework given before the window may be due in it; lessons outside the window are not entries', () => {
    const before = lesson({ id: 'before', date: '2026-11-13', homework: 'Прочитать §5' });
    const monday = lesson({ id: 'monday' });
    const items = studentItems({ window: win, lessons: [before, monday], groupDates: new Map([['maths', ['2026-11-13', '2026-11-23']]]), rooms: new Map(), events: [] });
    expect(items.map((i) => i.uid)).toEqual(['lesson-monday']);
    expect(items[0]!.description).toContain('Домашнее задание (задано 13.11): Прочитать §5');
  });

  it('substitutions in the diary\'s words; a lesson without bells is an all-day entry naming its number; events after', () => {
    const events: FeedEvent[] = [
      { id: 'e1', className: '5А', date: '2026-11-24', startsAt: '14:00:00', endsAt: null, title: 'Экскурсия', description: 'Сбор у школы' },
      { id: 'e2', className: null, date: '2026-11-24', startsAt: null, endsAt: null, title: 'День здоровья', description: null },
    ];
    const items = studentItems({
      window: win, groupDates: new Map(), rooms: new Map(), events,
      lessons: [
        lesson({ id: 'sub', subKind: 'teacher', substituteName: 'Петрова А. В.' }),
        lesson({ id: 'phys', date: '2026-11-24', lessonNumber: 9, startsAt: null, endsAt: null, subKind: 'subject', subSubjectName: 'Физика', substituteName: 'Петрова А. В.' }),
      ],
    });
    expect(items.map((i) => [i.uid, i.date, i.start, i.summary, i.description.join(' | ')])).toEqual([
      ['lesson-sub', '2026-11-23', '08:30', 'Математика (замена учителя)', '1-й урок | Замена: Петрова А. В.'],
      ['event-e2', '2026-11-24', null, 'День здоровья', 'Событие школы'],
      ['lesson-phys', '2026-11-24', null, '9-й урок: Физика (замена)', '9-й урок | Замена: Физика, Петрова А. В.'],
      ['event-e1', '2026-11-24', '14:00', 'Экскурсия (5А)', 'Событие класса 5А | Сбор у школы'],
    ]);
  });
});

describe('a teacher\'s calendar', () => {
  const base: StaffLesson = {
    id: 'a', date: '2026-11-23', lessonNumber: 1, staffId: 'me', room: '12', groupName: '5А', className: '5А', subjectName: 'Математика',
    teacherName: 'Иванова М. А.', startsAt: '08:30:00', endsAt: '09:15:00', subKind: null, substituteStaffId: null, subReason: null,
    substituteName: null, subSubjectName: null,
  };
  it.each<[string, Partial<StaffLesson>, string, boolean, string[]]>([
    ['own', {}, 'Математика · 5А', false, ['1-й урок']],
    ['a subgroup', { groupName: 'Английский язык, гр. 1', subjectName: 'Английский язык' }, 'Английский язык · 5А (Английский язык, гр. 1)', false, ['1-й урок']],
    ['substituting', { staffId: 'other', teacherName: 'Петрова А. В.', className: '7А', groupName: '7А', subKind: 'teacher', substituteStaffId: 'me' }, 'Замена: Математика · 7А', false, ['1-й урок', 'Замена вместо Петрова А. В.']],
    ['substituting another subject', { staffId: 'other', subKind: 'subject', substituteStaffId: 'me', subSubjectName: 'Физика' }, 'Замена: Физика · 5А', false, ['1-й урок', 'Замена вместо Иванова М. А.']],
    ['cancelled', { subKind: 'cancelled', subReason: 'карантин' }, 'Отменён: Математика · 5А', true, ['1-й урок', 'Урок отменён: карантин']],
    ['handed to a colleague', { subKind: 'teacher', substituteStaffId: 'p', substituteName: 'Петрова А. В.', subReason: 'курсы' }, 'Вас заменяет Петрова А. В.: Математика · 5А', true, ['1-й урок', 'Урок ведёт Петрова А. В. (курсы)']],
  ])('%s', (_name, over, summary, cancelled, description) => {
    const [item] = staffItems({ staffId: 'me', lessons: [{ ...base, ...over }], events: [] });
    expect(item).toMatchObject({ uid: 'lesson-a', start: '08:30', end: '09:15', summary, cancelled, description, location: 'каб. 12' });
  });
});

describe('the token', () => {
  it('is 256 random bits in base64url, hashed with SHA-256, read back from the feed\'s file name only in its shape', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(new Set(Array.from({ length: 50 }, newToken)).size).toBe(50);
    expect(hashToken(a)).toBe(createHash('sha256').update(a).digest('hex'));
    expect(tokenOfFile(`${a}.ics`)).toBe(a);
    expect(tokenOfFile(a)).toBe(a);
    for (const bad of ['', '.ics', `${a}x.ics`, `${a.slice(1)}.ics`, `../${a}`, `${a}.ics.ics`, `${a.slice(0, 42)}=.ics`]) expect(tokenOfFile(bad)).toBeNull();
  });

  it('makes an https link and its webcal:// twin', () => {
    expect(feedLinks('https://otmetka.example.ru', 'TOKEN')).toEqual({
      https: 'https://otmetka.example.ru/calendar/feed/TOKEN.ics', webcal: 'webcal://otmetka.example.ru/calendar/feed/TOKEN.ics',
    });
  });
});
