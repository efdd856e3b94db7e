// What the summary sheet's template (views/reports/_summary-sheet-body.eta) shows around the table: the heading lines,
// the subjects' header cells, the legend and the signatures. The report page and the year's archive both use it.
import { ruDate } from '../../../web/dates.ts';
import { shortName } from '../../schedule/timetable-rules.ts';
import type { SheetClass } from './queries.ts';
import { slotLegend, type Slot } from './rules.ts';
import type { SheetModel } from './sheet.ts';

export type SheetView = ReturnType<typeof sheetView>;

/** What the page shows around the table: the heading lines, the subjects' header cells, the legend and the signatures. */
export function sheetView(cls: SheetClass, model: SheetModel, slots: readonly Slot[], today: string) {
  return {
    className: cls.name, yearName: cls.yearName, closed: cls.yearStatus === 'closed', firstGrade: cls.grade === 1,
    teacherFull: cls.teacher ? [cls.teacher.lastName, cls.teacher.firstName, cls.teacher.middleName].filter(Boolean).join(' ') : '',
    teacherShort: cls.teacher ? shortName(cls.teacher) : '',
    subjects: model.subjects.map((s) => ({
      name: s.name, shortName: s.shortName, slots: s.slots.map((slot) => ({ short: slot.short, label: slot.label })),
    })),
    /** Each column's CSS class: the first mark column of a subject gets a rule on its left. */
    cellClasses: [
      'num', 'ss-name', 'ss-move', ...model.subjects.flatMap((s) => s.slots.map((_, i) => (i === 0 ? 'mk ss-first' : 'mk'))), 'num ss-abs',
    ],
    legend: slotLegend(cls.schemeKind, slots),
    abbreviations: model.subjects.filter((s) => s.shortName !== s.name).map((s) => `${s.shortName} — ${s.name}`).join('; '),
    formedOn: ruDate(today),
  };
}
