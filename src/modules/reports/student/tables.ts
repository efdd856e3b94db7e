// The tables of a student's report, from rules.ts subjectLines: per subject (marks, weighted average, period mark or
// forecast, lessons missed), every mark with its date and work type, attendance by reason per subject with the total.
// The page, the CSV (the first table) and the XLSX (every table) are made from them.
import type { ReportTable } from '../core/table.ts';
import type { SubjectLine } from './rules.ts';
import type { AttendanceTotals } from '../../journal/attendance-rules.ts';

export function subjectsTable(title: string, lines: readonly SubjectLine[], markTitle: string): ReportTable {
  return {
    name: 'subjects', title,
    // What a phone shows without scrolling first: the average, the mark, the lessons missed; the marks themselves last.
    columns: [
      { key: 'subject', title: 'Предмет', kind: 'text' }, { key: 'average', title: 'Средний балл', kind: 'number' },
      { key: 'mark', title: markTitle, kind: 'text' }, { key: 'missed', title: 'Пропущено уроков', kind: 'int' },
      { key: 'lessons', title: 'Уроков', kind: 'int' }, { key: 'count', title: 'Отметок', kind: 'int' },
      { key: 'marks', title: 'Отметки по датам', kind: 'text' },
    ],
    rows: lines.map((s) => ({
      subject: s.subjectName, marks: s.marks.map((m) => m.value).join(' '), count: s.marks.length, average: s.average,
      mark: s.periodMark.text, lessons: s.lessons, missed: s.attendance.missed, _class: s.periodMark.forecast ? 'forecast' : '',
    })),
  };
}

export function marksTable(lines: readonly SubjectLine[]): ReportTable {
  return {
    name: 'marks', title: 'Отметки с видами работ',
    columns: [
      { key: 'subject', title: 'Предмет', kind: 'text' }, { key: 'value', title: 'Отметка', kind: 'int' }, { key: 'date', title: 'Дата', kind: 'date' },
      { key: 'workType', title: 'Вид работы', kind: 'text' }, { key: 'weight', title: 'Вес', kind: 'number' },
    ],
    rows: lines.flatMap((s) => s.marks.map((m) => ({ subject: s.subjectName, date: m.date, value: m.value, workType: m.workType, weight: m.weight }))),
  };
}

const attendanceCells = (lessons: number, t: AttendanceTotals) => ({
  lessons, missed: t.missed, illness: t.illness, valid: t.valid, invalid: t.invalid, unset: t.unset, late: t.late,
});

export function attendanceTable(lines: readonly SubjectLine[], total: { lessons: number; attendance: AttendanceTotals }): ReportTable {
  const rows = lines.filter((s) => s.lessons > 0).map((s) => ({ subject: s.subjectName, ...attendanceCells(s.lessons, s.attendance) }));
  return {
    name: 'attendance', title: 'Посещаемость по предметам',
    columns: [
      { key: 'subject', title: 'Предмет', kind: 'text' }, { key: 'lessons', title: 'Уроков', kind: 'int' },
      { key: 'missed', title: 'Пропущено уроков', kind: 'int' }, { key: 'illness', title: 'По болезни', kind: 'int' },
      { key: 'valid', title: 'Уважительная', kind: 'int' }, { key: 'invalid', title: 'Неуважительная', kind: 'int' },
      { key: 'unset', title: 'Причина не указана', kind: 'int' }, { key: 'late', title: 'Опозданий', kind: 'int' },
    ],
    rows: rows.length === 0 ? [] : [...rows, { subject: 'Всего', ...attendanceCells(total.lessons, total.attendance), _class: 'total' }],
  };
}
