// No query joins two tenant tables without equating their school_id (issue 15, scale-out): a static scan of src/ and the
// migrations' SQL functions. The scanner's limits are in tests/support/tenant-joins.ts; the planted cases below prove it
// fails on the joins it claims to catch.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checked, drizzleJoins, schemaTables, sqlJoins } from '../support/tenant-joins.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tables = schemaTables();

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const IMPORTS = `import { staff, subjects, teachingGroups, schools, schoolClasses as classes } from '../setup/schema.ts';\n`;

describe('the scanner', () => {
  it('knows the schema: tenant tables by school_id, auth_events and the other global tables are not', () => {
    const tenant = tables.filter((t) => t.tenant).map((t) => t.sqlName);
    expect(tenant).toEqual(expect.arrayContaining(['marks', 'lessons', 'students', 'classes', 'audit_events']));
    expect(tenant.length).toBeGreaterThanOrEqual(44);
    for (const g of ['schools', 'accounts', 'sessions', 'auth_events', 'operators', 'recovery_codes']) expect(tenant).not.toContain(g);
  });

  it.each([
    ['good: school_id equated', `.innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, x)))`, 0],
    ['good: reversed sides', `.leftJoin(staff, and(eq(staff.id, g.teacherId), eq(teachingGroups.schoolId, staff.schoolId)))`, 0],
    ['good: school_id equated with the request school', `.leftJoin(classes, and(eq(classes.schoolId, schoolId), eq(classes.id, y)))`, 0],
    ['good: a global table needs nothing', `.innerJoin(schools, eq(schools.id, teachingGroups.schoolId))`, 0],
    ['bad: id only', `.innerJoin(subjects, eq(subjects.id, teachingGroups.subjectId))`, 1],
    ['bad: two other tables', `.innerJoin(staff, and(eq(staff.id, a.b), eq(teachingGroups.schoolId, subjects.schoolId)))`, 1],
    ['bad: through a renamed import', `.leftJoin(classes, eq(classes.id, teachingGroups.classId))`, 1],
    ['bad: an unknown join target', `.leftJoin(mystery, eq(mystery.id, teachingGroups.classId))`, 1],
  ])('drizzle — %s', (_name, code, n) => {
    expect(drizzleJoins('planted.ts', IMPORTS + code, tables)).toHaveLength(n);
  });

  it('drizzle — a condition kept in a constant is read from the constant', () => {
    const on = 'and(eq(staff.schoolId, teachingGroups.schoolId), eq(staff.id, teachingGroups.teacherId))';
    const good = `${IMPORTS}const on = ${on};\nq.innerJoin(staff, on);`;
    expect(drizzleJoins('planted.ts', good, tables)).toEqual([]);
    expect(drizzleJoins('planted.ts', good.replace('staff.schoolId', 'subjects.schoolId'), tables)).toHaveLength(1);
  });

  it('drizzle — an alias of a tenant table is checked like the table', () => {
    const code = `${IMPORTS}const toClass = alias(classes, 'to_class');\nq.leftJoin(toClass, eq(toClass.id, x.classId));`;
    expect(drizzleJoins('planted.ts', code, tables)).toMatchObject([{ line: 3, problem: 'no school_id equality for classes' }]);
  });

  it.each([
    ['good', 'from lesson_columns lc join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id', 0],
    ['good: reversed, AS', 'from marks m left join students as s on m.school_id = s.school_id and s.id = m.student_id where', 0],
    ['good: the request school', 'from agg join students st on st.school_id = ${schoolId} and st.id = agg.student_id', 0],
    ['good: using', 'from marks join lessons using (school_id, lesson_id)', 0],
    ['good: global table', 'join schools sc on sc.id = k.school_id', 0],
    ['bad: id only', 'from marks m join lessons l on l.id = m.lesson_id where m.school_id = ${schoolId}', 1],
    ['bad: the equality is in WHERE', 'from marks m join lessons l on l.id = m.lesson_id where l.school_id = m.school_id', 1],
    ['bad: another alias', 'from marks m join lessons l on m.school_id = x.school_id and l.id = m.lesson_id', 1],
    ['bad: using without school_id', 'from marks join lessons using (lesson_id)', 1],
    ['bad: no alias, upper case', 'FROM marks m JOIN students ON students.id = m.student_id;', 1],
    ['bad: in parentheses', 'exists (select 1 from teaching_groups g join academic_years a on a.id = g.year_id) and', 1],
  ])('raw SQL — %s', (_name, text, n) => {
    expect(sqlJoins('planted.ts', text, tables)).toHaveLength(n);
  });
});

describe('the app and the migrations', () => {
  const ts = filesUnder('src', '.ts');
  const migrations = filesUnder('migrations', '.sql');

  it('reads every source file and migration', () => {
    expect(ts.length).toBeGreaterThan(200);
    expect(migrations.length).toBeGreaterThanOrEqual(15);
  });

  it('every drizzle join of a tenant table equates its school_id', () => {
    const before = checked.drizzle;
    const findings = ts.flatMap((f) => drizzleJoins(f, readFileSync(path.join(root, f), 'utf8'), tables));
    expect(findings).toEqual([]);
    console.log(`drizzle joins of tenant tables checked: ${checked.drizzle - before}`);
    expect(checked.drizzle - before).toBeGreaterThan(150);
  });

  it('every raw SQL join of a tenant table equates its school_id (src/ and migrations)', () => {
    const before = checked.sql;
    const findings = [...ts, ...migrations].flatMap((f) => sqlJoins(f, readFileSync(path.join(root, f), 'utf8'), tables));
    expect(findings).toEqual([]);
    console.log(`raw SQL joins of tenant tables checked: ${checked.sql - before}`);
    expect(checked.sql - before).toBeGreaterThan(100);
  });
});
