// The summary sheet assembled from the facts of a class and a year (queries.ts reads them), by the rule of rules.ts, and
// the table that the page, the CSV and the XLSX show. Pure.
import { addDays } from '../../../web/dates.ts';
import type { ReportTable } from '../core/table.ts';
import {
  covers, lastDayIn, markCell, movementNote, overlaps, pickGroup, type ClassStay, type SheetGroup, type Slot, type Stay,
} from './rules.ts';

export type SheetStudent = {
  id: string; lastName: string; firstName: string; middleName: string | null; sex: string | null;
  /** The student's stays in the class that touch the year. */
  stays: ClassStay[];
  /** The date of each lesson (not cancelled) the student missed, in any class; counted within their stays in this one. */
  absentOn: string[];
};
export type SheetFacts = {
  classId: string;
  year: { startsOn: string; endsOn: string };
  /** yearSlots of the class's scheme. */
  slots: readonly Slot[];
  subjects: ReadonlyArray<{ id: string; name: string; shortName: string }>;
  groups: readonly SheetGroup[];
  students: readonly SheetStudent[];
  members: ReadonlyArray<Stay & { groupId: string; studentId: string }>;
  marks: ReadonlyArray<{ groupId: string; studentId: string; kind: string; periodId: string | null; value: string }>;
};

export type SheetSubject = { id: string; name: string; shortName: string; slots: Slot[] };
export type SheetRow = {
  studentId: string; name: string; note: string; left: boolean; cells: Map<string, string | number | null>; absences: number;
};
export type SheetModel = { subjects: SheetSubject[]; rows: SheetRow[] };

export const cellKey = (subjectId: string, slotKey: string) => `m:${subjectId}:${slotKey}`;
const markKey = (groupId: string, studentId: string, kind: string, periodId: string | null) =>
  `${groupId}|${studentId}|${kind}|${periodId ?? ''}`;
const fullName = (s: Pick<SheetStudent, 'lastName' | 'firstName' | 'middleName'>) =>
  [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ');

export function buildSheet(f: SheetFacts): SheetModel {
  const marks = new Map(f.marks.map((m) => [markKey(m.groupId, m.studentId, m.kind, m.periodId), m.value]));
  const stays = new Map<string, Stay[]>();
  for (const m of f.members) stays.set(`${m.groupId}|${m.studentId}`, [...(stays.get(`${m.groupId}|${m.studentId}`) ?? []), m]);
  const inGroup = (g: SheetGroup, s: SheetStudent, date: string) =>
    g.kind === 'class' ? g.classId === f.classId : covers(stays.get(`${g.id}|${s.id}`) ?? [], date);
  // A subject of the class's own groups, or of another group a student was in while in the class.
  const inYear = { startsOn: f.year.startsOn, endsOn: addDays(f.year.endsOn, 1) };
  const shared = (g: SheetGroup) => f.students.some((s) => (stays.get(`${g.id}|${s.id}`) ?? [])
    .some((m) => overlaps(m, inYear) && s.stays.some((c) => overlaps(m, c) && overlaps(c, inYear))));
  const groups = f.groups.filter((g) => g.classId === f.classId || shared(g));
  const subjects = f.subjects.filter((s) => groups.some((g) => g.subjectId === s.id))
    .map((s) => ({ ...s, regular: groups.some((g) => g.subjectId === s.id && g.lessonKind === 'regular') }))
    .sort((a, b) => Number(b.regular) - Number(a.regular) || a.name.localeCompare(b.name, 'ru'));

  const rows: SheetRow[] = [...f.students]
    .sort((a, b) => fullName(a).localeCompare(fullName(b), 'ru'))
    .map((s) => {
      const cells = new Map<string, string | number | null>();
      for (const subject of subjects) {
        const own = groups.filter((g) => g.subjectId === subject.id);
        for (const slot of f.slots) {
          const date = lastDayIn(s.stays, slot.from, slot.to);
          if (date === null) continue;
          const candidates = own.filter((g) => inGroup(g, s, date))
            .map((group) => ({ group, hasMark: marks.has(markKey(group.id, s.id, slot.kind, slot.periodId)) }));
          const group = pickGroup(candidates);
          if (group) cells.set(cellKey(subject.id, slot.key), markCell(marks.get(markKey(group.id, s.id, slot.kind, slot.periodId))));
        }
      }
      const note = movementNote(s.stays, f.year, s.sex);
      const absences = s.absentOn.filter((d) => covers(s.stays, d)).length;
      return { studentId: s.id, name: fullName(s), note, left: note.includes('выбыл'), cells, absences };
    });
  // Exam and final columns only where a mark of that kind exists in the subject.
  const used = (subjectId: string, slot: Slot) => slot.kind === 'period' || slot.kind === 'year'
    || rows.some((r) => (r.cells.get(cellKey(subjectId, slot.key)) ?? null) !== null);
  return {
    subjects: subjects.map(({ regular: _regular, ...s }) => ({ ...s, slots: f.slots.filter((slot) => used(s.id, slot)) })),
    rows,
  };
}

/** The sheet as a report table: №, the student, the movement note, a column per subject and slot, the absences. */
export function sheetTable(model: SheetModel, title: string): ReportTable {
  return {
    name: 'summary-sheet',
    title,
    columns: [
      { key: 'no', title: '№', kind: 'int' },
      { key: 'student', title: 'Обучающийся', kind: 'text' },
      { key: 'note', title: 'Движение', kind: 'text' },
      ...model.subjects.flatMap((s) => s.slots.map((slot) => ({
        key: cellKey(s.id, slot.key), title: `${s.name}, ${slot.label}`, kind: 'int' as const,
      }))),
      { key: 'absences', title: 'Пропущено уроков', kind: 'int' },
    ],
    rows: model.rows.map((r, i) => ({
      _class: r.left ? 'left' : '', no: i + 1, student: r.name, note: r.note, ...Object.fromEntries(r.cells), absences: r.absences,
    })),
  };
}
