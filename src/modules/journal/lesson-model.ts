// What the lesson page template shows, computed from the loaded page and, after a refused form, what was sent: the
// values typed are kept, the hidden `was` fields hold what the database holds now. Pure: no I/O.
import { attendanceTakenText } from './attendance-taken.ts';
import type { EditMode } from './edit-rules.ts';
import { cellDisplay } from './cells.ts';
import type { LessonPage } from './lesson-queries.ts';
import { focusAfter, keysFor, shownColumn } from './lesson-keys.ts';
import { ATTENDANCE } from './rules.ts';

export type FormName = 'plan' | 'columns' | 'attendance' | 'marks' | 'homework';

/** A refused form: which one, the messages (by field, `_form` for the form, `row:<studentId>` for a student's row). */
export type Failure = { form: FormName; errors: Record<string, string>; sent: Record<string, string> };

export const ABSENCE_REASONS: Record<string, string> = { illness: 'по болезни', valid: 'уважительная', invalid: 'неуважительная' };

type Can = { edit: boolean; needReason: boolean; why: string | null };
const can = (m: EditMode): Can => ({
  edit: m.mode === 'edit' || m.mode === 'correct', needReason: m.mode === 'correct', why: m.mode === 'read' || m.mode === 'correct' ? m.why : null,
});

const fullName = (r: { lastName: string; firstName: string }) => `${r.lastName} ${r.firstName}`;

/**
 * The value of a field after a refusal: what the person typed where they changed it (sent value ≠ sent was), else
 * what is stored now; on a fresh page, what is stored.
 */
function kept(f: Failure | null, form: FormName, name: string, wasName: string, current: string): string {
  if (!f || f.form !== form) return current;
  const v = f.sent[name];
  const was = f.sent[wasName];
  return v !== undefined && v.trim() !== (was ?? '').trim() ? v : current;
}

