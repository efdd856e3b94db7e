// The printed weekly report (/diary/classes/:id/report: one page per student; /diary/:studentId/print: one's own child)
// and the class teacher's acknowledgements page (/diary/classes/:id/acknowledgements): what the demo week of 16.11.2026
// shows for 5А, a withdrawn student only on the days before leaving, an acknowledgement with its time, the role matrix,
// other classes, children and schools → 404, malformed or out-of-year weeks → a message (422).
import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { diaryAcknowledgements } from '../../src/modules/diary/schema.ts';
import { lessonColumns, marks, workTypes } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';

let t: TestApp;
const db = () => t.database.db;
let school1: string;
let class5A: string;
let class6A: string;
let class5Aschool2: string;
let dmitry: string;
let alisa: string;
let stranger: string; // a 5А student who is not the parent's child
let leaver: { id: string; lastName: string; firstName: string };
let parentGuardian: string;
let ct: Client;
const WEEK = '2026-11-16';
const report = (classId: string, week = WEEK) => `/diary/classes/${classId}/report${week ? `?week=${week}` : ''}`;
const acks = (classId: string, week = WEEK) => `/diary/classes/${classId}/acknowledgements${week ? `?week=${week}` : ''}`;
const print = (studentId: string, week = WEEK) => `/diary/${studentId}/print${week ? `?week=${week}` : ''}`;

