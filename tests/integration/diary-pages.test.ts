// The diary pages through HTTP with the demo family: the children's page, Дмитрий's week of 16–21.11.2026 (marks with
// work type and weight, topics, homework, attendance with its reason, substitutions and a cancellation), «Ознакомлен(а)»,
// marks by subject with the weighted average, the year's period marks (quarter 1 closed by the demo), homework by due
// date, the attendance summary and the week's timetable.
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diaryAcknowledgements } from '../../src/modules/diary/schema.ts';
import { dueDate } from '../../src/modules/diary/rules.ts';
import { getGroupHead } from '../../src/modules/journal/grid-queries.ts';
import { ruAverage } from '../../src/modules/journal/grid-model.ts';
import { ruWeight, weightedAverage } from '../../src/modules/journal/rules.ts';
import { attendance, individualHomework, periodMarks } from '../../src/modules/journal/schema.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { addDays, ruDate, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';
import { demoFamily, marksOf, member } from './diary-pages-support.ts';
import { demoGroup } from './journal-support.ts';

let t: TestApp;
const db = () => t.database.db;
let school: string;
let dmitry: string;
let alisa: string;
let maths: string;
let parent: Client;
let student: Client;
const today = todayIso();
const WEEK = '2026-11-16';
const SATURDAY = '2026-11-21';

/** The lessons of Дмитрий's 5А maths group in the demo week, by date. */
const weekLessons = () => db().select().from(lessons)
  .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, maths), gt(lessons.date, '2026-11-15'), lt(lessons.date, '2026-11-22')))
  .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
/** The section of a subject on the marks page. */
const subjectSection = (html: string, name: string) => html.split('<section class="card dy-subject">').find((s) => s.includes(`<h2>${name}</h2>`)) ?? '';