/** The page's view; `askedColumn`: the mark column the screen shows (?col=), the first by default. */
export function lessonView(p: LessonPage, failure: Failure | null, askedColumn?: number) {
  const errorsOf = (form: FormName) => (failure?.form === form ? failure.errors : {});
  const plan = can(p.access.plan);
  const marksCan = can(p.access.marks);
  const c = p.content;
  const sentPlan = failure?.form === 'plan' ? failure.sent : null;
  const planValues = sentPlan
    ? { topic: sentPlan.topic ?? '', workDone: sentPlan.workDone ?? '', homework: sentPlan.homework ?? '', homeworkMinutes: sentPlan.homeworkMinutes ?? '', controlWork: Boolean(sentPlan.controlWork), reason: sentPlan.reason ?? '' }
    : { topic: c.topic ?? '', workDone: c.workDone ?? '', homework: c.homework ?? '', homeworkMinutes: c.homeworkMinutes === null ? '' : String(c.homeworkMinutes), controlWork: c.controlWork, reason: '' };

  const active = p.workTypes.filter((w) => !w.archived);
  const first = active[0] ?? null;
  const columns = p.columns.length > 0
    ? p.columns.map((col) => ({ columnNo: col.columnNo, workTypeId: col.workTypeId, label: col.shortName, title: `${col.name}, вес ${Number(col.weight)}`, stored: true }))
    : first ? [{ columnNo: 1, workTypeId: first.id, label: first.shortName, title: `${first.name}, вес ${Number(first.weight)}`, stored: false }] : [];
  const typeOptions = (current: string) => p.workTypes.filter((w) => !w.archived || w.id === current)
    .map((w) => ({ id: w.id, label: `${w.name} (${w.shortName}, вес ${Number(w.weight)})` }));
  const sentCols = failure?.form === 'columns' ? failure.sent : null;

  const markOf = new Map(p.cells.marks.map((m) => [`${m.studentId}:${m.columnNo}`, m.value]));
  const attOf = new Map(p.cells.attendance.map((a) => [a.studentId, a]));
  const hwOf = new Map(p.cells.homework.map((h) => [h.studentId, h.text]));
  const classes = new Set(p.roster.map((r) => r.classId));
  const multiColumn = columns.length > 1;
  const markErrors = errorsOf('marks');
  const shown = shownColumn(columns, askedColumn, failure);

  const students = p.roster.map((r) => {
    const att = attOf.get(r.studentId) ?? null;
    const attNow = att ? att.kind : 'present';
    const cells = columns.map((col) => {
      const now = cellDisplay({ mark: markOf.get(`${r.studentId}:${col.columnNo}`) ?? null, att: att?.kind ?? null }, col.columnNo);
      const key = `${r.studentId}_${col.columnNo}`;
      return {
        columnNo: col.columnNo, label: col.label, name: `m_${key}`, wasName: `w_${key}`, was: now, value: kept(failure, 'marks', `m_${key}`, `w_${key}`, now),
        history: `/journal/history?lesson=${p.facts.id}&student=${r.studentId}&column=${col.columnNo}`,
      };
    });
    const cellErrors = columns.flatMap((col) => {
      const e = markErrors[`cell:${r.studentId}:${col.columnNo}`];
      return e ? [multiColumn ? `${col.label} (колонка ${col.columnNo}): ${e}` : e] : [];
    });
    const hwNow = hwOf.get(r.studentId) ?? '';
    const display = cells.find((c) => c.columnNo === shown)?.was ?? '';
    // «н»/«оп» beside the name where the keys do not show it (another column, or a mark over a late).
    const attTag = att && display !== ATTENDANCE[att.kind] ? ATTENDANCE[att.kind] : null;
    return {
      display, keys: keysFor(display, shown), attTag,
      studentId: r.studentId, name: fullName(r), className: classes.size > 1 ? r.className : null,
      att: { value: kept(failure, 'attendance', `a_${r.studentId}`, `aw_${r.studentId}`, attNow), was: attNow, reason: att?.reason ? ABSENCE_REASONS[att.reason] ?? att.reason : null, error: errorsOf('attendance')[`row:${r.studentId}`] ?? null },
      cells, markError: cellErrors.length > 0 ? cellErrors.join(' ') : null,
      homework: { value: kept(failure, 'homework', `h_${r.studentId}`, `hw_${r.studentId}`, hwNow), was: hwNow, error: errorsOf('homework')[`row:${r.studentId}`] ?? null },
    };
  });

  return {
    plan: { ...plan, values: planValues, errors: errorsOf('plan'), fromKtp: !c.topicOverridden && c.ktpTopicId !== null, overridden: c.topicOverridden },
    columns: {
      ...plan, errors: errorsOf('columns'), reason: sentCols?.reason ?? '',
      list: columns.map((col) => ({ ...col, selected: sentCols?.[`type_${col.columnNo}`] ?? col.workTypeId, options: typeOptions(col.workTypeId) })),
      canAdd: columns.length < 5 && active.length > 0, canRemove: p.columns.length > 1,
      newOptions: typeOptions(''), newSelected: sentCols?.newType ?? first?.id ?? '', noTypes: active.length === 0,
    },
    marks: {
      ...marksCan, columns, errors: markErrors, reason: failure?.form === 'marks' ? failure.sent.reason ?? '' : '',
      shown: columns.find((c) => c.columnNo === shown) ?? null, query: shown === (columns[0]?.columnNo ?? 1) ? '' : `?col=${shown}`,
    },
    attendance: {
      ...marksCan, errors: errorsOf('attendance'), reason: failure?.form === 'attendance' ? failure.sent.reason ?? '' : '',
      // «Посещаемость отмечена … , Иванова М. А.», or (a lesson of today or before, not cancelled) «не отмечена».
      taken: attendanceTakenText(c.attendanceTaken, p.timeZone),
      notTaken: !c.attendanceTaken.at && p.facts.date <= p.today && p.facts.subKind !== 'cancelled',
    },
    homework: {
      ...plan, errors: errorsOf('homework'), reason: failure?.form === 'homework' ? failure.sent.reason ?? '' : '',
      any: p.cells.homework.length > 0 || failure?.form === 'homework',
    },
    students,
    /** The element focused when the page opens after a refused form (the first refused field or row). */
    focus: focusAfter(failure, p.roster.map((r) => r.studentId)),
    history: p.access.history,
    reopen: p.access.deputy,
  };
}

export type LessonView = ReturnType<typeof lessonView>;
