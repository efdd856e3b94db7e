// A small school at the year's end for the promotion decisions (buildSmallSchool built on 20.06.2027, the clock moved
// there by the test): 5А (Ученик01–03) and 5Б turned into 9Б (Ученик11–13); whole-class groups of Математика and
// Русский язык in each; the year marks below, every suggestion of the tests coming from them:
//   5А  Ученик01  5 / 4       → перевести
//       Ученик02  2 / 3       → перевести условно (Математика)
//       Ученик03  4 / —       → перевести, «нет годовой отметки: Русский язык»
//   9Б  Ученик11  5 / 5       → выпустить
//       Ученик12  н/а / 4     → оставить на повторное обучение (не допущен к ГИА)
//       Ученик13  4 / 4       → выпустить
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { periodMarks } from '../../src/modules/journal/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

export type PromotionSchool = Awaited<ReturnType<typeof buildPromotionSchool>>;

export async function buildPromotionSchool(database: Database, p: string) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  const { schoolId, yearId } = built;
  const cls = (k: string) => built.classes.get(k)!;
  await db.update(schoolClasses).set({ grade: 9, name: '9Б' }).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, cls('5Б'))));
  const group = async (subject: string, classKey: string) => {
    const id = crypto.randomUUID();
    await db.insert(teachingGroups).values({ schoolId, id, yearId, subjectId: built.subjects.get(subject)!, kind: 'class', classId: cls(classKey), name: `${subject} ${classKey}` });
    await db.insert(groupTeachers).values({ schoolId, groupId: id, staffId: built.staff.get('teacher')!, startsOn: '2026-09-01' });
    return id;
  };
  const g = { math5: await group('Математика', '5А'), rus5: await group('Русский язык', '5А'), math9: await group('Математика', '5Б'), rus9: await group('Русский язык', '5Б') };
  const stu = (k: string) => built.students.get(k)!;
  const year = (groupId: string, key: string, value: string) => ({ schoolId, groupId, studentId: stu(key), kind: 'year', periodId: null, value });
  await db.insert(periodMarks).values([
    year(g.math5, '5А-1', '5'), year(g.rus5, '5А-1', '4'), year(g.math5, '5А-2', '2'), year(g.rus5, '5А-2', '3'), year(g.math5, '5А-3', '4'),
    year(g.math9, '5Б-1', '5'), year(g.rus9, '5Б-1', '5'), year(g.math9, '5Б-2', 'н/а'), year(g.rus9, '5Б-2', '4'),
    year(g.math9, '5Б-3', '4'), year(g.rus9, '5Б-3', '4'),
  ]);
  return { ...built, class5A: cls('5А'), class9B: cls('5Б'), stu, subjects: built.subjects };
}
