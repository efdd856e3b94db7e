// A group's journal as printed on A4 (the paper copy the regulations still ask the archive for), from what
// content/journal-pages.ts reads. Pure. For each period: the marks and attendance grid, cut into sheets of at most
// `perSheet` mark columns (a lesson's columns never split; the period mark on the last sheet), then the lessons' records
// (date, topic, homework, substitution); after the periods, the year's sheet of period, year, exam and final marks.
// A cell is the mark, else «н» / «оп» in the lesson's first column (as the grid shows it); a day the student was not in
// the group is shaded.
import { ATTENDANCE } from '../journal/rules.ts';
import { ruDate } from '../../web/dates.ts';

export type PageLesson = {
  id: string; date: string; no: number; topic: string | null; homework: string | null; control: boolean; cancelled: boolean;
  /** «замена: Петрова А. И.», «отменён: …» — or null. */
  change: string | null;
  columns: ReadonlyArray<{ columnNo: number; shortName: string; name: string }>;
};
export type PageStudent = { studentId: string; name: string; joinedOn: string; leftOn: string | null };
export type PageMark = { lessonId: string; studentId: string; columnNo: number; value: number };
export type PageAbsence = { lessonId: string; studentId: string; kind: string };

export type GridSheet = {
  lessons: Array<{ day: string; no: number; span: number; cls: string; columns: Array<{ label: string; title: string }> }>;
  rows: Array<{ no: number; name: string; note: string; cells: Array<{ text: string; cls: string }>; final: string | null }>;
  /** The period mark column is on the last sheet of the period. */
  last: boolean;
};

const shown = (l: PageLesson) => (l.columns.length > 0 ? l.columns : [{ columnNo: 1, shortName: '', name: '' }]);

/** Lessons cut into runs of at most `perSheet` columns (a lesson wider than that gets a sheet of its own). */
export function cutLessons(lessons: readonly PageLesson[], perSheet: number): PageLesson[][] {
  const sheets: PageLesson[][] = [];
  let current: PageLesson[] = [];
  let width = 0;
  for (const l of lessons) {
    const w = shown(l).length;
    if (current.length > 0 && width + w > perSheet) {
      sheets.push(current);
      current = [];
      width = 0;
    }
    current.push(l);
    width += w;
  }
  if (current.length > 0) sheets.push(current);
  return sheets;
}

/** «с 05.10.2026», «выбыл(а) 12.11.2026», both, or ''. */
export function rosterNote(s: PageStudent, period: { startsOn: string }): string {
  return [s.joinedOn > period.startsOn ? `с ${ruDate(s.joinedOn)}` : '', s.leftOn ? `выбыл(а) ${ruDate(s.leftOn)}` : '']
    .filter(Boolean).join(', ');
}

export function gridSheets(a: {
  period: { startsOn: string }; lessons: readonly PageLesson[]; roster: readonly PageStudent[]; marks: readonly PageMark[];
  absences: readonly PageAbsence[]; finals: ReadonlyMap<string, string>; perSheet: number;
}): GridSheet[] {
  const markAt = new Map(a.marks.map((m) => [`${m.lessonId}:${m.studentId}:${m.columnNo}`, m.value]));
  const awayAt = new Map(a.absences.map((x) => [`${x.lessonId}:${x.studentId}`, x.kind]));
  const cuts = cutLessons(a.lessons, a.perSheet);
  if (cuts.length === 0) cuts.push([]);
  return cuts.map((run, i) => ({
    last: i === cuts.length - 1,
    lessons: run.map((l) => ({
      day: ruDate(l.date).slice(0, 5), no: l.no, span: shown(l).length,
      cls: [l.control ? 'control' : '', l.cancelled ? 'cancelled' : ''].filter(Boolean).join(' '),
      columns: shown(l).map((c) => ({ label: c.shortName, title: c.name })),
    })),
    rows: a.roster.map((s, n) => ({
      no: n + 1, name: s.name, note: rosterNote(s, a.period), final: i === cuts.length - 1 ? a.finals.get(s.studentId) ?? '' : null,
      cells: run.flatMap((l) => {
        const inGroup = s.joinedOn <= l.date && (s.leftOn === null || l.date < s.leftOn);
        const away = awayAt.get(`${l.id}:${s.studentId}`) as keyof typeof ATTENDANCE | undefined;
        return shown(l).map((c, k) => {
          const mark = markAt.get(`${l.id}:${s.studentId}:${c.columnNo}`);
          const att = k === 0 && away && away in ATTENDANCE ? away : null;
          const text = mark !== undefined ? String(mark) : att ? ATTENDANCE[att] : '';
          return { text, cls: [inGroup ? '' : 'out', att ? `att-${att}` : ''].filter(Boolean).join(' ') };
        });
      }),
    })),
  }));
}

/** The lessons' records of a period, as the journal's right-hand page lists them. */
export const lessonLines = (lessons: readonly PageLesson[]) => lessons.map((l) => ({
  date: ruDate(l.date), no: l.no, topic: l.topic ?? '', homework: l.homework ?? '',
  note: [l.control ? 'контрольная работа' : '', l.change ?? ''].filter(Boolean).join('; '),
}));

export type YearSlot = { key: string; label: string; kind: string; periodId: string | null };
const YEAR_KINDS = [{ kind: 'year', label: 'Год' }, { kind: 'exam', label: 'Экз.' }, { kind: 'final', label: 'Итог' }];

/** The year's sheet: a column per period and the year mark; exam and final only where the group has one. */
export function yearSheet(a: {
  periods: ReadonlyArray<{ id: string; name: string }>; roster: readonly PageStudent[];
  marks: ReadonlyArray<{ studentId: string; kind: string; periodId: string | null; value: string }>;
}) {
  const has = (kind: string) => a.marks.some((m) => m.kind === kind);
  const slots: YearSlot[] = [
    ...a.periods.map((p) => ({ key: `period:${p.id}`, label: p.name, kind: 'period', periodId: p.id })),
    ...YEAR_KINDS.filter((k) => k.kind === 'year' || has(k.kind)).map((k) => ({ key: k.kind, label: k.label, kind: k.kind, periodId: null })),
  ];
  const at = new Map(a.marks.map((m) => [`${m.studentId}|${m.kind === 'period' ? `period:${m.periodId}` : m.kind}`, m.value]));
  return {
    slots,
    rows: a.roster.map((s, n) => ({ no: n + 1, name: s.name, cells: slots.map((slot) => at.get(`${s.studentId}|${slot.key}`) ?? '') })),
  };
}

/**
 * A period's students from the group's roster for the whole year (grid-queries periodRoster over the year): those in the
 * group some day of the period, «left» only when they left within it. A student who left and came back in the same year
 * shows as in the group between (one read per group instead of one per period).
 */
export function rosterInPeriod(year: readonly PageStudent[], p: { startsOn: string; endsOn: string }): PageStudent[] {
  return year.filter((s) => s.joinedOn <= p.endsOn && (s.leftOn === null || s.leftOn > p.startsOn))
    .map((s) => ({ ...s, leftOn: s.leftOn !== null && s.leftOn <= p.endsOn ? s.leftOn : null }));
}
