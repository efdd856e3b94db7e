// The attendance report's tables and chart: without a class a line per class (linking to it) and the total; with a
// class a line per student and the class total. The page, the CSV and the XLSX show these same rows.
import { movementNotes, REASON_LABELS } from '../../journal/attendance-rules.ts';
import type { Series, StackedBar } from '../core/chart.ts';
import type { Column, ReportRow, ReportTable } from '../core/table.ts';
import type { AttendanceData } from './queries.ts';
import { missedShare, sumFigures, type Figures } from './rules.ts';

const FIGURE_COLUMNS: Column[] = [
  { key: 'lessons', title: 'Проведено уроков', kind: 'int' },
  { key: 'missed', title: 'Пропущено уроков', kind: 'int' },
  { key: 'illness', title: 'По болезни', kind: 'int' },
  { key: 'valid', title: 'Уважительная', kind: 'int' },
  { key: 'invalid', title: 'Неуважительная', kind: 'int' },
  { key: 'unset', title: 'Причина не указана', kind: 'int' },
  { key: 'fullDays', title: 'Пропущено дней целиком', kind: 'int' },
  { key: 'late', title: 'Опозданий', kind: 'int' },
  { key: 'share', title: 'Доля пропущенных уроков, %', kind: 'percent' },
];

const cells = (f: Figures): ReportRow => ({
  lessons: f.lessons, missed: f.missed, illness: f.illness, valid: f.valid, invalid: f.invalid, unset: f.unset,
  fullDays: f.fullDays, late: f.late, share: missedShare(f),
});

/** A line per class with students in the range (in the classes' order), then the total («Итого по школе» for the school). */
export function byClassTable(
  data: AttendanceData, classes: ReadonlyArray<{ id: string; name: string }>, a: { link: (classId: string) => string; school: boolean },
): ReportTable {
  const rows: ReportRow[] = classes.flatMap((c) => {
    const own = data.figures.filter((f) => f.classId === c.id);
    return own.length === 0 ? [] : [{ class: c.name, href: a.link(c.id), students: own.length, ...cells(sumFigures(own)) }];
  });
  const shown = new Set(classes.map((c) => c.id));
  const all = data.figures.filter((f) => shown.has(f.classId));
  if (rows.length > 0) {
    const students = new Set(all.map((f) => f.studentId)).size; // one who moved between classes is one student
    rows.push({ _class: 'total', class: a.school ? 'Итого по школе' : 'Итого', students, ...cells(sumFigures(all)) });
  }
  return {
    name: 'by-class', title: 'По классам',
    columns: [
      { key: 'class', title: 'Класс', kind: 'text', href: 'href' }, { key: 'students', title: 'Обучающихся', kind: 'int' }, ...FIGURE_COLUMNS,
    ],
    rows,
  };
}

/** A line per student of the class (by name), with a note on who came or left within the range, then the class total. */
export function byStudentTable(data: AttendanceData, cls: { id: string; name: string }, range: { from: string; to: string }): ReportTable {
  const own = data.figures.filter((f) => f.classId === cls.id);
  const name = (id: string) => data.students.get(id)?.name ?? '';
  const rows: ReportRow[] = [...own].sort((x, y) => name(x.studentId).localeCompare(name(y.studentId), 'ru')).map((f) => {
    const windows = data.spans.filter((s) => s.studentId === f.studentId && s.classId === cls.id);
    const who = data.students.get(f.studentId);
    const note = movementNotes(windows, range, who?.sex ?? null).join(', ');
    return { student: name(f.studentId), short: who?.short ?? '', ...cells(f), note };
  });
  if (rows.length > 0) rows.push({ _class: 'total', student: 'Итого по классу', ...cells(sumFigures(own)), note: '' });
  return {
    name: 'students', title: `${cls.name}: по обучающимся`,
    columns: [
      { key: 'student', title: 'Обучающийся', kind: 'text' }, ...FIGURE_COLUMNS, { key: 'note', title: 'Примечание', kind: 'text' },
    ],
    rows,
  };
}

/** The reasons as the chart's series, in the table's order; fills distinct in grey too (dark, light, mid, pale). */
export const REASON_SERIES: Series[] = [
  { label: REASON_LABELS.illness, color: '#1f3d7a' },
  { label: REASON_LABELS.valid, color: '#7db3e0' },
  { label: REASON_LABELS.invalid, color: '#d0452f' },
  { label: 'причина не указана', color: '#dcdcdc' },
];

/** The chart's bars: a table's lines (not the total) with at least one lesson missed, by reason; a student as «Фамилия И.». */
export function reasonBars(table: ReportTable, labelKey: 'class' | 'short'): StackedBar[] {
  return table.rows.filter((r) => r._class !== 'total' && Number(r.missed) > 0)
    .map((r) => ({ label: String(r[labelKey]), values: [Number(r.illness), Number(r.valid), Number(r.invalid), Number(r.unset)] }));
}
