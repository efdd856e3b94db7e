// The demo КТП: 5th-grade maths (170 h) and history (68 h), lesson topics filled in order; the seed is idempotent.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_5, MATH_5, planTopics, seedDemoKtp } from '../../src/cli/seed/demo-ktp.ts';
import type { BuiltSchool } from '../../src/cli/seed/builder.ts';
import { ktpTopics, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { schoolClasses, subjects } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { dates, lessonTopics, makeGroup, makeLessons } from './ktp-support.ts';
import { schoolId } from './people-support.ts';

let t: TestApp;
let built: BuiltSchool;
const groups = new Map<string, string>();
beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const sid = await schoolId(db);
  const classes = await db.select().from(schoolClasses).where(eq(schoolClasses.schoolId, sid));
  const subs = await db.select().from(subjects).where(eq(subjects.schoolId, sid));
  built = {
    schoolId: sid, yearId: classes[0]!.yearId, schemes: new Map(), staff: new Map(), students: new Map(), guardians: new Map(),
    classes: new Map(classes.map((c) => [c.name, c.id])), subjects: new Map(subs.map((s) => [s.name, s.id])),
  };
  for (const [cls, subject] of [['5А', 'Математика'], ['5Б', 'Математика'], ['5А', 'История']] as const) {
    const [existing] = await db.select({ id: teachingGroups.id }).from(teachingGroups)
      .where(and(eq(teachingGroups.schoolId, sid), eq(teachingGroups.classId, built.classes.get(cls)!), eq(teachingGroups.subjectId, built.subjects.get(subject)!), eq(teachingGroups.kind, 'class')));
    const id = existing?.id ?? (await makeGroup(db, { className: cls, subject, name: `${cls} ${subject} (ктп-демо)`, teacher: subject === 'История' ? 'classteacher' : 'teacher' })).groupId;
    groups.set(`${cls} ${subject}`, id);
  }
  if (!(await lessonTopics(db, groups.get('5А Математика')!)).length) {
    await makeLessons(db, { schoolId: sid, groupId: groups.get('5А Математика')!, teacher: 'teacher', dates: dates(10) });
  }
});
afterAll(async () => { await t.close(); });

describe('demo КТП', () => {
  it('plans are realistic: maths 170 h, history 68 h, titles within the rules', () => {
    const sum = (p: typeof MATH_5) => planTopics(p).reduce((s, x) => s + x.hours, 0);
    expect(sum(MATH_5)).toBe(170);
    expect(sum(HISTORY_5)).toBe(68);
    for (const topic of [...planTopics(MATH_5), ...planTopics(HISTORY_5)]) {
      expect(topic.hours).toBeGreaterThanOrEqual(1);
      expect(topic.hours).toBeLessThanOrEqual(10);
      expect(topic.title.length).toBeLessThanOrEqual(500);
    }
  });

  it('seeds three groups, fills their lessons, and a second run changes nothing', async () => {
    const db = t.database.db;
    await seedDemoKtp(db, built);
    const count = async (key: string) => (await db.select().from(ktpTopics).where(eq(ktpTopics.groupId, groups.get(key)!))).length;
    expect(await count('5А Математика')).toBe(planTopics(MATH_5).length);
    expect(await count('5Б Математика')).toBe(planTopics(MATH_5).length);
    expect(await count('5А История')).toBe(planTopics(HISTORY_5).length);
    const lessons = await lessonTopics(db, groups.get('5А Математика')!);
    expect(lessons.slice(0, 3).map((l) => l.topic)).toEqual(['Десятичная система счисления', 'Ряд натуральных чисел', 'Натуральный ряд. Число 0']);
    expect(await seedDemoKtp(db, built)).toEqual([]);
    expect(await count('5А Математика')).toBe(planTopics(MATH_5).length);
    const teacher = await loginAs(t.app, 'teacher');
    const page = await teacher.get(`/ktp/groups/${groups.get('5А Математика')}`);
    expect(mainText(page.body)).toContain('Часов по КТП: 170');
    expect(mainText(page.body)).toContain('Действия с натуральными числами');
  });
});
