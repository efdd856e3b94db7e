// courses.csv and classes.csv. A course is a subject in a grade of the year (Математика, 5 класс) — we keep no row of it,
// so its sourcedId is derived; a class is a teaching group (classType scheduled) or a class of the year itself (5А,
// classType homeroom, under a course «Параллель 5 классов»). Terms of a class: the periods of its scheme.
import { sql } from 'drizzle-orm';
import { groupSchemeSql } from '../../journal/lesson-facts.ts';
import { select, type ExportContext } from './context.ts';
import { derivedId, gradeCode, listCell } from './rules.ts';
import type { Row } from './spec.ts';

export const courseId = (yearId: string, subjectId: string, grade: number | null): string =>
  derivedId('course', yearId, subjectId, grade);
export const homeroomCourseId = (yearId: string, grade: number | null): string => derivedId('homeroom-course', yearId, grade);

type CourseRow = { subjectId: string; name: string; shortName: string; grade: number | null };

export async function* courseRows(c: ExportContext): AsyncGenerator<Row<'courses'>> {
  const subjectCourses = await select<CourseRow>(c.tx, sql`select distinct g.subject_id::text as "subjectId", s.name,
      s.short_name as "shortName", k.grade::int as grade
    from teaching_groups g join subjects s on s.school_id = g.school_id and s.id = g.subject_id
    left join classes k on k.school_id = g.school_id and k.id = g.class_id
    where g.school_id = ${c.school.id} and g.year_id = ${c.year.id} order by 2, 4`);
  const base = { schoolYearSourcedId: c.year.id, orgSourcedId: c.school.id };
  for (const r of subjectCourses) {
    yield {
      ...base, sourcedId: courseId(c.year.id, r.subjectId, r.grade), title: r.grade === null ? r.name : `${r.name}, ${r.grade} класс`,
      courseCode: r.grade === null ? r.shortName : `${r.shortName}-${r.grade}`, grades: gradeCode(r.grade),
      subjects: listCell([r.name]), subjectCodes: listCell([r.shortName]),
    };
  }
  const grades = await select<{ grade: number | null }>(c.tx, sql`select distinct grade::int as grade from classes
    where school_id = ${c.school.id} and year_id = ${c.year.id} order by 1`);
  for (const { grade } of grades) {
    yield {
      ...base, sourcedId: homeroomCourseId(c.year.id, grade), title: grade === null ? 'Учебные группы' : `Параллель ${grade} классов`,
      courseCode: grade === null ? 'groups' : `class-${grade}`, grades: gradeCode(grade),
    };
  }
}

/** SQL: the period ids of a scheme, in order, comma-separated. */
const termsOf = (schoolId: string, scheme: unknown) => sql`coalesce((select string_agg(p.id::text, ',' order by p.ordinal) from periods p
  where p.school_id = ${schoolId} and p.scheme_id = ${scheme}), '')`;

type ClassRow = { id: string; name: string; grade: number | null; terms: string };
type GroupRow = ClassRow & { subjectId: string; subject: string; shortName: string };

export async function* classRows(c: ExportContext): AsyncGenerator<Row<'classes'>> {
  const base = { classType: 'homeroom', schoolSourcedId: c.school.id };
  const classes = await select<ClassRow>(c.tx, sql`select k.id::text, k.name, k.grade::int as grade,
      ${termsOf(c.school.id, sql`k.scheme_id`)} as terms
    from classes k where k.school_id = ${c.school.id} and k.year_id = ${c.year.id} order by k.grade, k.name`);
  for (const k of classes) {
    yield {
      ...base, sourcedId: k.id, title: k.name, grades: gradeCode(k.grade), courseSourcedId: homeroomCourseId(c.year.id, k.grade),
      classCode: k.name, termSourcedIds: k.terms || c.year.id,
    };
  }
  const scheme = groupSchemeSql(c.school.id, sql`g.class_id`, sql`g.year_id`);
  const groups = await select<GroupRow>(c.tx, sql`select g.id::text, g.name, k.grade::int as grade, g.subject_id::text as "subjectId",
      s.name as subject, s.short_name as "shortName", ${termsOf(c.school.id, scheme)} as terms
    from teaching_groups g join subjects s on s.school_id = g.school_id and s.id = g.subject_id
    left join classes k on k.school_id = g.school_id and k.id = g.class_id
    where g.school_id = ${c.school.id} and g.year_id = ${c.year.id} order by g.name`);
  for (const g of groups) {
    yield {
      ...base, classType: 'scheduled', sourcedId: g.id, title: g.name, grades: gradeCode(g.grade),
      courseSourcedId: courseId(c.year.id, g.subjectId, g.grade), termSourcedIds: g.terms || c.year.id,
      subjects: listCell([g.subject]), subjectCodes: listCell([g.shortName]),
    };
  }
}