async function member(login: string) {
  const [m] = await db().select({ schoolId: memberships.schoolId, guardianId: memberships.guardianId, studentId: memberships.studentId })
    .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return m!;
}
async function classId(schoolId: string, name: string) {
  const [c] = await db().select({ id: schoolClasses.id }).from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, name)));
  return c!.id;
}
/** Students with a 5А membership overlapping Mon–Sat of the week (class_memberships: [starts_on, ends_on)). */
async function studentsOfWeek(klass: string, monday: string, saturday: string) {
  const rows = await db().selectDistinct({ id: classMemberships.studentId }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, school1), eq(classMemberships.classId, klass), lte(classMemberships.startsOn, saturday),
      or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, monday))));
  return rows.map((r) => r.id);
}
/** The report's page (article) of one student, by their «Фамилия Имя». */
function pageOf(html: string, name: string): string {
  const pages = html.split('<article class="report-page"').slice(1);
  return pages.find((p) => p.includes(name)) ?? '';
}
/** The visible text of the first table row naming this student. */
function rowText(html: string, name: string): string {
  const row = html.split('<tr').find((r) => r.includes(name));
  return row ? mainText(`<tr${row.split('</tr>')[0]}`) : '';
}
/** As Eta's <%= %> writes a text. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const pageCount = (html: string) => (html.match(/<article class="report-page"/g) ?? []).length;

beforeAll(async () => {
  t = await startTestApp();
  const parent = await member('parent');
  school1 = parent.schoolId;
  parentGuardian = parent.guardianId!;
  dmitry = (await member('student')).studentId!;
  class5A = await classId(school1, '5А');
  class6A = await classId(school1, '6А');
  class5Aschool2 = await classId((await member('admin2')).schoolId, '5А');
  const [sister] = await db().select({ id: students.id }).from(students).where(and(eq(students.schoolId, school1), eq(students.lastName, 'Морозова'), eq(students.firstName, 'Алиса')));
  alisa = sister!.id;
  const [left] = await db().select({ id: students.id, lastName: students.lastName, firstName: students.firstName }).from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, school1), eq(classMemberships.classId, class5A), eq(classMemberships.endsOn, '2026-11-12')));
  leaver = left!;
  const [other] = await db().select({ id: classMemberships.studentId }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, school1), eq(classMemberships.classId, class5A), isNull(classMemberships.endsOn)))
    .orderBy(asc(classMemberships.studentId));
  stranger = other!.id === dmitry ? (await studentsOfWeek(class5A, WEEK, '2026-11-21')).find((id) => id !== dmitry)! : other!.id;
  ct = await loginAs(t.app, 'classteacher');
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('the class report of 5А for the week of 16.11.2026', () => {
  it('has one A4 page per student of the class that week, with the school, class, week, signature line and print CSS', async () => {
    const res = await ct.get(report(class5A));
    expect(res.statusCode).toBe(200);
    const expected = await studentsOfWeek(class5A, WEEK, '2026-11-21');
    expect(expected.length).toBeGreaterThan(10);
    expect(pageCount(res.body)).toBe(expected.length);
    const page = mainText(pageOf(res.body, 'Морозов Дмитрий'));
    expect(page).toContain('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
    expect(page).toContain('5А класс');
    expect(page).toContain('Дневник за неделю с 16.11.2026 по 21.11.2026');
    expect(page).toMatch(/Пн 16\.11 .*Пт 20\.11/);
    expect(page).not.toContain('Сб 21.11'); // a five-day week: no Saturday line
    expect(page).toContain('Подпись родителя:');
    expect(res.body).toContain('/static/css/diary-print.css');
    expect(res.body).toContain('/static/js/print.js');
  });

  it("shows Dmitry's marks of the week with their work type and the lessons' topics", async () => {
    const rows = await db().select({ value: marks.value, short: workTypes.shortName, topic: lessons.topic, date: lessons.date })
      .from(marks)
      .innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId)))
      .innerJoin(lessonColumns, and(eq(lessonColumns.schoolId, marks.schoolId), eq(lessonColumns.lessonId, marks.lessonId), eq(lessonColumns.columnNo, marks.columnNo)))
      .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
      .where(and(eq(marks.schoolId, school1), eq(marks.studentId, dmitry), lte(lessons.date, '2026-11-21'), gt(lessons.date, '2026-11-15')));
    expect(rows.length, 'the demo journal has marks of Dmitry in that week').toBeGreaterThan(0);
    const html = pageOf((await ct.get(report(class5A))).body, 'Морозов Дмитрий');
    for (const m of rows) {
      expect(html).toContain(`<b>${m.value}</b><small>${m.short}</small>`);
      if (m.topic) expect(html).toContain(esc(m.topic));
    }
    expect(mainText(html)).toMatch(new RegExp(`Отметки за неделю \\(${rows.length}\\):`));
  });

  it('leaves out a student withdrawn on 12.11; the week before shows him only up to Wednesday 11.11', async () => {
    const name = `${leaver.lastName} ${leaver.firstName}`;
    expect(pageOf((await ct.get(report(class5A))).body, name)).toBe('');
    const before = await ct.get(report(class5A, '2026-11-11'));
    expect(before.statusCode).toBe(200);
    const page = pageOf(before.body, name);
    expect(page).not.toBe('');
    expect(mainText(page)).toMatch(/выбыл 12\.11\.2026/);
    const day = (d: string) => page.split('<tbody class="rp-day-group">').find((g) => g.includes(`<span class="rp-date">${d}</span>`)) ?? '';
    expect(day('11.11')).toContain('class="rp-subj"');
    expect(mainText(day('12.11'))).toContain('не обучался(ась) в классе');
    expect(mainText(day('13.11'))).toContain('не обучался(ась) в классе');
  });

  it('deputy and admin read any class; the links are on «Мой класс» and the class attendance sheet', async () => {
    for (const login of ['deputy', 'admin']) {
      const c = await loginAs(t.app, login);
      expect((await c.get(report(class6A))).statusCode, login).toBe(200);
      expect((await c.get(acks(class6A))).statusCode, login).toBe(200);
    }
    const myClass = await ct.get('/my-class');
    expect(myClass.body).toContain(`/diary/classes/${class5A}/report`);
    expect(myClass.body).toContain(`/diary/classes/${class5A}/acknowledgements`);
    const sheet = await ct.get(`/journal/classes/${class5A}/attendance`);
    expect(sheet.body).toContain(`/diary/classes/${class5A}/report`);
    expect(sheet.body).toContain(`/diary/classes/${class5A}/acknowledgements`);
  });

  it('without ?week= shows this week; a malformed or out-of-year week answers 422 with a Russian message', async () => {
    expect((await ct.get(report(class5A, ''))).statusCode).toBe(200);
    for (const [url, message] of [
      [report(class5A, 'abc'), 'Неделя указана неверно'], [acks(class5A, '2026-13-45'), 'Неделя указана неверно'],
      [report(class5A, '2019-01-07'), 'вне 2026/2027 учебного года'], [acks(class5A, '2031-05-05'), 'вне 2026/2027 учебного года'],
      [report(class5A, '1500-01-01'), 'Такой недели в журнале нет'],
    ] as const) {
      const res = await ct.get(url);
      expect(res.statusCode, url).toBe(422);
      expect(mainText(res.body), url).toContain(message);
      expect(pageCount(res.body)).toBe(0);
    }
  });
});

describe('acknowledgements of 5А', () => {
  it("shows the parent's acknowledgement of the week with its time, the count of families and the last 4 weeks", async () => {
    const before = mainText((await ct.get(acks(class5A))).body);
    expect(before).toMatch(/Ознакомились 0 из \d+ (семей|семьи)/);
    expect(before).toContain('не ознакомлен(ы)');
    await db().insert(diaryAcknowledgements).values({
      schoolId: school1, studentId: dmitry, guardianId: parentGuardian, weekStart: WEEK, acknowledgedAt: new Date('2026-11-22T07:30:00Z'),
    });
    await db().insert(diaryAcknowledgements).values({
      schoolId: school1, studentId: dmitry, guardianId: parentGuardian, weekStart: '2026-11-02', acknowledgedAt: new Date('2026-11-08T15:00:00Z'),
    });
    const res = await ct.get(acks(class5A));
    expect(res.statusCode).toBe(200);
    const families = (await studentsOfWeek(class5A, WEEK, '2026-11-21')).length;
    const text = mainText(res.body);
    expect(text).toMatch(new RegExp(`Ознакомились 1 из ${families} (семей|семьи)`));
    const row = rowText(res.body.split('class="ack-history"')[0]!, 'Морозов Дмитрий');
    expect(row).toMatch(/Морозова Анна.*ознакомлен\(а\) 22\.11\.2026 10:30/);
    expect(row).toContain('✓ ознакомлены');
    // The last 4 weeks: 26.10, 02.11 (✓), 09.11, 16.11 (✓).
    const history = res.body.split('class="ack-history"')[1]!;
    expect(mainText(history)).toContain('26.10–31.10 02.11–07.11 09.11–14.11 16.11–21.11');
    expect(rowText(history, 'Морозов Дмитрий')).toMatch(/^Морозов Дмитрий [А-Яа-яё]+ — ✓ — ✓$/);
    expect(mainText(history)).toMatch(/Ознакомились 0 из \d+ 1 из \d+ 0 из \d+ 1 из \d+/);
    // Another week: nobody.
    expect(mainText((await ct.get(acks(class5A, '2026-11-09'))).body)).toMatch(/Ознакомились 0 из \d+ (семей|семьи)/);
  });
});

describe('who may open the class pages', () => {
  it('the class teacher of 5А gets 404 for 6А, for a malformed id and for school 2’s class', async () => {
    for (const url of [report(class6A), acks(class6A), report('not-a-uuid'), acks(class5Aschool2), report(class5Aschool2)]) {
      expect((await ct.get(url)).statusCode, url).toBe(404);
    }
  });

  it.each(['teacher', 'parent', 'student', 'secretary'])('%s gets 403 on both class pages', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get(report(class5A))).statusCode).toBe(403);
    expect((await c.get(acks(class5A))).statusCode).toBe(403);
  });

  it("admin2 gets 404 for school 1's class and reads his own school's 5А (no lessons: empty days)", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(report(class5A))).statusCode).toBe(404);
    expect((await admin2.get(acks(class5A))).statusCode).toBe(404);
    const own = await admin2.get(report(class5Aschool2));
    expect(own.statusCode).toBe(200);
    expect(mainText(own.body)).not.toContain('Морозов');
  });
});

describe("a parent's and a student's own print", () => {
  it("the parent prints Dmitry's week (one page, his marks) and Alisa's; another child → 404", async () => {
    const parent = await loginAs(t.app, 'parent');
    const res = await parent.get(print(dmitry));
    expect(res.statusCode).toBe(200);
    expect(pageCount(res.body)).toBe(1);
    const text = mainText(res.body);
    expect(text).toContain('Морозов Дмитрий');
    expect(text).toContain('5А класс');
    expect(text).toContain('Подпись родителя:');
    const classPage = mainText(pageOf((await ct.get(report(class5A))).body, 'Морозов Дмитрий'));
    const totals = (s: string) => /Отметки за неделю.*?опозданий: \d+\./.exec(s)?.[0];
    expect(totals(text)).toBe(totals(classPage));
    expect((await parent.get(print(alisa))).statusCode).toBe(200);
    expect(mainText((await parent.get(print(alisa))).body)).toContain('2А класс');
    expect((await parent.get(print(stranger))).statusCode).toBe(404);
    expect((await parent.get('/diary/not-a-uuid/print')).statusCode).toBe(404);
    const bad = await parent.get(print(dmitry, '31.02.2026'));
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Неделя указана неверно');
  });

  it('the student prints only their own week; staff get 403', async () => {
    const student = await loginAs(t.app, 'student');
    expect((await student.get(print(dmitry, ''))).statusCode).toBe(200);
    expect((await student.get(print(alisa))).statusCode).toBe(404);
    for (const login of ['classteacher', 'admin', 'teacher']) {
      const c = await loginAs(t.app, login);
      expect((await c.get(print(dmitry))).statusCode, login).toBe(403);
    }
  });
});
