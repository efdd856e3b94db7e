// Teaching groups: a subgroup split with a group choice per student, rosters on dates across the demo's transfer
// into 5А (05.10) and withdrawal from 5А (12.11), adding/removing members, cross-class and individual groups,
// teacher assignments with a change mid-year and a refused overlap.
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupRosterOn, groupTeacherOn } from '../../src/modules/curriculum/membership.ts';
import { curriculumItems, groupMembers, groupTeachers } from '../../src/modules/curriculum/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { subjects } from '../../src/modules/setup/schema.ts';
import type { TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { classByName, groupByName, memberOf, postWithList, rosterNames, schoolId, startCurriculumApp } from './curriculum-support.ts';

let t: TestApp;
let s1: string;
let c5A: string;
let item: string;
let arrived: { id: string; name: string };
let withdrawn: { id: string; name: string };
let g1: string;
let g2: string;

beforeAll(async () => {
  t = await startCurriculumApp();
  const db = t.database.db;
  s1 = await schoolId(db);
  c5A = (await classByName(db, '5А')).id;
  const [subject] = await db.select().from(subjects).where(and(eq(subjects.schoolId, s1), eq(subjects.name, 'ОДНКНР')));
  const [row] = await db.insert(curriculumItems).values({ schoolId: s1, classId: c5A, subjectId: subject!.id, hoursPerWeek: '1' }).returning();
  item = row!.id;
  const who = async (cond: ReturnType<typeof eq>) => {
    const [m] = await db.select({ id: students.id, last: students.lastName, first: students.firstName, middle: students.middleName }).from(classMemberships)
      .innerJoin(students, eq(students.id, classMemberships.studentId)).where(and(eq(classMemberships.classId, c5A), cond));
    return { id: m!.id, name: `${m!.last} ${m!.first} ${m!.middle ?? ''}`.trim() };
  };
  arrived = await who(eq(classMemberships.startsOn, '2026-10-05'));
  withdrawn = await who(eq(classMemberships.endsOn, '2026-11-12'));
});
afterAll(async () => { await t.close(); });

const roster = async (groupId: string, date: string) => (await groupRosterOn(t.database.db, { schoolId: s1, groupId, date })).map((r) => r.studentId);

describe('a subgroup split', () => {
  it('lists the class\'s students with a group choice each, and creates the subgroups', async () => {
    const c = await loginAs(t.app, 'deputy');
    const form = await c.get(`/curriculum/items/${item}/split?startsOn=2026-09-01`);
    expect(form.statusCode).toBe(200);
    const choices = [...form.body.matchAll(/name="part_([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(choices).toContain(withdrawn.id); // in 5А on 01.09
    expect(choices).not.toContain(arrived.id); // not yet
    const body: Record<string, string> = { count: '2', startsOn: '2026-09-01' };
    const left = choices.find((id) => id !== withdrawn.id)!;
    choices.forEach((id, i) => { body[`part_${id}`] = id === left ? '0' : String((i % 2) + 1); });
    body[`part_${withdrawn.id}`] = '1';
    const res = await c.post(`/curriculum/items/${item}/split`, body);
    expect(res.statusCode).toBe(303);
    g1 = (await groupByName(t.database.db, s1, '5А — ОДНКНР, гр. 1')).id;
    g2 = (await groupByName(t.database.db, s1, '5А — ОДНКНР, гр. 2')).id;
    const on = [...await roster(g1, '2026-09-01'), ...await roster(g2, '2026-09-01')];
    expect(on).toHaveLength(choices.length - 1); // the first left undistributed
    expect(new Set(on).size).toBe(on.length);
    const again = await c.post(`/curriculum/items/${item}/split`, body);
    expect(again.statusCode).toBe(422);
    expect(mainText(again.body)).toContain('уже разделён на подгруппы');
    expect((await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, s1), eq(auditEvents.entity, 'group_member')))).length).toBe(on.length);
  });

  it('follows the class history: a student withdrawn leaves on the order\'s date, one transferred in waits to be placed', async () => {
    expect(await roster(g1, '2026-11-11')).toContain(withdrawn.id);
    expect(await roster(g1, '2026-11-12')).not.toContain(withdrawn.id);
    const c = await loginAs(t.app, 'deputy');
    const page = mainText((await c.get(`/curriculum/groups/${g2}?date=2026-10-05`)).body);
    expect(page).toContain(`${arrived.name} — не распределён(а)`);
    expect(mainText((await c.get(`/curriculum/groups/${g2}?date=2026-10-04`)).body)).not.toContain(arrived.name);
  });

  it('adds the newcomer from a chosen date; refuses a second subgroup at the same time', async () => {
    const c = await loginAs(t.app, 'deputy');
    await c.get(`/curriculum/groups/${g2}`);
    expect((await c.post(`/curriculum/groups/${g2}/members`, { studentId: arrived.id, startsOn: '2026-10-07' })).statusCode).toBe(303);
    expect(await roster(g2, '2026-10-06')).not.toContain(arrived.id);
    expect(await roster(g2, '2026-10-07')).toContain(arrived.id);
    const clash = await c.post(`/curriculum/groups/${g1}/members`, { studentId: arrived.id, startsOn: '2026-11-01' });
    expect(clash.statusCode).toBe(422);
    expect(mainText(clash.body)).toContain('Обучающийся уже в группе «5А — ОДНКНР, гр. 2» с 07.10.2026.');
    const before = await c.post(`/curriculum/groups/${g2}/members`, { studentId: arrived.id, startsOn: '2026-10-01' });
    expect(before.statusCode).toBe(422);
    expect(mainText(before.body)).toContain('не в этом классе на эту дату');
    expect(rosterNames((await c.get(`/curriculum/groups/${g2}?date=2026-10-07`)).body).join('|')).toContain(arrived.name);
  });

  it('removing a member ends the row at a date and keeps the history', async () => {
    const c = await loginAs(t.app, 'admin');
    await c.get(`/curriculum/groups/${g2}`);
    const [row] = await t.database.db.select().from(groupMembers).where(and(eq(groupMembers.groupId, g2), eq(groupMembers.studentId, arrived.id)));
    expect((await c.post(`/curriculum/groups/${g2}/members/${row!.id}/end`, { endsOn: '2026-10-01' })).statusCode).toBe(422);
    expect((await c.post(`/curriculum/groups/${g2}/members/${row!.id}/end`, { endsOn: '2026-12-01' })).statusCode).toBe(303);
    expect(await roster(g2, '2026-11-30')).toContain(arrived.id);
    expect(await roster(g2, '2026-12-01')).not.toContain(arrived.id);
    const rows = await t.database.db.select().from(groupMembers).where(and(eq(groupMembers.groupId, g2), eq(groupMembers.studentId, arrived.id)));
    expect(rows.map((r) => [r.startsOn, r.endsOn])).toEqual([['2026-10-07', '2026-12-01']]);
    expect(mainText((await c.get(`/curriculum/groups/${g2}`)).body)).toMatch(new RegExp(`${arrived.name} 07\\.10\\.2026 01\\.12\\.2026 \\(не включая\\)`));
  });
});

