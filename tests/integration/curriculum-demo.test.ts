// The demo curriculum of school № 1: plans, groups, subgroups, the elective, teacher assignments and loads.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { groupRosterOn, groupsTaughtBy, groupTeacherOn } from '../../src/modules/curriculum/membership.ts';
import { staff } from '../../src/modules/people/schema.ts';
import type { TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { classByName, groupByName, memberOf, schoolId, startCurriculumApp } from './curriculum-support.ts';

let t: TestApp & { seedMs: number };
let s1: string;
beforeAll(async () => {
  t = await startCurriculumApp();
  s1 = await schoolId(t.database.db);
});
afterAll(async () => { await t.close(); });

describe('demo curriculum', () => {
  it('seeds in under two seconds', () => {
    // PostgreSQL ≈ 0.5 s; PGlite (single-threaded WASM) 1.3–1.6 s, more on a loaded machine.
    expect(t.seedMs).toBeLessThan(process.env.TEST_DATABASE_URL ? 2000 : 4000);
  });

  it('gives every class a plan and lists the totals on the index', async () => {
    const c = await loginAs(t.app, 'deputy');
    const text = mainText((await c.get('/curriculum')).body);
    expect(text).toContain('1А 8 20');
    expect(text).toContain('5А 11 26');
    expect(text).toContain('9Б 16 33');
    expect(text).toContain('11Б 15 27');
    expect(text).not.toMatch(/\d[АБ] 0 0/);
  });

  it('assigns a teacher to every group on the demo\'s today, and keeps loads plausible', async () => {
    const db = t.database.db;
    const groups = await db.select({ id: teachingGroups.id, name: teachingGroups.name }).from(teachingGroups).where(eq(teachingGroups.schoolId, s1));
    expect(groups.length).toBeGreaterThan(290);
    for (const g of groups) expect(await groupTeacherOn(db, { schoolId: s1, groupId: g.id, date: '2026-11-22' }), g.name).toBeTruthy();
    const loads = await db.select({ position: staff.position, hours: sql<number>`sum(${teachingGroups.hoursPerWeek})::float` })
      .from(groupTeachers)
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupTeachers.schoolId), eq(teachingGroups.id, groupTeachers.groupId)))
      .innerJoin(staff, and(eq(staff.schoolId, groupTeachers.schoolId), eq(staff.id, groupTeachers.staffId)))
      .where(and(eq(groupTeachers.schoolId, s1), sql`${groupTeachers.endsOn} is null`))
      .groupBy(staff.id, staff.position);
    for (const l of loads) expect(l.hours, l.position ?? '').toBeLessThanOrEqual(30);
    expect(loads.filter((l) => l.position === 'Учитель английского языка').map((l) => l.hours).sort()).toEqual([27, 27, 27, 27]);
  });

  it('gives the named teachers their classes', async () => {
    const db = t.database.db;
    const names = async (login: string) => (await groupsTaughtBy(db, { schoolId: s1, staffId: (await memberOf(db, login)).staffId!, date: '2026-11-22' })).map((g) => g.name);
    expect(await names('teacher')).toEqual(['5А — Математика', '5Б — Математика', '6А — Математика', '6Б — Математика', 'Олимпиадная математика']);
    expect((await names('classteacher')).filter((n) => n.endsWith('История'))).toHaveLength(10);
    expect(await names('deputy')).toEqual(['9А — Русский язык']);
    expect(await names('multi')).toContain('7А — Информатика');
    expect(await names('multi')).toContain('9Б — Информатика');
  });

  it('splits English into two subgroups that follow the class history', async () => {
    const db = t.database.db;
    const g1 = await groupByName(db, s1, '5А — Английский язык, гр. 1');
    const g2 = await groupByName(db, s1, '5А — Английский язык, гр. 2');
    const on = async (date: string) => (await groupRosterOn(db, { schoolId: s1, groupId: g1.id, date })).length + (await groupRosterOn(db, { schoolId: s1, groupId: g2.id, date })).length;
    const cls = await classByName(db, '5А');
    const whole = await groupByName(db, s1, '5А — Математика');
    const classOn = async (date: string) => (await groupRosterOn(db, { schoolId: s1, groupId: whole.id, date })).length;
    expect(whole.classId).toBe(cls.id);
    expect(await on('2026-09-01')).toBe(await classOn('2026-09-01'));
    // a transfer in on 05.10 joins the whole class at once but waits to be placed in a subgroup; the withdrawal on 12.11 leaves both
    expect(await classOn('2026-10-05')).toBe((await classOn('2026-09-01')) + 1);
    expect(await on('2026-10-05')).toBe(await on('2026-09-01'));
    expect(await on('2026-11-12')).toBe((await on('2026-09-01')) - 1);
    const c = await loginAs(t.app, 'deputy');
    expect(mainText((await c.get(`/curriculum/groups/${g1.id}?date=2026-11-22`)).body)).toMatch(/Не распределены по подгруппам \S+ \S+ \S+ — не распределён\(а\)/);
  });

  it('has the cross-class elective and the physics change in 7Б', async () => {
    const db = t.database.db;
    const elective = await groupByName(db, s1, 'Олимпиадная математика');
    const roster = await groupRosterOn(db, { schoolId: s1, groupId: elective.id, date: '2026-09-01' });
    expect(roster).toHaveLength(10);
    expect([...new Set(roster.map((r) => r.className))].sort()).toEqual(['8А', '8Б', '9А']);
    const members = await db.select().from(groupMembers).where(eq(groupMembers.groupId, elective.id));
    expect(members).toHaveLength(10);
    const physics = await groupByName(db, s1, '7Б — Физика');
    const before = await groupTeacherOn(db, { schoolId: s1, groupId: physics.id, date: '2026-11-08' });
    const after = await groupTeacherOn(db, { schoolId: s1, groupId: physics.id, date: '2026-11-09' });
    expect(before && after && before !== after).toBe(true);
  });
});