beforeAll(async () => {
  t = await startTestApp();
  ({ school, dmitry, alisa } = await demoFamily(db()));
  maths = await demoGroup(db(), school, '5А', 'Математика');
  parent = await loginAs(t.app, 'parent');
  student = await loginAs(t.app, 'student');
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('the children', () => {
  it('a parent sees both children with class and this week, linked to their diaries; nav and home link to /diary', async () => {
    const res = await parent.get('/diary');
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body).replaceAll(' ,', ',');
    expect(text).toContain('Дмитрий Морозов');
    expect(text).toContain('5А класс');
    expect(text).toContain('Алиса Морозова');
    expect(text).toContain('2А класс');
    expect(text).toMatch(/На этой неделе: отметок — \d+, пропущено уроков — \d+/);
    expect(res.body).toContain(`href="/diary/${dmitry}"`);
    expect(res.body).toContain(`href="/diary/${alisa}/marks"`);
    expect(navLabels(res.body)).toContain('Дневник');
    expect((await parent.get('/')).body).toContain('href="/diary"');
  });

  it('a student sees only themself', async () => {
    const res = await student.get('/diary');
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Дмитрий Морозов');
    expect(res.body).not.toContain(alisa);
    expect(mainText(res.body)).not.toContain('Алиса');
    expect((await student.get('/')).body).toContain('href="/diary"');
  });
});

describe('the week', () => {
  it('shows Дмитрий\'s demo week: each day, a mark with its work type and weight, the topic and homework', async () => {
    const marks = await marksOf(db(), school, dmitry, WEEK, SATURDAY);
    expect(marks.length).toBeGreaterThan(0);
    const res = await parent.get(`/diary/${dmitry}?week=${WEEK}`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Неделя 16.11.2026 — 21.11.2026');
    for (const d of ['Понедельник, 16.11.2026', 'Пятница, 20.11.2026', 'Суббота, 21.11.2026']) expect(text).toContain(d);
    for (const m of marks) expect(text).toContain(`${m.value} · ${m.workType}, вес ${ruWeight(m.weight)}`);
    const [l] = await weekLessons();
    expect(text).toContain(`Тема: ${l!.topic}`);
    const withHomework = (await weekLessons()).find((x) => x.homework)!;
    expect(text).toContain(`Домашнее задание: ${withHomework.homework}`);
    expect(text).toContain('Математика');
    expect(res.body).toContain(`href="/diary/${dmitry}/print?week=${WEEK}"`);
    expect((await parent.get(`/diary/${dmitry}/print?week=${WEEK}`)).statusCode).toBe(200);
  });

  it('any day of the week opens the same week (a Sunday the week just ended); no parameter → this week', async () => {
    for (const q of ['week=2026-11-18', 'date=2026-11-22', 'week=21.11.2026']) {
      const res = await parent.get(`/diary/${dmitry}?${q}`);
      expect(res.statusCode, q).toBe(200);
      expect(mainText(res.body), q).toContain('Неделя 16.11.2026 — 21.11.2026');
      expect(res.body).toContain(`href="/diary/${dmitry}?week=2026-11-09" rel="prev"`);
      expect(res.body).toContain(`href="/diary/${dmitry}?week=2026-11-23" rel="next"`);
    }
    const monday = addDays(today, 1 - (new Date(`${today}T00:00:00Z`).getUTCDay() || 7));
    const current = await parent.get(`/diary/${dmitry}`);
    expect(mainText(current.body)).toContain(`Неделя ${ruDate(monday)} — ${ruDate(addDays(monday, 5))} текущая`);
  });

  it('shows attendance with its reason, a late, individual homework, a substitution and a cancelled lesson', async () => {
    const [a, b, c, d] = await weekLessons();
    const [other] = await db().select({ id: staff.id, last: staff.lastName }).from(staff).where(and(eq(staff.schoolId, school), eq(staff.lastName, 'Соколов')));
    await db().delete(attendance).where(and(eq(attendance.schoolId, school), eq(attendance.studentId, dmitry)));
    await db().insert(attendance).values([
      { schoolId: school, lessonId: a!.id, studentId: dmitry, kind: 'absent', reason: 'illness' },
      { schoolId: school, lessonId: b!.id, studentId: dmitry, kind: 'late' },
    ]);
    await db().insert(individualHomework).values({ schoolId: school, lessonId: b!.id, studentId: dmitry, text: 'Карточка № 7 для Дмитрия' });
    await db().insert(substitutions).values([
      { schoolId: school, lessonId: c!.id, kind: 'teacher', substituteStaffId: other!.id, reason: 'болезнь' },
      { schoolId: school, lessonId: d!.id, kind: 'cancelled', reason: 'карантин' },
    ]);
    const text = mainText((await parent.get(`/diary/${dmitry}?week=${WEEK}`)).body);
    expect(text).toContain('Посещаемость: н (по болезни)');
    expect(text).toContain('Посещаемость: опоздание');
    expect(text).toContain('Личное задание: Карточка № 7 для Дмитрия');
    expect(text).toMatch(/Замена: Соколов [А-ЯЁ]\./);
    expect(text).toContain('Урок отменён');
    const tt = await parent.get(`/diary/${dmitry}/timetable?week=${WEEK}`);
    expect(tt.statusCode).toBe(200);
    expect(mainText(tt.body)).toContain('Урок отменён');
    expect(tt.body).toContain('dy-substituted');
    expect(mainText(tt.body)).toContain('Математика');
    if (a!.room) expect(mainText(tt.body)).toContain(`${a!.room}, Иванова`);
  });
});

describe('«Ознакомлен(а)»', () => {
  const acks = () => db().select().from(diaryAcknowledgements).where(and(eq(diaryAcknowledgements.schoolId, school), eq(diaryAcknowledgements.studentId, dmitry)));

  it('a parent acknowledges the week once (stored with the Monday, guardian, account and time); again changes nothing', async () => {
    const page = await parent.get(`/diary/${dmitry}?week=${WEEK}`);
    expect(page.body).toContain(`action="/diary/${dmitry}/acknowledge"`);
    expect(mainText(page.body)).not.toMatch(/Ознакомлен\(а\) \d/);
    const res = await parent.post(`/diary/${dmitry}/acknowledge`, { week: '2026-11-19' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/diary/${dmitry}?week=${WEEK}`);
    const p = await member(db(), 'parent');
    const rows = await acks();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ weekStart: WEEK, guardianId: p.guardianId, accountId: p.accountId });
    const after = await parent.get(res.headers.location as string);
    expect(mainText(after.body)).toMatch(/Ознакомлен\(а\) \d\d\.\d\d\.\d{4} \d\d:\d\d/);
    expect(after.body).not.toContain(`action="/diary/${dmitry}/acknowledge"`);
    expect((await parent.post(`/diary/${dmitry}/acknowledge`, { week: WEEK })).statusCode).toBe(303);
    const again = await acks();
    expect(again).toHaveLength(1);
    expect(again[0]!.acknowledgedAt.getTime()).toBe(rows[0]!.acknowledgedAt.getTime());
  });

  it('a future week or a malformed week is refused with a message (422), nothing stored', async () => {
    await parent.get(`/diary/${dmitry}`);
    const future = await parent.post(`/diary/${dmitry}/acknowledge`, { week: addDays(today, 14) });
    expect(future.statusCode).toBe(422);
    expect(mainText(future.body)).toContain('когда неделя начнётся');
    for (const week of ['abc', '', '2026-13-45']) {
      const bad = await parent.post(`/diary/${dmitry}/acknowledge`, { week });
      expect(bad.statusCode, week).toBe(422);
      expect(mainText(bad.body)).toContain('Неделя указана неверно');
    }
    expect(await acks()).toHaveLength(1);
  });

  it('a student has no button and may not acknowledge (403)', async () => {
    const page = await student.get(`/diary/${dmitry}?week=${WEEK}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/acknowledge"');
    expect((await student.post(`/diary/${dmitry}/acknowledge`, { week: WEEK })).statusCode).toBe(403);
  });
});

describe('marks', () => {
  it('per subject for the current period: each mark with date and work type, the weighted average of the journal', async () => {
    const head = (await getGroupHead(db(), { schoolId: school, groupId: maths }))!;
    const q2 = head.periods.find((p) => p.startsOn <= today && today <= p.endsOn) ?? head.periods[1]!;
    // A cancelled lesson's marks do not count (the test above cancels a lesson of Дмитрий's week: it may hold one).
    const cancelled = new Set((await db().select({ id: substitutions.lessonId }).from(substitutions)
      .where(and(eq(substitutions.schoolId, school), eq(substitutions.kind, 'cancelled')))).map((r) => r.id));
    const marks = (await marksOf(db(), school, dmitry, q2.startsOn, q2.endsOn, maths)).filter((m) => !cancelled.has(m.lessonId));
    expect(marks.length).toBeGreaterThan(0);
    const res = await parent.get(`/diary/${dmitry}/marks?period=${q2.id}`);
    expect(res.statusCode).toBe(200);
    const section = mainText(subjectSection(res.body, 'Математика'));
    const avg = weightedAverage(marks.map((m) => ({ value: m.value, weight: Number(m.weight) })));
    expect(section).toContain(`Средний балл: ${ruAverage(avg)}`);
    const first = marks[0]!;
    expect(section).toContain(`${ruDate(first.date).slice(0, 5)} ${first.value} ${first.workType}, вес ${ruWeight(first.weight)}`);
    expect((await parent.get(`/diary/${dmitry}/marks`)).statusCode).toBe(200);
  });

  it('quarter 1 shows the period marks the demo closed; the year page lists them per subject', async () => {
    const head = (await getGroupHead(db(), { schoolId: school, groupId: maths }))!;
    const q1 = head.periods[0]!;
    const [pm] = await db().select({ value: periodMarks.value }).from(periodMarks)
      .where(and(eq(periodMarks.schoolId, school), eq(periodMarks.groupId, maths), eq(periodMarks.studentId, dmitry), eq(periodMarks.periodId, q1.id)));
    expect(pm).toBeDefined();
    const res = await parent.get(`/diary/${dmitry}/marks?period=${q1.id}`);
    expect(mainText(subjectSection(res.body, 'Математика'))).toContain(`Итоговая за период: ${pm!.value}`);
    const year = await student.get(`/diary/${dmitry}/marks/year`);
    expect(year.statusCode).toBe(200);
    const text = mainText(year.body);
    expect(text).toContain(`Предмет ${head.periods.map((p) => p.name).join(' ')} Год`);
    expect(text).toContain(`Математика ${pm!.value}`);
    expect(text).toContain('История');
  });
});

describe('homework, attendance, timetable', () => {
  it('homework by due date: the next lesson of the group after the lesson it was given at', async () => {
    const groupLessons = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
      .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, maths))).orderBy(asc(lessons.date));
    const given = groupLessons.filter((l) => l.date < today).at(-1)!;
    await db().update(lessons).set({ homework: 'Задачи № 101–105 (проверка дневника)', homeworkMinutes: 25 })
      .where(and(eq(lessons.schoolId, school), eq(lessons.id, given.id)));
    const due = dueDate(given.date, groupLessons.map((l) => l.date));
    const res = await parent.get(`/diary/${dmitry}/homework`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    if (due >= today && due <= addDays(today, 14)) {
      expect(text).toContain(`Математика задано ${ruDate(given.date)} Задачи № 101–105 (проверка дневника) (≈ 25 мин)`);
      const block = text.slice(0, text.indexOf('Задачи № 101–105'));
      expect(block.slice(block.lastIndexOf('К уроку:'))).toContain(ruDate(due));
    } else {
      expect(text).not.toContain('Задачи № 101–105');
    }
  });

  it('attendance: lessons missed by reason and lates per subject for a period and the year', async () => {
    const head = (await getGroupHead(db(), { schoolId: school, groupId: maths }))!;
    const q1 = head.periods[0]!;
    const rows = await db().select({ kind: attendance.kind, reason: attendance.reason, date: lessons.date }).from(attendance)
      .innerJoin(lessons, and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId)))
      .where(and(eq(attendance.schoolId, school), eq(attendance.studentId, alisa)));
    const inQ1 = rows.filter((r) => r.date >= q1.startsOn && r.date <= q1.endsOn);
    const res = await parent.get(`/diary/${alisa}/attendance?period=${q1.id}`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain(`Пропущено уроков: ${inQ1.filter((r) => r.kind === 'absent').length} из`);
    expect(text).toContain(`по болезни — ${inQ1.filter((r) => r.reason === 'illness').length}`);
    expect(text).toContain(`Опозданий: ${inQ1.filter((r) => r.kind === 'late').length}`);
    expect(text).toContain('Окружающий мир');
    const year = await parent.get(`/diary/${alisa}/attendance?period=year`);
    expect(year.statusCode).toBe(200);
    expect(mainText(year.body)).toContain(`Пропущено уроков: ${rows.filter((r) => r.kind === 'absent' && r.date <= today).length} из`);
    expect((await parent.get(`/diary/${alisa}/attendance`)).statusCode).toBe(200);
  });

  it('the timetable of a week: days × lesson numbers with subject, room and teacher', async () => {
    const res = await student.get(`/diary/${dmitry}/timetable?week=2026-11-30`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Неделя 30.11.2026 — 05.12.2026');
    expect(text).toContain('Пн 30.11');
    expect(text).toContain('Математика');
    expect(res.body).toContain('<table class="dy-tt">');
  });
});
