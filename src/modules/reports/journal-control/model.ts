// From the facts read (queries.ts) to the control's findings for one week, and from the findings to the report's
// tables: per teacher and group, per teacher, per class, and the week against the previous one. Pure: no I/O.
import { addDays } from '../../../web/dates.ts';
import type { YearCalendar } from '../../schedule/calendar.ts';
import type { ReportRow, ReportTable } from '../core/table.ts';
import type { MissingPeriodMarks, RangeLesson } from './queries.ts';
import { KINDS, KIND_TITLES, lessonCounts, lessonDue, lessonTeacher, periodMarksDue, type Kind } from './rules.ts';

/** One thing missing, counted: a lesson's (topic, homework, …) or a group's period marks. */
export type Finding = {
  kind: Kind; count: number; teacherId: string; groupId: string; groupName: string; subjectName: string;
  classId: string | null; className: string | null; lessonId: string | null; date: string | null; lessonNumber: number | null;
  periodId: string | null; periodName: string | null;
};
export type Held = { teacherId: string; groupId: string; groupName: string; subjectName: string; classId: string | null; className: string | null };
export type Week = { monday: string; held: Held[]; findings: Finding[] };

export type WeekInput = {
  monday: string; today: string; controlMarkDays: number; cal: YearCalendar | undefined;
  lessons: RangeLesson[]; absences: Map<string, number>;
  /** Marks' first entries: the lesson, the school date of the entry, control work or not. */
  marks: Array<{ lessonId: string; enteredOn: string; control: boolean }>;
  periodMarks: MissingPeriodMarks[];
};

export function controlWeek(input: WeekInput): Week {
  const { monday, today } = input;
  const sunday = addDays(monday, 6);
  const marksOf = new Map<string, WeekInput['marks']>();
  for (const m of input.marks) marksOf.set(m.lessonId, [...(marksOf.get(m.lessonId) ?? []), m]);
  const held: Held[] = [];
  const findings: Finding[] = [];
  for (const l of input.lessons) {
    if (l.date < monday || l.date > sunday || !lessonDue(l.date, today)) continue;
    const teacherId = lessonTeacher(l.staffId, l.subKind ? { kind: l.subKind, substituteStaffId: l.substituteStaffId } : null);
    if (!teacherId) continue;
    const where = { teacherId, groupId: l.groupId, groupName: l.groupName, subjectName: l.subjectName, classId: l.classId, className: l.className };
    held.push(where);
    const counts = lessonCounts({
      date: l.date, topic: l.topic, ktpTopicId: l.ktpTopicId, homework: l.homework, attendanceTaken: l.attendanceTakenAt !== null,
      marks: marksOf.get(l.id) ?? [], absencesWithoutReason: input.absences.get(l.id) ?? 0,
    }, { today, controlMarkDays: input.controlMarkDays, cal: input.cal });
    for (const [kind, count] of Object.entries(counts) as Array<[Kind, number]>) {
      if (count > 0) findings.push({ kind, count, ...where, lessonId: l.id, date: l.date, lessonNumber: l.lessonNumber, periodId: null, periodName: null });
    }
  }
  for (const p of input.periodMarks) {
    if (!periodMarksDue(p.endsOn, monday, today)) continue;
    findings.push({
      kind: 'periodMarks', count: p.missing, teacherId: p.teacherIds.at(-1) ?? '', groupId: p.groupId, groupName: p.groupName,
      subjectName: p.subjectName, classId: p.classId, className: p.className, lessonId: null, date: p.endsOn, lessonNumber: null, periodId: p.periodId, periodName: p.periodName,
    });
  }
  return { monday, held, findings };
}

/** Keeps what a filter (teacher, class, group, kind) lets through. */
export function narrowWeek(w: Week, f: { teacherId?: string | null; classId?: string | null; groupId?: string | null; kind?: Kind | null }): Week {
  const keep = (x: Held) => (!f.teacherId || x.teacherId === f.teacherId) && (!f.classId || x.classId === f.classId) && (!f.groupId || x.groupId === f.groupId);
  return { monday: w.monday, held: w.held.filter(keep), findings: w.findings.filter((x) => keep(x) && (!f.kind || x.kind === f.kind)) };
}

type Key = (x: Held) => string;
const byTeacherGroup: Key = (x) => `${x.teacherId}|${x.groupId}`;
const byTeacher: Key = (x) => x.teacherId;
const byClass: Key = (x) => x.classId ?? '';

type Tally = { first: Held; held: number; kinds: Record<Kind, number>; prevTotal: number };

function tally(week: Week, prev: Week, key: Key): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const at = (x: Held) => {
    const k = key(x);
    let t = out.get(k);
    if (!t) out.set(k, (t = { first: x, held: 0, kinds: Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>, prevTotal: 0 }));
    return t;
  };
  for (const h of week.held) at(h).held++;
  for (const f of week.findings) at(f).kinds[f.kind] += f.count;
  for (const f of prev.findings) at(f).prevTotal += f.count;
  return out;
}

export type Names = { teacher: (id: string) => string; linkFor: (q: Record<string, string>) => string };

const COUNT_COLUMNS = (hrefPrefix: string) => KINDS.map((k) => ({ key: k, title: KIND_TITLES[k], kind: 'int' as const, href: `${hrefPrefix}${k}` }));
const TAIL = [
  { key: 'total', title: 'Всего', kind: 'int' as const, href: '_hall' },
  { key: 'prevTotal', title: 'Прошлая неделя', kind: 'int' as const },
];

