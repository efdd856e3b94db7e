// Where the archive reads from: the school's years, the year being archived with its classes and groups, and a reader
// that runs each page of rows in a short transaction of the school (row-level security holds; on PGlite, one
// connection, other requests get their turn between pages instead of waiting for the whole archive).
import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { schools } from '../platform/schema.ts';
import { groupSchemeSql } from '../journal/lesson-facts.ts';
import { academicYears, periods, periodSchemes, schoolClasses, subjects } from '../setup/schema.ts';
import { pathSegment, uniqueSegment } from './rules.ts';
import type { Cell } from './zip-writer.ts';

type Q = Db | Tx;

export type ArchiveSource = { schoolId: string; read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> };

export const sourceOf = (db: Db, schoolId: string): ArchiveSource => ({ schoolId, read: (fn) => withSchool(db, schoolId, fn) });

export type YearFacts = {
  school: { id: string; name: string; timeZone: string };
  year: { id: string; name: string; startsOn: string; endsOn: string; status: string };
};

const YEAR_COLUMNS = {
  id: academicYears.id, name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn, status: academicYears.status,
};

/** The school's years, the latest first. */
export async function schoolYears(db: Q, { schoolId }: { schoolId: string }) {
  return db.select(YEAR_COLUMNS).from(academicYears).where(eq(academicYears.schoolId, schoolId)).orderBy(desc(academicYears.startsOn));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The year (by id, or by name such as «2025/2026») of this school with the school's facts; undefined when unknown. */
export async function yearFacts(db: Q, { schoolId, year }: { schoolId: string; year: string }): Promise<YearFacts | undefined> {
  const which = UUID.test(year) ? or(eq(academicYears.id, year), eq(academicYears.name, year)) : eq(academicYears.name, year);
  const [row] = await db.select({ ...YEAR_COLUMNS, schoolName: schools.name, timeZone: schools.timeZone }).from(academicYears)
    .innerJoin(schools, eq(schools.id, academicYears.schoolId))
    .where(and(eq(academicYears.schoolId, schoolId), which)).limit(1);
  if (!row) return undefined;
  const { schoolName, timeZone, ...year_ } = row;
  return { school: { id: schoolId, name: schoolName, timeZone }, year: year_ };
}

export type ArchiveClass = { id: string; name: string; grade: number | null; dir: string };
export type ArchiveGroup = {
  id: string; name: string; kind: string; lessonKind: string; subjectName: string; classId: string | null; className: string | null;
  /** The periods the group's journal follows: its class's scheme (a cross-class group: the year's most common one). */
  schemeId: string | null;
  /** The group's journal page in the ZIP: journal/<class>/<group>.html (cross-class groups under journal/cross-class/). */
  journalPath: string;
};

/** The year's classes in the natural order (1А … 11Б, then by name), each with its unique folder name. */
export async function yearClasses(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }): Promise<ArchiveClass[]> {
  const rows = await db.select({ id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade }).from(schoolClasses)
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId)))
    .orderBy(sql`${schoolClasses.grade} nulls last`, asc(schoolClasses.name));
  const taken = new Set<string>(['cross-class']);
  return rows.map((c) => ({ ...c, dir: uniqueSegment(pathSegment(c.name), taken) }));
}

/** The year's teaching groups by class (as `classes` orders them; cross-class groups last), subject and name. */
export async function yearGroups(db: Q, a: { schoolId: string; yearId: string; classes: readonly ArchiveClass[] }): Promise<ArchiveGroup[]> {
  const rows = await db.select({
    id: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, lessonKind: teachingGroups.lessonKind,
    subjectName: subjects.name, classId: teachingGroups.classId,
    schemeId: sql<string | null>`${groupSchemeSql(a.schoolId, teachingGroups.classId, teachingGroups.yearId)}`,
  }).from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(teachingGroups.schoolId, a.schoolId), eq(teachingGroups.yearId, a.yearId)))
    .orderBy(asc(subjects.name), asc(teachingGroups.name));
  const order = new Map(a.classes.map((c, i) => [c.id, i]));
  const byId = new Map(a.classes.map((c) => [c.id, c]));
  const taken = new Map<string, Set<string>>();
  return rows
    .sort((x, y) => (order.get(x.classId ?? '') ?? 1e9) - (order.get(y.classId ?? '') ?? 1e9))
    .map((g) => {
      const cls = g.classId ? byId.get(g.classId) : undefined;
      const dir = cls?.dir ?? 'cross-class';
      const names = taken.get(dir) ?? new Set<string>();
      taken.set(dir, names);
      return { ...g, className: cls?.name ?? null, journalPath: `journal/${dir}/${uniqueSegment(pathSegment(g.name), names)}.html` };
    });
}

export type SchemePeriod = { id: string; name: string; startsOn: string; endsOn: string };

/** The periods of each of the year's schemes, in order. */
export async function yearPeriods(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }): Promise<Map<string, SchemePeriod[]>> {
  const rows = await db.select({ schemeId: periods.schemeId, id: periods.id, name: periods.name, startsOn: periods.startsOn, endsOn: periods.endsOn })
    .from(periods)
    .innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, periods.schoolId), eq(periodSchemes.id, periods.schemeId)))
    .where(and(eq(periods.schoolId, schoolId), eq(periodSchemes.yearId, yearId))).orderBy(asc(periods.startsOn), asc(periods.ordinal));
  const out = new Map<string, SchemePeriod[]>();
  for (const { schemeId, ...p } of rows) out.set(schemeId, [...(out.get(schemeId) ?? []), p]);
  return out;
}

/** The groups cut into batches read together: a class's groups (cross-class groups by 20). */
export function batchesOf(groups: readonly ArchiveGroup[]): ArchiveGroup[][] {
  const out: ArchiveGroup[][] = [];
  for (const g of groups) {
    const last = out.at(-1);
    if (last && last[0]!.classId === g.classId && last.length < 20) last.push(g);
    else out.push([g]);
  }
  return out;
}

/**
 * Rows of each batch of groups in turn (memory holds one class's groups, never the year): `rowsOf` reads a batch in its
 * own short transaction and gives its rows.
 */
export async function* perBatch(src: ArchiveSource, groups: readonly ArchiveGroup[],
  rowsOf: (batch: ArchiveGroup[]) => Promise<Iterable<readonly Cell[]>>): AsyncGenerator<readonly Cell[]> {
  for (const batch of batchesOf(groups)) yield* await rowsOf(batch);
}
