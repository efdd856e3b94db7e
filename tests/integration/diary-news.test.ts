// «Что нового» — the first screen of a child's diary, through HTTP with the demo family (Морозова Анна: Дмитрий 5А and
// Алиса 2А): a mark the maths teacher types after the mother's last visit is «новая» once, then no longer; each child and
// each account has its own last visit; homework due on the next school day, today's absences and the unread messages
// about this child (not the other one); a past week has no such block; other families, other schools and staff are refused.
import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { diaryViews } from '../../src/modules/diary/schema.ts';
import { attendance } from '../../src/modules/journal/schema.ts';
import { messageThreads } from '../../src/modules/messages/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { schoolClasses, subjects } from '../../src/modules/setup/schema.ts';
import { mondayOf } from '../../src/modules/diary/rules.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { childInSchool2, demoFamily, member, someStudentOf } from './diary-pages-support.ts';
import { clearLesson, demoGroup, lessonOf } from './journal-support.ts';

let t: TestApp;
const db = () => t.database.db;
const today = todayIso();
let school: string;
let dmitry: string;
let alisa: string;
let parent: Client;
let student: Client;
let teacher: Client;
/** The 5А maths lesson the teacher types into (the latest on or before today) and its week. */
let maths: { id: string; date: string };

/** The text of the «Что нового» block of a diary page ('' when the page has none). */
const newsOf = (html: string) => mainText(/<section class="card dy-news"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '');
/** The part of the news under a heading («Отметки», «Сегодня»…), up to the next one. */
const partOf = (news: string, heading: string) => (news.split(`${heading} `)[1]?.split(/ (?:Задано|Сегодня|Сообщения:) /)[0] ?? '').trim();
const visit = async (c: Client, child: string, query = '') => {
  const res = await c.get(`/diary/${child}${query}`);
  expect(res.statusCode).toBe(200);
  return res.body;
};
const typeMark = async (value: string, was: string) => {
  await teacher.get('/journal');
  const res = await teacher.json('/journal/cells', { lessonId: maths.id, studentId: dmitry, column: 1, value, was });
  expect(res.json()).toMatchObject({ ok: true, display: value });
};