function countCells(t: Tally, names: Names, filter: Record<string, string>): ReportRow {
  const row: ReportRow = { held: t.held, total: KINDS.reduce((s, k) => s + t.kinds[k], 0), prevTotal: t.prevTotal, _hall: names.linkFor(filter) };
  for (const k of KINDS) {
    row[k] = t.kinds[k];
    row[`_h${k}`] = names.linkFor({ ...filter, kind: k });
  }
  return row;
}

const ru = (a: string, b: string) => a.localeCompare(b, 'ru');

/** «5А — Математика» as it is; a group whose name does not say its subject: «Олимпиадная (Математика)». */
const groupLabel = (g: { groupName: string; subjectName: string }) =>
  g.groupName.toLowerCase().includes(g.subjectName.toLowerCase()) ? g.groupName : `${g.groupName} (${g.subjectName})`;

export function controlTables(week: Week, prev: Week, names: Names): ReportTable[] {
  const teachers = [...tally(week, prev, byTeacher).values()].sort((a, b) => ru(names.teacher(a.first.teacherId), names.teacher(b.first.teacherId)));
  const groups = [...tally(week, prev, byTeacherGroup).values()].sort((a, b) => ru(names.teacher(a.first.teacherId), names.teacher(b.first.teacherId))
    || ru(a.first.className ?? '', b.first.className ?? '') || ru(a.first.subjectName, b.first.subjectName) || ru(a.first.groupName, b.first.groupName));
  const classes = [...tally(week, prev, byClass).values()].sort((a, b) => ru(a.first.className ?? '', b.first.className ?? ''));
  const held = { key: 'held', title: 'Уроков', kind: 'int' as const };
  const thisWeek = (kind: Kind | null) => week.findings.filter((f) => !kind || f.kind === kind).reduce((s, f) => s + f.count, 0);
  const lastWeek = (kind: Kind | null) => prev.findings.filter((f) => !kind || f.kind === kind).reduce((s, f) => s + f.count, 0);
  return [
    {
      name: 'summary', title: 'Итого за неделю и прошлую неделю',
      columns: [{ key: 'what', title: 'Что не заполнено', kind: 'text' }, { key: 'now', title: 'Эта неделя', kind: 'int', href: '_h' },
        { key: 'prev', title: 'Прошлая неделя', kind: 'int' }],
      rows: [...KINDS.map((k) => ({ what: KIND_TITLES[k], now: thisWeek(k), prev: lastWeek(k), _h: names.linkFor({ kind: k }) })),
        { what: 'Всего', now: thisWeek(null), prev: lastWeek(null), _h: names.linkFor({}), _class: 'total' }],
    },
    {
      name: 'teachers', title: 'По учителям',
      columns: [{ key: 'teacher', title: 'Учитель', kind: 'text' }, held, ...COUNT_COLUMNS('_h'), ...TAIL],
      rows: teachers.map((t) => ({ teacher: names.teacher(t.first.teacherId), ...countCells(t, names, { teacher: t.first.teacherId }) })),
    },
    {
      name: 'groups', title: 'По учителям и группам',
      columns: [{ key: 'teacher', title: 'Учитель', kind: 'text' }, { key: 'group', title: 'Группа', kind: 'text' }, held, ...COUNT_COLUMNS('_h'), ...TAIL],
      rows: groups.map((t) => ({
        teacher: names.teacher(t.first.teacherId), group: groupLabel(t.first),
        ...countCells(t, names, { teacher: t.first.teacherId, group: t.first.groupId }),
      })),
    },
    {
      name: 'classes', title: 'По классам',
      columns: [{ key: 'class', title: 'Класс', kind: 'text' }, held, ...COUNT_COLUMNS('_h'), ...TAIL],
      rows: classes.map((t) => ({ class: t.first.className ?? 'Межклассные группы', ...countCells(t, names, t.first.classId ? { class: t.first.classId } : {}) })),
    },
  ];
}

/** The detail list: each finding with its lesson (or period), newest first within the teacher. */
export function findingsTable(week: Week, names: Names & { lessonLink: (f: Finding) => string }): ReportTable {
  const rows = [...week.findings].sort((a, b) => ru(names.teacher(a.teacherId), names.teacher(b.teacherId)) || ru(a.date ?? '', b.date ?? '')
    || (a.lessonNumber ?? 0) - (b.lessonNumber ?? 0) || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  return {
    name: 'lessons', title: 'Уроки и периоды',
    columns: [
      { key: 'date', title: 'Дата', kind: 'date' }, { key: 'lesson', title: 'Урок', kind: 'text', href: '_lesson' },
      { key: 'class', title: 'Класс', kind: 'text' }, { key: 'group', title: 'Группа', kind: 'text' }, { key: 'teacher', title: 'Учитель', kind: 'text' },
      { key: 'what', title: 'Что не так', kind: 'text' }, { key: 'count', title: 'Сколько', kind: 'int' },
    ],
    rows: rows.map((f) => ({
      date: f.date, lesson: f.lessonNumber !== null ? `${f.lessonNumber}-й урок` : `итоговые: ${f.periodName ?? ''}`, _lesson: names.lessonLink(f),
      class: f.className ?? '', group: groupLabel(f), teacher: names.teacher(f.teacherId), what: KIND_TITLES[f.kind], count: f.count,
    })),
  };
}
