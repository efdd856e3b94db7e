// A small school with a year worth archiving (buildSmallSchool: 5А with Ученик01–03, 5Б with Ученик11–13, 2026/2027 in
// quarters), closed here by setting its status: 5А maths with three lessons (marks in two columns of two work types, a
// comment, a topic typed and one from the КТП, homework), an absence with its reason and a late, 5Б maths with one
// lesson, period and year marks, a withdrawal order for Ученик03 — and the ZIP helpers the archive tests share.
import { demoCalendar } from '../../src/cli/seed/calendar.ts';
import { addDays } from '../../src/web/dates.ts';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { Database } from '../../src/db/client.ts';
import { classMemberships, orderItems, orders } from '../../src/modules/contingent/schema.ts';
import { groupTeachers, ktpTopics, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance, lessonColumns, marks, periodMarks, workTypes } from '../../src/modules/journal/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { academicYears } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

/**
 * The fixture's dates, from the year buildSmallSchool builds around the clock (the tests pin it: 2026/2027, from
 * 1 September): the lessons on days 1, 8, 71 and 2 of the year, the withdrawal on day 72.
 */
const start = demoCalendar().year.startsOn;
export const D = {
  start, one: addDays(start, 1), two: addDays(start, 8), three: addDays(start, 71), b: addDays(start, 2), left: addDays(start, 72),
  yearName: demoCalendar().year.name,
};

export async function buildArchiveSchool(database: Database, p: string) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  const { schoolId, yearId } = built;
  const [q1] = built.schemes.get('quarters')!.periodIds;
  const s = { A1: built.students.get('5А-1')!, A2: built.students.get('5А-2')!, A3: built.students.get('5А-3')!, B1: built.students.get('5Б-1')! };
  const teacher = built.staff.get('teacher')!;
  const group = async (name: string, classKey: string) => {
    const id = crypto.randomUUID();
    await db.insert(teachingGroups).values({ schoolId, id, yearId, subjectId: built.subjects.get('Математика')!, kind: 'class', classId: built.classes.get(classKey)!, name });
    await db.insert(groupTeachers).values({ schoolId, groupId: id, staffId: teacher, startsOn: D.start });
    return id;
  };
  const g = { math: await group('Математика 5А', '5А'), math5B: await group('Математика 5Б', '5Б') };
  const [answer, test] = await db.insert(workTypes).values([
    { schoolId, name: 'Ответ на уроке', shortName: 'Отв', weight: '1.0' },
    { schoolId, name: 'Контрольная работа', shortName: 'КР', weight: '2.0', isControl: true },
  ]).returning({ id: workTypes.id });
  const [topic] = await db.insert(ktpTopics).values({ schoolId, groupId: g.math, ordinal: 1, title: 'Натуральные числа' }).returning({ id: ktpTopics.id });
  const lesson = async (groupId: string, date: string, fields: Partial<typeof lessons.$inferInsert> = {}) => {
    const id = crypto.randomUUID();
    await db.insert(lessons).values({ schoolId, id, groupId, date, lessonNumber: 2, staffId: teacher, ...fields });
    return id;
  };
  const L = {
    one: await lesson(g.math, D.one, { ktpTopicId: topic!.id, homework: '№ 1–5' }),
    two: await lesson(g.math, D.two, { topic: 'Сложение; «кавычки» и перенос\nстроки', controlWork: true }),
    three: await lesson(g.math, D.three),
    b: await lesson(g.math5B, D.b),
  };
  await db.insert(lessonColumns).values([
    { schoolId, lessonId: L.one, columnNo: 1, workTypeId: answer!.id }, { schoolId, lessonId: L.two, columnNo: 1, workTypeId: answer!.id },
    { schoolId, lessonId: L.two, columnNo: 2, workTypeId: test!.id }, { schoolId, lessonId: L.b, columnNo: 1, workTypeId: answer!.id },
  ]);
  await db.insert(marks).values([
    { schoolId, lessonId: L.one, studentId: s.A1, columnNo: 1, value: 5 },
    { schoolId, lessonId: L.one, studentId: s.A2, columnNo: 1, value: 4, comment: 'у доски' },
    { schoolId, lessonId: L.two, studentId: s.A1, columnNo: 1, value: 3 },
    { schoolId, lessonId: L.two, studentId: s.A1, columnNo: 2, value: 4 },
    { schoolId, lessonId: L.two, studentId: s.A3, columnNo: 2, value: 2 },
    { schoolId, lessonId: L.b, studentId: s.B1, columnNo: 1, value: 5 },
  ]);
  await db.insert(attendance).values([
    { schoolId, lessonId: L.one, studentId: s.A3, kind: 'absent', reason: 'illness' },
    { schoolId, lessonId: L.two, studentId: s.A2, kind: 'late' },
  ]);
  await db.insert(periodMarks).values([
    { schoolId, groupId: g.math, studentId: s.A1, kind: 'period', periodId: q1!, value: '4' },
    { schoolId, groupId: g.math, studentId: s.A2, kind: 'period', periodId: q1!, value: '5' },
    { schoolId, groupId: g.math, studentId: s.A1, kind: 'year', periodId: null, value: '4' },
  ]);
  // Ученик03 withdrawn from 5А on 12.11 (the first day out), by an order of 11.11.
  const [order] = await db.insert(orders).values({ schoolId, number: '7-К', date: D.three, kind: 'withdrawal', title: 'О выбытии' })
    .returning({ id: orders.id });
  const [item] = await db.insert(orderItems).values({
    schoolId, orderId: order!.id, studentId: s.A3, fromClassId: built.classes.get('5А')!, effectiveOn: D.left, reason: 'Переезд в Тверь',
  }).returning({ id: orderItems.id });
  await db.update(classMemberships).set({ endsOn: D.left, endKind: 'withdrawal', endItemId: item!.id })
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, s.A3)));
  await db.update(academicYears).set({ status: 'closed' }).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.id, yearId)));
  return { ...built, groups: g, lessonIds: L, studentIds: s, dates: D };
}

/** Every entry of a ZIP file: name → bytes. */
export async function unzipAll(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const out = new Map<string, Buffer>();
  for await (const e of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
    out.set(e.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return out;
}

/** The same entries, written as a new ZIP file (entries in the given order). */
export async function zipAll(entries: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A CSV of the archive as rows of cells (`;`, RFC 4180 quotes, CRLF, the BOM dropped). */
export function csvRows(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  return rows;
}

/** The byte offset of an entry's (compressed) data in the ZIP file, from its local header. */
export async function dataOffset(file: string, name: string): Promise<{ start: number; length: number }> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  try {
    for await (const e of zip.eachEntry()) {
      if (e.fileName !== name) continue;
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(e, { minimal: true });
      return { start: fileDataStart, length: e.compressedSize };
    }
  } finally {
    zip.close();
  }
  throw new Error(`no entry ${name}`);
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export const readBytes = (file: string) => readFile(file);
