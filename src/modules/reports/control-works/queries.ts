// The control-works report over the live journal: the calendar of a period's control works of the classes (held and
// planned), the days a class has works of two subjects, and per group the count against the per-quarter limit (rules.ts).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { isoWeekday } from '../../../web/dates.ts';
import { WEEKDAYS_SHORT } from '../../setup/rules.ts';
import type { ReportTable } from '../core/table.ts';
import { idList, type ClassRef, type ReportPeriod } from '../load-lookups.ts';
import { controlLimit, crowdedDays, isHeld, overLimit, type ControlLimits } from './rules.ts';

type Q = Db | Tx;

export type ControlWork = {
  lessonId: string; date: string; lessonNumber: number; classId: string; className: string; groupId: string; groupName: string;
  subjectId: string; subjectName: string; teacherName: string; what: string; held: boolean; crowded: boolean;
};

export type GroupLimit = {
  classId: string; className: string; groupId: string; groupName: string; subjectName: string;
  held: number; planned: number; limit: number; over: number;
};

type Raw = Omit<ControlWork, 'held' | 'crowded' | 'className'>;

/** The control works of the period in these classes' groups (cross-class groups have no class and are left out). */
export async function controlWorks(db: Q, a: { schoolId: string; period: ReportPeriod; today: string; classes: readonly ClassRef[] }): Promise<ControlWork[]> {
  const classes = a.classes.filter((c) => c.schemeId === a.period.schemeId);
  if (classes.length === 0) return [];
  const raw = rowsOf<Raw>(await db.execute(sql`
    select l.id as "lessonId", l.date::text as date, l.lesson_number as "lessonNumber", g.class_id as "classId", l.group_id as "groupId",
      g.name as "groupName", g.subject_id as "subjectId", subj.name as "subjectName",
      coalesce(sub.last_name, st.last_name) || ' ' || left(coalesce(sub.first_name, st.first_name), 1) || '.' as "teacherName",
      coalesce((select string_agg(distinct w.name, ', ') from lesson_columns lc join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
        where lc.school_id = l.school_id and lc.lesson_id = l.id and w.is_control), 'Контрольная работа') as what
    from lessons l
    join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
    join subjects subj on subj.school_id = g.school_id and subj.id = g.subject_id
    join staff st on st.school_id = l.school_id and st.id = l.staff_id
    left join substitutions s on s.school_id = l.school_id and s.lesson_id = l.id
    left join staff sub on sub.school_id = s.school_id and sub.id = s.substitute_staff_id
    where l.school_id = ${a.schoolId} and g.class_id in (${idList(classes.map((c) => c.id))})
      and l.date between ${a.period.startsOn}::date and ${a.period.endsOn}::date and (s.kind is null or s.kind <> 'cancelled')
      and (l.control_work or exists (select 1 from lesson_columns lc join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
        where lc.school_id = l.school_id and lc.lesson_id = l.id and w.is_control))
    order by l.date, l.lesson_number`));
  const crowded = crowdedDays(raw);
  const nameOf = new Map(classes.map((c) => [c.id, c.name]));
  return raw
    .map((w) => Object.assign({}, w, { lessonNumber: Number(w.lessonNumber), className: nameOf.get(w.classId) ?? '', held: isHeld(w.date, a.today), crowded: crowded.has(`${w.classId}|${w.date}`) }))
    .sort((x, y) => x.date.localeCompare(y.date) || x.className.localeCompare(y.className, 'ru') || x.lessonNumber - y.lessonNumber);
}

/** Per class and group with control works in the period: held, planned, the limit of the period and how far over it. */
export function groupLimits(works: readonly ControlWork[], schemeKind: string, limits: ControlLimits): GroupLimit[] {
  const byGroup = new Map<string, GroupLimit>();
  for (const w of works) {
    const g = byGroup.get(w.groupId) ?? {
      classId: w.classId, className: w.className, groupId: w.groupId, groupName: w.groupName, subjectName: w.subjectName,
      held: 0, planned: 0, limit: controlLimit(w.subjectName, schemeKind, limits), over: 0,
    };
    if (w.held) g.held += 1;
    else g.planned += 1;
    g.over = overLimit(g.held + g.planned, g.limit);
    byGroup.set(w.groupId, g);
  }
  return [...byGroup.values()].sort((x, y) => y.over - x.over || x.className.localeCompare(y.className, 'ru') || x.groupName.localeCompare(y.groupName, 'ru'));
}

export function controlWorksTables(works: readonly ControlWork[], limits: readonly GroupLimit[]): ReportTable[] {
  return [{
    name: 'calendar',
    title: 'Календарь контрольных работ',
    columns: [
      { key: 'date', title: 'Дата', kind: 'date' }, { key: 'weekday', title: 'День', kind: 'text' }, { key: 'lesson', title: 'Урок', kind: 'int' },
      { key: 'class', title: 'Класс', kind: 'text' }, { key: 'group', title: 'Журнал', kind: 'text' }, { key: 'teacher', title: 'Учитель', kind: 'text' },
      { key: 'what', title: 'Вид работы', kind: 'text' }, { key: 'state', title: 'Состояние', kind: 'text' },
      { key: 'crowded', title: 'Несколько в день', kind: 'text' },
    ],
    rows: works.map((w) => ({
      _class: w.crowded ? 'warn' : '', date: w.date, weekday: WEEKDAYS_SHORT[isoWeekday(w.date)] ?? '', lesson: w.lessonNumber, class: w.className, group: w.groupName,
      teacher: w.teacherName, what: w.what, state: w.held ? 'проведена' : 'запланирована', crowded: w.crowded ? 'да' : '',
    })),
  }, {
    name: 'limits',
    title: 'Предел контрольных работ за период',
    columns: [
      { key: 'class', title: 'Класс', kind: 'text' }, { key: 'group', title: 'Журнал', kind: 'text' },
      { key: 'held', title: 'Проведено', kind: 'int' }, { key: 'planned', title: 'Запланировано', kind: 'int' },
      { key: 'total', title: 'Всего', kind: 'int' }, { key: 'limit', title: 'Предел', kind: 'int' }, { key: 'over', title: 'Сверх предела', kind: 'int' },
    ],
    rows: limits.map((g) => ({
      _class: g.over > 0 ? 'warn' : '', class: g.className, group: g.groupName, held: g.held, planned: g.planned, total: g.held + g.planned, limit: g.limit, over: g.over,
    })),
  }];
}
