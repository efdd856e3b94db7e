// The homework-load report over the live journal: per class and school day of a week, the minutes of homework due that
// day against the СанПиН norm of the class's grade (rules.ts says how a day is counted).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { addDays } from '../../../web/dates.ts';
import { WEEKDAYS_SHORT } from '../../setup/rules.ts';
import { isoWeekday } from '../../../web/dates.ts';
import type { ReportTable } from '../core/table.ts';
import { idList, type ClassRef } from '../load-lookups.ts';
import { dayLoads, homeworkDue, overNorm, sanpinNorm, shareOfNorm, type DayLoad, type HomeworkLesson } from './rules.ts';

type Q = Db | Tx;

/** Homework given up to this many days before the week may fall due in it (a lesson before a holiday). */
const LOOKBACK_DAYS = 28;
/** How far after the week the groups' next lessons are looked for (as the diary's homework page). */
const HORIZON_DAYS = 60;

export type ClassWeekLoad = { classId: string; className: string; grade: number | null; norm: number | null; days: DayLoad[] };

type Row = HomeworkLesson & { classId: string };

/** The week (Monday `monday` to Saturday) of each class: its school days with the minutes of homework due. */
export async function homeworkLoad(db: Q, a: { schoolId: string; monday: string; classes: readonly ClassRef[] }): Promise<ClassWeekLoad[]> {
  if (a.classes.length === 0) return [];
  const saturday = addDays(a.monday, 5);
  const rows = rowsOf<Row>(await db.execute(sql`
    select g.class_id as "classId", l.group_id as "groupId", g.subject_id as "subjectId", l.date::text as date, l.lesson_number as "lessonNumber",
      l.homework, l.homework_minutes as minutes, coalesce(s.kind = 'cancelled', false) as cancelled
    from lessons l
    join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
    left join substitutions s on s.school_id = l.school_id and s.lesson_id = l.id
    where l.school_id = ${a.schoolId} and g.class_id in (${idList(a.classes.map((c) => c.id))})
      and l.date between ${addDays(a.monday, -LOOKBACK_DAYS)}::date and ${addDays(saturday, HORIZON_DAYS)}::date
    order by l.date, l.lesson_number`));
  return a.classes.map((c) => {
    const lessons = rows.filter((r) => r.classId === c.id)
      .map((r) => Object.assign({}, r, { lessonNumber: Number(r.lessonNumber), minutes: r.minutes === null ? null : Number(r.minutes), cancelled: Boolean(r.cancelled) }));
    const due = homeworkDue(lessons).filter((h) => h.due >= a.monday && h.due <= saturday);
    // The class's school days of the week: the days it has lessons (not cancelled), and any day homework falls due.
    const days = [...new Set([...lessons.filter((l) => !l.cancelled && l.date >= a.monday && l.date <= saturday).map((l) => l.date),
      ...due.map((h) => h.due)])].sort();
    return { classId: c.id, className: c.name, grade: c.grade, norm: sanpinNorm(c.grade), days: dayLoads(due, days) };
  });
}

/** The report's one table: a row per class and school day. */
export function homeworkLoadTable(loads: readonly ClassWeekLoad[]): ReportTable {
  return {
    name: 'homework-load',
    title: 'Домашние задания: минуты на день и норма СанПиН',
    columns: [
      { key: 'class', title: 'Класс', kind: 'text' },
      { key: 'date', title: 'Дата', kind: 'date' },
      { key: 'weekday', title: 'День', kind: 'text' },
      { key: 'minutes', title: 'Минут задано', kind: 'int' },
      { key: 'norm', title: 'Норма, минут', kind: 'int' },
      { key: 'share', title: '% нормы', kind: 'percent' },
      { key: 'over', title: 'Сверх нормы, минут', kind: 'int' },
      { key: 'withoutMinutes', title: 'Заданий без времени', kind: 'int' },
      { key: 'items', title: 'Заданий всего', kind: 'int' },
    ],
    rows: loads.flatMap((c) => c.days.map((d) => ({
      _class: overNorm(d.minutes, c.norm) > 0 ? 'warn' : '', class: c.className, date: d.date, weekday: WEEKDAYS_SHORT[isoWeekday(d.date)] ?? '', minutes: d.minutes, norm: c.norm,
      share: shareOfNorm(d.minutes, c.norm), over: overNorm(d.minutes, c.norm), withoutMinutes: d.withoutMinutes, items: d.items,
    }))),
  };
}
