// The rollover on a copy of the demo school, in June 2027: decisions posted for every class (the 9th and 11th graduate,
// one 5А student kept for a second year, one 7Б student promoted conditionally, the rest promoted, all awaiting a class),
// the year closed with a reason, then «Перейти на новый учебный год»: an overlapping year refused with nothing written;
// the preview; the apply (classes one grade up, new 1st and 10th, curriculum and groups copied, teachers going on with
// their class, subgroup members kept, every student placed); a second run changing nothing; last year read-only and
// still readable — a parent reads last year's marks in September. Forbidden roles and another school's year.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { accounts } from '../../src/modules/accounts/schema.ts';
import type { AuditContext } from '../../src/modules/audit/queries.ts';
import { classMemberships, orderItems } from '../../src/modules/contingent/schema.ts';
import type { OrderKind } from '../../src/modules/contingent/rules.ts';
import { postOrder } from '../../src/modules/contingent/service.ts';
import { academicYears, schoolClasses } from '../../src/modules/setup/schema.ts';
import { setClock } from '../../src/web/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { TEST_NOW } from '../support/test-clock.ts';
import { demoGroup, lessonOf, rosterIds, schoolOf } from './journal-support.ts';

const JUNE = '2027-06-20';
let t: TestApp;
let school: string;
let oldYear: { id: string; name: string };
let admin: Client;
let repeater: string;
let conditional: string;
let promoted5A: string;
const db = () => t.database.db;

type Row = { id: string; name: string; grade: number | null };

async function classesOf(yearId: string): Promise<Row[]> {
  return db().select({ id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade }).from(schoolClasses)
    .where(and(eq(schoolClasses.schoolId, school), eq(schoolClasses.yearId, yearId)));
}

async function membersOn(classId: string, day: string): Promise<string[]> {
  return rowsOf<{ id: string }>(await db().execute(sql`select student_id as id from class_memberships where school_id = ${school}
    and class_id = ${classId} and starts_on <= ${day} and (ends_on is null or ends_on > ${day}) order by student_id`)).map((r) => r.id);
}

/** Posts each class's decisions as the secretary would: one order per kind, effective on 1 September, awaiting a class. */
async function decideAll(ctx: AuditContext) {
  let n = 100;
  for (const c of await classesOf(oldYear.id)) {
    const ids = await membersOn(c.id, JUNE);
    if (ids.length === 0) continue;
    const kindOf = (id: string): OrderKind => {
      if (c.grade === 9 || c.grade === 11) return 'graduation';
      if (id === repeater) return 'repeat_year';
      if (id === conditional) return 'conditional_promotion';
      return 'promotion';
    };
    const byKind = new Map<OrderKind, string[]>();
    for (const id of ids) byKind.set(kindOf(id), [...(byKind.get(kindOf(id)) ?? []), id]);
    for (const [kind, students] of byKind) {
      const res = await postOrder(db(), ctx, {
        kind, number: `${n++}-К`, date: JUNE, title: null,
        items: students.map((studentId) => ({
          studentId, fromClassId: c.id, toClassId: null, effectiveOn: '2027-09-01',
          reason: kind === 'conditional_promotion' ? 'Академическая задолженность: Математика' : null,
        })),
      }, { today: JUNE });
      expect(res, `${c.name} ${kind}`).toMatchObject({ ok: true });
    }
  }
}

/** The form's fields as the page renders them: inputs with their values, selects with the chosen option. */
function formOf(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('action="/year/rollover"'));
  const values: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"/g)) values[m[1]!] = m[2]!;
  for (const m of form.matchAll(/<select name="([^"]+)"[\s\S]*?<\/select>/g)) {
    values[m[1]!] = /<option value="([^"]*)" selected>/.exec(m[0])?.[1] ?? '';
  }
  delete values._csrf;
  return values;
}

