// A class's curriculum: adding, editing, removing items (with the whole-class group), copying to a class of the
// same grade (another grade refused; merge and replace never duplicate), audit rows.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { curriculumItems, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { subjects } from '../../src/modules/setup/schema.ts';
import type { TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { classByName, schoolId, startCurriculumApp } from './curriculum-support.ts';

let t: TestApp;
let s1: string;
let ids: { c5A: string; c5B: string; c6A: string; odnknr: string; music: string };
beforeAll(async () => {
  t = await startCurriculumApp();
  const db = t.database.db;
  s1 = await schoolId(db);
  const subject = async (name: string) => (await db.select().from(subjects).where(and(eq(subjects.schoolId, s1), eq(subjects.name, name))))[0]!.id;
  ids = {
    c5A: (await classByName(db, '5А')).id, c5B: (await classByName(db, '5Б')).id, c6A: (await classByName(db, '6А')).id,
    odnknr: await subject('ОДНКНР'), music: await subject('Музыка'),
  };
});
afterAll(async () => { await t.close(); });

const itemsOf = (classId: string) => t.database.db.select().from(curriculumItems).where(and(eq(curriculumItems.schoolId, s1), eq(curriculumItems.classId, classId)));
const audits = async (entity: string) => (await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, s1), eq(auditEvents.entity, entity)))).length;

describe('a class curriculum', () => {
  it('shows the plan with hours, kinds, groups and teachers', async () => {
    const c = await loginAs(t.app, 'deputy');
    const text = mainText((await c.get(`/curriculum/classes/${ids.c5A}`)).body);
    expect(text).toContain('Учебный план 5А');
    expect(text).toContain('Всего 26 ч в неделю');
    expect(text).toMatch(/Математика 5 обычный урок 5А — Математика Иванова Мария Александровна/);
    expect(text).toMatch(/Английский язык 3 обычный урок 5А — Английский язык, гр\. 1 \S+ \S+ \S+ 5А — Английский язык, гр\. 2/);
  });

  it('adds a subject with its whole-class group, refuses a duplicate and bad hours', async () => {
    const c = await loginAs(t.app, 'deputy');
    await c.get(`/curriculum/classes/${ids.c5A}`);
    const beforeAudit = await audits('curriculum_item');
    const ok = await c.post(`/curriculum/classes/${ids.c5A}/items`, { subjectId: ids.odnknr, hoursPerWeek: '0,5', lessonKind: 'extracurricular', createGroup: 'on' });
    expect(ok.statusCode).toBe(303);
    const page = mainText((await c.get(`/curriculum/classes/${ids.c5A}`)).body);
    expect(page).toContain('Предмет «ОДНКНР» добавлен в учебный план 5А.');
    expect(page).toContain('ОДНКНР 0,5 внеурочная деятельность 5А — ОДНКНР (внеурочная деятельность) учитель не назначен');
    expect(page).toContain('Всего 26,5 ч в неделю');
    expect(await audits('curriculum_item')).toBe(beforeAudit + 1);
    const [group] = await t.database.db.select().from(teachingGroups).where(and(eq(teachingGroups.schoolId, s1), eq(teachingGroups.name, '5А — ОДНКНР (внеурочная деятельность)')));
    expect(group?.kind).toBe('class');

    const dup = await c.post(`/curriculum/classes/${ids.c5A}/items`, { subjectId: ids.odnknr, hoursPerWeek: '1', lessonKind: 'extracurricular' });
    expect(dup.statusCode).toBe(422);
    expect(mainText(dup.body)).toContain('«ОДНКНР» с этим видом занятий уже есть в плане 5А.');
    for (const [hours, message] of [['11', 'от 0,5 до 10'], ['1,3', 'с шагом 0,5'], ['', 'Введите число']]) {
      const bad = await c.post(`/curriculum/classes/${ids.c5A}/items`, { subjectId: ids.odnknr, hoursPerWeek: hours!, lessonKind: 'regular' });
      expect(bad.statusCode).toBe(422);
      expect(mainText(bad.body)).toContain(message);
    }
    expect((await itemsOf(ids.c5A)).filter((i) => i.subjectId === ids.odnknr)).toHaveLength(1);
  });

  it('edits hours (the groups follow) and removes an item while its groups stay', async () => {
    const c = await loginAs(t.app, 'admin');
    const item = (await itemsOf(ids.c5A)).find((i) => i.subjectId === ids.music)!;
    expect((await c.get(`/curriculum/items/${item.id}`)).statusCode).toBe(200);
    expect((await c.post(`/curriculum/items/${item.id}`, { hoursPerWeek: '0', lessonKind: 'regular' })).statusCode).toBe(422);
    expect((await c.post(`/curriculum/items/${item.id}`, { hoursPerWeek: '1,5', lessonKind: 'regular' })).statusCode).toBe(303);
    const [group] = await t.database.db.select().from(teachingGroups).where(and(eq(teachingGroups.schoolId, s1), eq(teachingGroups.name, '5А — Музыка')));
    expect(Number(group!.hoursPerWeek)).toBe(1.5);
    expect((await c.post(`/curriculum/items/${item.id}/delete`)).statusCode).toBe(303);
    expect((await itemsOf(ids.c5A)).some((i) => i.subjectId === ids.music)).toBe(false);
    const [kept] = await t.database.db.select().from(teachingGroups).where(eq(teachingGroups.id, group!.id));
    expect(kept?.curriculumItemId).toBeNull();
    expect(mainText((await c.get(`/curriculum/classes/${ids.c5A}`)).body)).toContain('Другие группы класса 5А — Музыка');
  });
});