beforeAll(async () => {
  t = await startTestApp();
  ({ school, dmitry, alisa } = await demoFamily(db()));
  maths = await lessonOf(db(), school, await demoGroup(db(), school, '5А', 'Математика'), 'latestPast', today);
  await clearLesson(db(), school, maths.id);
  parent = await loginAs(t.app, 'parent');
  student = await loginAs(t.app, 'student');
  teacher = await loginAs(t.app, 'teacher');
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('new marks since the last visit', () => {
  it('a first visit shows the last week\'s marks; a mark typed after a visit is «новая» on the next one, then no longer', async () => {
    const first = newsOf(await visit(parent, dmitry));
    expect(first).toContain('Что нового за неделю');
    expect(first).not.toContain('Новых отметок нет'); // the demo's marks of last week
    expect(newsOf(await visit(parent, dmitry))).toContain('Новых отметок нет');

    await typeMark('3', '');
    const second = await visit(parent, dmitry);
    const marks = partOf(newsOf(second), 'Отметки');
    expect(newsOf(second)).toMatch(/Что нового с \d\d\.\d\d\.\d{4} \d\d:\d\d/);
    expect(marks).toMatch(/^Математика 3 \(Ответ на уроке, вес 1, \d\d\.\d\d\.\d{4}\)$/);

    expect(partOf(newsOf(await visit(parent, dmitry)), 'Отметки')).toBe('Новых отметок нет.');
  });

  it('a changed mark is new again, «новая» in the week of its lesson; seen once, the tag is gone', async () => {
    await typeMark('4', '3');
    const lessonWeek = `?week=${mondayOf(maths.date)}`;
    const week = await visit(parent, dmitry, lessonWeek);
    expect(mainText(week)).toContain('4 · Ответ на уроке, вес 1 новая');
    expect(week.match(/class="tag dy-new"/g)).toHaveLength(1);
    expect(await visit(parent, dmitry, lessonWeek)).not.toContain('class="tag dy-new"');
  });

  it('each child and each account keeps its own last visit', async () => {
    await visit(parent, alisa);
    await visit(student, dmitry);
    await typeMark('5', '4');
    // The children's page says which child has news (one count per child, since this account's visit to that child).
    const cards = (await parent.get('/diary')).body;
    const card = (name: string) => mainText(new RegExp(`<section class="card dy-child" aria-label="${name}">[\\s\\S]*?</section>`).exec(cards)![0]);
    expect(card('Дмитрий Морозов')).toContain('1 новая отметка с прошлого просмотра');
    expect(card('Алиса Морозова')).not.toContain('нов');
    // The mother reads Алиса's diary and Дмитрий reads his own: neither takes the news from the mother's Дмитрий page.
    expect(partOf(newsOf(await visit(parent, alisa)), 'Отметки')).toBe('Новых отметок нет.');
    expect(partOf(newsOf(await visit(student, dmitry)), 'Отметки')).toContain('Математика 5');
    expect(partOf(newsOf(await visit(parent, dmitry)), 'Отметки')).toContain('Математика 5');
    expect(partOf(newsOf(await visit(parent, dmitry)), 'Отметки')).toBe('Новых отметок нет.');
  });
});

describe('the rest of the first screen', () => {
  it('the homework due on the next school day, from each group\'s previous lesson («без задания» left out)', async () => {
    const groups = await db().select({ id: teachingGroups.id, subject: subjects.name }).from(teachingGroups)
      .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
      .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
      .where(and(eq(teachingGroups.schoolId, school), eq(schoolClasses.name, '5А'), eq(teachingGroups.kind, 'class')));
    const held = (where: ReturnType<typeof and>) => db().select({ id: lessons.id, date: lessons.date, groupId: lessons.groupId }).from(lessons)
      .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
      .where(and(eq(lessons.schoolId, school), inArray(lessons.groupId, groups.map((g) => g.id)), or(isNull(substitutions.kind), ne(substitutions.kind, 'cancelled')), where));
    const [next] = await held(gt(lessons.date, today)).orderBy(asc(lessons.date)).limit(1);
    const meeting = [...new Set((await held(eq(lessons.date, next!.date))).map((l) => l.groupId))];
    const given = async (groupId: string) => (await held(and(eq(lessons.groupId, groupId), lt(lessons.date, next!.date)))
      .orderBy(desc(lessons.date)).limit(1))[0]!;
    const [a, b] = meeting;
    expect(b).toBeDefined(); // a school day of 5А has more than one subject
    await db().update(lessons).set({ homework: 'Параграф 12, задачи 3–7' }).where(and(eq(lessons.schoolId, school), eq(lessons.id, (await given(a!)).id)));
    await db().update(lessons).set({ homework: 'без задания' }).where(and(eq(lessons.schoolId, school), eq(lessons.id, (await given(b!)).id)));

    const news = newsOf(await visit(parent, dmitry));
    const title = next!.date === addDays(today, 1) ? 'Задано завтра, ' : 'Задано на ';
    expect(news).toContain(`${title}`);
    expect(news).toContain(`${next!.date.slice(8, 10)}.${next!.date.slice(5, 7)}`);
    expect(news).toContain(`${groups.find((g) => g.id === a)!.subject}: Параграф 12, задачи 3–7`);
    expect(news).not.toContain(`${groups.find((g) => g.id === b)!.subject}: без задания`);
    // Алиса (2А) has other lessons: none of Дмитрий's homework.
    expect(newsOf(await visit(parent, alisa))).not.toContain('Параграф 12, задачи 3–7');
  });

  it('today\'s absence of this child (not the other one); a day without one says so', async () => {
    expect(partOf(newsOf(await visit(parent, dmitry)), 'Сегодня')).toBe('Пропусков и опозданий нет.');
    const [todays] = await db().select({ id: lessons.id, n: lessons.lessonNumber, subject: subjects.name }).from(lessons)
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
      .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
      .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
      .where(and(eq(lessons.schoolId, school), eq(lessons.date, today), eq(schoolClasses.name, '5А'), eq(teachingGroups.kind, 'class')))
      .orderBy(asc(lessons.lessonNumber)).limit(1);
    await db().insert(attendance).values({ schoolId: school, lessonId: todays!.id, studentId: dmitry, kind: 'absent', reason: 'illness' });
    expect(partOf(newsOf(await visit(parent, dmitry)), 'Сегодня')).toBe(`${todays!.n}-й урок, ${todays!.subject}: н (по болезни)`);
    expect(partOf(newsOf(await visit(parent, alisa)), 'Сегодня')).toBe('Пропусков и опозданий нет.');
  });

  it('the unread messages about this child: the demo\'s answer for Дмитрий, none for Алиса; read, they are gone', async () => {
    expect(newsOf(await visit(parent, dmitry))).toContain('Сообщения: 1 новое');
    expect(newsOf(await visit(parent, alisa))).toContain('Сообщения: новых нет');
    const [thread] = await db().select({ id: messageThreads.id }).from(messageThreads)
      .where(and(eq(messageThreads.schoolId, school), eq(messageThreads.studentId, dmitry)));
    expect((await parent.get(`/messages/${thread!.id}`)).statusCode).toBe(200);
    expect(newsOf(await visit(parent, dmitry))).toContain('Сообщения: новых нет');
    // A student has no messages: no such line.
    expect(newsOf(await visit(student, dmitry))).not.toContain('Сообщения');
  });

  it('a past week opens on the week alone; its navigation is one bar with the date picker folded', async () => {
    const body = await visit(parent, dmitry, `?week=${addDays(mondayOf(today), -7)}`);
    expect(newsOf(body)).toBe('');
    expect(body).toContain('<nav class="dy-weekbar" aria-label="Недели">');
    expect(body).toMatch(/<details class="dy-pick">\s*<summary>Дата<\/summary>/);
    expect(mainText(body)).toContain('к текущей');
    const wrong = await parent.get(`/diary/${dmitry}?week=abc`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/<details class="dy-pick" open>/);
  });
});

describe('who may read it', () => {
  it('another family\'s child, a child of another school and a malformed id answer 404 and count no visit', async () => {
    const views = () => db().select().from(diaryViews).where(eq(diaryViews.schoolId, school));
    const before = (await views()).length;
    const stranger = await someStudentOf(db(), school, '5А', today, [dmitry]);
    const school2 = (await member(db(), 'admin2')).schoolId;
    const abroad = await childInSchool2(db(), school2, (await member(db(), 'parent')).accountId, '5А', today);
    for (const id of [stranger, abroad, '00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      expect((await parent.get(`/diary/${id}`)).statusCode, id).toBe(404);
    }
    expect((await student.get(`/diary/${alisa}`)).statusCode).toBe(404);
    expect(await views()).toHaveLength(before);
  });

  it('staff read the journal, not the diary: 403', async () => {
    for (const login of ['teacher', 'classteacher', 'deputy', 'admin', 'secretary']) {
      const c = login === 'teacher' ? teacher : await loginAs(t.app, login);
      expect((await c.get(`/diary/${dmitry}`)).statusCode, login).toBe(403);
    }
  });
});