const count = async (table: string) => rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from ${sql.raw(table)}
  where school_id = ${school}`))[0]!.n;

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  const [y] = await db().select({ id: academicYears.id, name: academicYears.name }).from(academicYears)
    .where(and(eq(academicYears.schoolId, school), eq(academicYears.status, 'open')));
  oldYear = y!;
  setClock(`${JUNE}T10:00:00+03:00`);
  const cls = new Map((await classesOf(oldYear.id)).map((c) => [c.name, c.id]));
  const in5A = await membersOn(cls.get('5А')!, JUNE);
  [repeater, promoted5A] = [in5A[0]!, in5A[1]!];
  conditional = (await membersOn(cls.get('7Б')!, JUNE))[0]!;
  const [secretary] = await db().select({ id: accounts.id }).from(accounts).where(eq(accounts.login, 'secretary'));
  await decideAll({ schoolId: school, accountId: secretary!.id, role: 'secretary', requestId: 'test', ip: '127.0.0.1' });
  admin = await loginAs(t.app, 'admin');
  const closed = await admin.post('/year/close', { yearId: oldYear.id, reason: 'Годовые отметки демо-школы не выставлены: проверка перехода' });
  expect(closed.statusCode).toBe(303);
}, 120_000);
afterAll(async () => { setClock(TEST_NOW); await t.close(); });

describe('the preview', () => {
  it('shows every class before → after, graduates, new 1st and 10th classes and the counts', async () => {
    const res = await admin.get('/year/rollover');
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain(`Переход на новый учебный год из ${oldYear.name}`);
    expect(text).toMatch(/Ждут размещения по классам: \d+/);
    expect(text).toContain('выпуск');
    expect(text).toContain('новый класс');
    expect(formOf(res.body)).toMatchObject({ name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-08-31' });
  });

  it('refuses a year overlapping the closed one with a Russian message, writing nothing', async () => {
    const before = await count('academic_years');
    const values = formOf((await admin.get('/year/rollover')).body);
    const res = await admin.post('/year/rollover', { ...values, startsOn: '2027-08-01' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(`Даты пересекаются с учебным годом ${oldYear.name}`);
    expect(await count('academic_years')).toBe(before);
  });
});

describe('applying', () => {
  let next: { id: string };
  let counts: Record<string, number>;

  it('creates the next year with its classes, and places every decision', async () => {
    const page = await admin.get('/year/rollover');
    const res = await admin.post('/year/rollover', formOf(page.body));
    expect(res.statusCode, mainText(res.body).slice(0, 3000)).toBe(303);
    const [y] = await db().select().from(academicYears).where(and(eq(academicYears.schoolId, school), eq(academicYears.previousYearId, oldYear.id)));
    expect(y).toMatchObject({ name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-08-31', status: 'open' });
    next = y!;
    const before = await classesOf(oldYear.id);
    const after = await classesOf(next.id);
    const names = after.map((c) => c.name).sort();
    const promotedNames = before.filter((c) => c.grade !== null && c.grade !== 9 && c.grade !== 11).map((c) => `${c.grade! + 1}${c.name.slice(String(c.grade).length)}`);
    for (const n of promotedNames) expect(names).toContain(n);
    for (const c of before.filter((k) => k.grade === 1 || k.grade === 10)) expect(names).toContain(c.name);
    // Nothing awaits a class; the graduates are in no class of the new year.
    const waiting = await db().select({ id: orderItems.id }).from(orderItems).where(and(eq(orderItems.schoolId, school), isNull(orderItems.toClassId),
      sql`${orderItems.orderId} in (select id from orders where kind in ('promotion', 'conditional_promotion', 'repeat_year') and status = 'posted')`));
    expect(waiting).toEqual([]);
    counts = { classes: after.length, groups: await count('teaching_groups'), items: await count('curriculum_items'), audit: await count('audit_events') };
  });

  it('puts the promoted into the class continuing theirs, the repeater into the new class of his grade, the conditional one up', async () => {
    const after = new Map((await classesOf(next.id)).map((c) => [c.name, c.id]));
    expect(await membersOn(after.get('6А')!, '2027-09-01')).toContain(promoted5A);
    expect(await membersOn(after.get('5А')!, '2027-09-01')).toContain(repeater);
    expect(await membersOn(after.get('8Б')!, '2027-09-01')).toContain(conditional);
    // Last year's class lists stay as they were on its last day.
    const old5A = (await classesOf(oldYear.id)).find((c) => c.name === '5А')!;
    expect(await membersOn(old5A.id, '2027-05-25')).toEqual(expect.arrayContaining([promoted5A, repeater]));
    const old11 = (await classesOf(oldYear.id)).filter((c) => c.grade === 11);
    const graduate = (await membersOn(old11[0]!.id, '2027-05-25'))[0]!;
    const rows = await db().select().from(classMemberships).where(and(eq(classMemberships.schoolId, school), eq(classMemberships.studentId, graduate)));
    expect(rows.filter((r) => r.endsOn === null)).toEqual([]);
  });

  it('copies the grade\'s curriculum and groups into each new class, the teachers going on with their class', async () => {
    const oldByName = new Map((await classesOf(oldYear.id)).map((c) => [c.name, c.id]));
    const newByName = new Map((await classesOf(next.id)).map((c) => [c.name, c.id]));
    const plan = async (classId: string) => rowsOf<{ subject: string; hours: string }>(await db().execute(sql`select s.name as subject,
      ci.hours_per_week::text as hours from curriculum_items ci join subjects s on s.school_id = ci.school_id and s.id = ci.subject_id
      where ci.school_id = ${school} and ci.class_id = ${classId} order by 1, 2`));
    expect(await plan(newByName.get('6А')!)).toEqual(await plan(oldByName.get('6А')!));
    expect((await plan(newByName.get('6А')!)).length).toBeGreaterThan(5);
    const teacherOf = async (classId: string, subject: string) => rowsOf<{ staff: string }>(await db().execute(sql`select gt.staff_id as staff
      from teaching_groups g join subjects s on s.school_id = g.school_id and s.id = g.subject_id
      join group_teachers gt on gt.school_id = g.school_id and gt.group_id = g.id
      where g.school_id = ${school} and g.class_id = ${classId} and s.name = ${subject} and g.kind = 'class' and gt.ends_on is null`))[0]?.staff;
    const was = await teacherOf(oldByName.get('5А')!, 'Математика');
    expect(was).toBeTruthy();
    expect(await teacherOf(newByName.get('6А')!, 'Математика')).toBe(was);
    // The class teacher goes on with the class.
    const [old5, new6] = await Promise.all(['5А', '6А'].map(async (n, i) => (await db().select({ t: schoolClasses.classTeacherId }).from(schoolClasses)
      .where(eq(schoolClasses.id, (i === 0 ? oldByName : newByName).get(n)!)))[0]!.t));
    expect(new6).toBe(old5);
  });

  it('changes nothing when run again', async () => {
    const res = await admin.post('/year/rollover', { fromId: oldYear.id });
    expect(res.statusCode).toBe(303);
    expect(mainText((await admin.get(res.headers.location as string)).body)).toContain('повторный запуск ничего не изменил');
    expect({ classes: (await classesOf(next.id)).length, groups: await count('teaching_groups'), items: await count('curriculum_items'),
      audit: await count('audit_events') }).toEqual(counts);
  });
});

describe('last year after the rollover', () => {
  it('stays closed: its journal refuses a mark, its grid still opens', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const group = await demoGroup(db(), school, '5А', 'Математика');
    const lesson = await lessonOf(db(), school, group, 'latestPast', '2026-11-20');
    const [student] = await rosterIds(db(), school, group, lesson.date);
    const res = await teacher.json('/journal/cells', { lessonId: lesson.id, studentId: student, column: 1, value: '5', was: '' });
    expect(res.statusCode).toBe(403);
    expect((await teacher.get('/journal')).statusCode).toBe(200);
  });

  it('is read by a parent in September: the year tabs hold last year\'s marks', async () => {
    setClock('2027-09-10T10:00:00+03:00');
    try {
      const parent = await loginAs(t.app, 'parent');
      const home = await parent.get('/diary');
      const child = /\/diary\/([0-9a-f-]{36})/.exec(home.body)?.[1] ?? /\/diary\/([0-9a-f-]{36})/.exec(String(home.headers.location))?.[1];
      expect(child).toBeTruthy();
      const year = await parent.get(`/diary/${child}/marks/year?year=${oldYear.id}`);
      expect(year.statusCode).toBe(200);
      expect(mainText(year.body)).toContain(`за ${oldYear.name} учебный год`);
      expect(year.body).toMatch(/<td>[2-5]<\/td>/);
      expect((await parent.get(`/diary/${child}/marks/year?year=${crypto.randomUUID()}`)).statusCode).toBe(404);
    } finally {
      setClock(`${JUNE}T10:00:00+03:00`);
    }
  });
});

describe('access', () => {
  it.each(['deputy', 'secretary', 'teacher', 'parent'])('%s may not open the rollover (403)', async (who) => {
    expect((await (await loginAs(t.app, who)).get('/year/rollover')).statusCode).toBe(403);
  });

  it('another school\'s year answers 404, to read and to apply', async () => {
    const other = await loginAs(t.app, 'admin2');
    expect((await other.get(`/year/rollover?from=${oldYear.id}`)).statusCode).toBe(404);
    expect((await other.post('/year/rollover', { fromId: oldYear.id })).statusCode).toBe(404);
  });
});