describe('teacher assignments', () => {
  it('assigns a teacher, changes mid-year (the previous period closes at the date), refuses an overlap', async () => {
    const db = t.database.db;
    const ivanova = (await memberOf(db, 'teacher')).staffId!;
    const sokolov = (await memberOf(db, 'classteacher')).staffId!;
    const deputy = (await memberOf(db, 'deputy')).staffId!;
    const c = await loginAs(t.app, 'deputy');
    await c.get(`/curriculum/groups/${g1}`);
    expect((await c.post(`/curriculum/groups/${g1}/teachers`, { staffId: ivanova, startsOn: '2026-09-01' })).statusCode).toBe(303);
    expect((await c.post(`/curriculum/groups/${g1}/teachers`, { staffId: sokolov, startsOn: '2026-11-09' })).statusCode).toBe(303);
    const rows = await db.select().from(groupTeachers).where(eq(groupTeachers.groupId, g1)).orderBy(groupTeachers.startsOn);
    expect(rows.map((r) => [r.staffId, r.startsOn, r.endsOn])).toEqual([[ivanova, '2026-09-01', '2026-11-09'], [sokolov, '2026-11-09', null]]);
    expect(await groupTeacherOn(db, { schoolId: s1, groupId: g1, date: '2026-11-08' })).toBe(ivanova);
    expect(await groupTeacherOn(db, { schoolId: s1, groupId: g1, date: '2026-11-09' })).toBe(sokolov);

    const overlap = await c.post(`/curriculum/groups/${g1}/teachers`, { staffId: deputy, startsOn: '2026-10-01', until: '2026-11-20' });
    expect(overlap.statusCode).toBe(422);
    expect(mainText(overlap.body)).toContain('Период пересекается с назначением с 09.11.2026');
    const outside = await c.post(`/curriculum/groups/${g1}/teachers`, { staffId: deputy, startsOn: '2027-09-15' });
    expect(outside.statusCode).toBe(422);
    const same = await c.post(`/curriculum/groups/${g1}/teachers`, { staffId: sokolov, startsOn: '2026-12-01' });
    expect(mainText(same.body)).toContain('Этот учитель уже ведёт группу с 09.11.2026.');
    expect(await db.select().from(groupTeachers).where(and(eq(groupTeachers.groupId, g1), isNull(groupTeachers.endsOn)))).toHaveLength(1);
    expect((await db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, s1), eq(auditEvents.entity, 'group_teacher')))).length).toBe(3);
  });

  it('both teachers read the group (the journal stays one); the new one sees it in «Мои группы»', async () => {
    const old = await loginAs(t.app, 'teacher');
    expect((await old.get(`/curriculum/groups/${g1}`)).statusCode).toBe(200);
    const mine = mainText((await old.get('/curriculum/my-groups')).body);
    expect(mine).toMatch(/В другие периоды года 5А — ОДНКНР, гр\. 1 — с 01\.09\.2026 по 09\.11\.2026/);
    const next = await loginAs(t.app, 'classteacher');
    const page = mainText((await next.get(`/curriculum/groups/${g1}`)).body);
    expect(page).toMatch(/Учитель на \d\d\.\d\d\.\d{4} Соколов Андрей Николаевич/);
    expect(page).not.toContain('Назначить учителя');
    expect(mainText((await next.get('/curriculum/my-groups')).body)).toContain('5А — ОДНКНР, гр. 1');
  });
});