describe('copying a curriculum', () => {
  it('refuses another grade', async () => {
    const c = await loginAs(t.app, 'deputy');
    await c.get(`/curriculum/classes/${ids.c5A}`);
    const before = (await itemsOf(ids.c6A)).length;
    const res = await c.post(`/curriculum/classes/${ids.c5A}/copy`, { targetClassId: ids.c6A, mode: 'merge' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Копировать учебный план можно только в класс той же параллели.');
    expect((await itemsOf(ids.c6A)).length).toBe(before);
  });

  it('merges into a class of the same grade without duplicates, then replaces', async () => {
    const c = await loginAs(t.app, 'deputy');
    await c.get(`/curriculum/classes/${ids.c5A}`);
    const before = await itemsOf(ids.c5B);
    expect(before).toHaveLength(11);
    const merge = await c.post(`/curriculum/classes/${ids.c5A}/copy`, { targetClassId: ids.c5B, mode: 'merge' });
    expect(merge.statusCode).toBe(303);
    expect(merge.headers.location).toBe(`/curriculum/classes/${ids.c5B}`);
    const after = await itemsOf(ids.c5B);
    expect(after).toHaveLength(12); // + ОДНКНР; music (removed from 5А) stays in 5Б
    expect(after.some((i) => i.subjectId === ids.music)).toBe(true);
    expect(mainText((await c.get(`/curriculum/classes/${ids.c5B}`)).body)).toContain('добавлено 1, изменено 0, удалено 0');
    await c.post(`/curriculum/classes/${ids.c5A}/copy`, { targetClassId: ids.c5B, mode: 'merge' });
    expect(await itemsOf(ids.c5B)).toHaveLength(12);
    const groups = await t.database.db.select().from(teachingGroups).where(and(eq(teachingGroups.schoolId, s1), eq(teachingGroups.name, '5Б — ОДНКНР (внеурочная деятельность)')));
    expect(groups).toHaveLength(1);

    await c.get(`/curriculum/classes/${ids.c5A}`);
    expect((await c.post(`/curriculum/classes/${ids.c5A}/copy`, { targetClassId: ids.c5B, mode: 'replace' })).statusCode).toBe(303);
    const replaced = await itemsOf(ids.c5B);
    expect(replaced).toHaveLength((await itemsOf(ids.c5A)).length);
    expect(replaced.some((i) => i.subjectId === ids.music)).toBe(false);
  });
});