describe('cross-class and individual groups', () => {
  it('creates an elective of students from several classes, and refuses an individual plan of two', async () => {
    const db = t.database.db;
    const pick = async (cls: string) => (await db.select({ id: classMemberships.studentId }).from(classMemberships)
      .where(and(eq(classMemberships.classId, (await classByName(db, cls)).id), isNull(classMemberships.endsOn))).limit(2)).map((r) => r.id);
    const chosen = [...await pick('10А'), ...await pick('11Б')];
    const [subject] = await db.select().from(subjects).where(and(eq(subjects.schoolId, s1), eq(subjects.name, 'Физика')));
    const c = await loginAs(t.app, 'deputy');
    expect((await c.get('/curriculum/groups/new')).statusCode).toBe(200);
    const form = { kind: 'cross_class', name: 'Астрономия', subjectId: subject!.id, hoursPerWeek: '1', lessonKind: 'elective', startsOn: '2026-09-01' };
    const res = await postWithList(t.app, c, '/curriculum/groups', form, 'studentIds', chosen);
    expect(res.statusCode).toBe(303);
    const group = await groupByName(db, s1, 'Астрономия');
    expect(group.kind).toBe('cross_class');
    expect((await groupRosterOn(db, { schoolId: s1, groupId: group.id, date: '2026-11-22' })).map((r) => r.className).sort()).toEqual(['10А', '10А', '11Б', '11Б']);
    const two = await postWithList(t.app, c, '/curriculum/groups', { ...form, kind: 'individual', name: 'ИУП' }, 'studentIds', chosen.slice(0, 2));
    expect(two.statusCode).toBe(422);
    expect(mainText(two.body)).toContain('В группе индивидуального плана — один обучающийся.');
    const one = await postWithList(t.app, c, '/curriculum/groups', { ...form, kind: 'individual', name: 'ИУП: физика' }, 'studentIds', chosen.slice(0, 1));
    expect(one.statusCode).toBe(303);
    expect((await groupByName(db, s1, 'ИУП: физика')).classId).toBe((await classByName(db, '10А')).id);
  });
});
