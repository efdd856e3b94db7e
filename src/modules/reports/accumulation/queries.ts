// The mark-accumulation report over the live journal: per student and subject of a period, the marks counted against the
// school's minimum, the group's lessons and the class's school days left, and the status (rules.ts).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { yearCalendar } from '../../schedule/layout.ts';
import type { ReportScope } from '../core/scope.ts';
import type { ReportTable } from '../core/table.ts';
import { idList, type ClassRef, type ReportPeriod } from '../load-lookups.ts';
import { byRisk, gradeHasMarks, markStatus, marksMissing, schoolDaysLeft, STATUS_TITLES, type MarkStatus } from './rules.ts';

type Q = Db | Tx;

/** Without a timetable (a class whose lessons were added by hand) the class is taken to study Monday to Friday. */
const FIVE_DAY_WEEK = [1, 2, 3, 4, 5];

export type AccumulationRow = {
  studentId: string; studentName: string; classId: string; className: string; groupId: string; subjectName: string;
  joinedOn: string | null; marks: number; minMarks: number; missing: number; lessonsLeft: number; daysLeft: number; status: MarkStatus;
};

type Raw = { student_id: string; student_name: string; class_id: string; group_id: string; subject_name: string; starts_on: string };

/**
 * The students in the period's classes' groups (whole-class groups, subgroups, individual plans; regular and elective
 * lessons) on today's date within the period, with their marks in the period. `classes`: the classes asked for (of the
 * period's scheme); a staff scope sees its own classes whole and, elsewhere, the groups it teaches.
 */
export async function accumulation(db: Q, a: {
  schoolId: string; period: ReportPeriod; today: string; classes: readonly ClassRef[]; scope: ReportScope; minMarks: number;
}): Promise<AccumulationRow[]> {
  const classes = a.classes.filter((c) => c.schemeId === a.period.schemeId && gradeHasMarks(c.grade));
  if (classes.length === 0) return [];
  const { startsOn, endsOn } = a.period;
  const on = a.today < startsOn ? startsOn : a.today > endsOn ? endsOn : a.today;
  const from = a.today > startsOn ? a.today : startsOn;
  const mine = a.scope.kind === 'school' ? sql`true` : sql`(g.class_id in (${idList(a.scope.classIds)}) or g.id in (${idList(a.scope.groupIds)}))`;
  const groups = sql`select g.id from teaching_groups g where g.school_id = ${a.schoolId} and g.class_id in (${idList(classes.map((c) => c.id))})
    and g.lesson_kind in ('regular', 'elective') and ${mine}`;
  // Three plain queries joined here: one statement with the counts as joined aggregates lets a planner without fresh
  // statistics nest loops over thousands of rows (seconds on the demo school).
  const [roster, counted, ahead] = await Promise.all([
    db.execute(sql`
      select r.group_id, r.student_id, st.last_name || ' ' || st.first_name as student_name, g.class_id,
        case when g.kind = 'class' then subj.name else g.name end as subject_name, r.starts_on::text as starts_on
      from (
        select g.id as group_id, cm.student_id, cm.starts_on from teaching_groups g join class_memberships cm on cm.school_id = g.school_id
          and cm.class_id = g.class_id and cm.starts_on <= ${on}::date and (cm.ends_on is null or cm.ends_on > ${on}::date)
        where g.school_id = ${a.schoolId} and g.kind = 'class' and g.id in (${groups})
        union all
        select gm.group_id, gm.student_id, greatest(gm.starts_on, cm.starts_on) from group_members gm
        join teaching_groups g on g.school_id = gm.school_id and g.id = gm.group_id
        join class_memberships cm on cm.school_id = gm.school_id and cm.student_id = gm.student_id and cm.class_id = g.class_id
          and cm.starts_on <= ${on}::date and (cm.ends_on is null or cm.ends_on > ${on}::date)
        where gm.school_id = ${a.schoolId} and g.kind <> 'class' and gm.group_id in (${groups})
          and gm.starts_on <= ${on}::date and (gm.ends_on is null or gm.ends_on > ${on}::date)
      ) r
      join teaching_groups g on g.school_id = ${a.schoolId} and g.id = r.group_id
      join subjects subj on subj.school_id = g.school_id and subj.id = g.subject_id
      join students st on st.school_id = ${a.schoolId} and st.id = r.student_id`),
    db.execute(sql`
      select l.group_id, m.student_id, count(*)::int as n from lessons l join marks m on m.school_id = l.school_id and m.lesson_id = l.id
      where l.school_id = ${a.schoolId} and l.group_id in (${groups}) and l.date between ${startsOn}::date and ${endsOn}::date
      group by 1, 2`),
    db.execute(sql`
      select l.group_id, count(*)::int as n from lessons l left join substitutions s on s.school_id = l.school_id and s.lesson_id = l.id
      where l.school_id = ${a.schoolId} and l.group_id in (${groups}) and l.date between ${from}::date and ${endsOn}::date
        and (s.kind is null or s.kind <> 'cancelled')
      group by 1`),
  ]);
  const marksOf = new Map(rowsOf<{ group_id: string; student_id: string; n: number }>(counted).map((r) => [`${r.group_id}|${r.student_id}`, Number(r.n)]));
  const leftOf = new Map(rowsOf<{ group_id: string; n: number }>(ahead).map((r) => [r.group_id, Number(r.n)]));
  const daysLeft = await classDaysLeft(db, a.schoolId, classes, a.today, endsOn);
  const nameOf = new Map(classes.map((c) => [c.id, c.name]));
  return byRisk(rowsOf<Raw>(roster).map((r) => {
    const facts = {
      marks: marksOf.get(`${r.group_id}|${r.student_id}`) ?? 0, minMarks: a.minMarks, lessonsLeft: leftOf.get(r.group_id) ?? 0,
      daysLeft: daysLeft.get(r.class_id) ?? 0,
    };
    return {
      studentId: r.student_id, studentName: r.student_name, classId: r.class_id, className: nameOf.get(r.class_id) ?? '', groupId: r.group_id,
      subjectName: r.subject_name, joinedOn: r.starts_on > startsOn ? r.starts_on : null, ...facts,
      missing: marksMissing(facts.marks, facts.minMarks), status: markStatus(facts),
    };
  }));
}

/** Each class's school days from today to the period's end: its year's calendar and its timetable's weekdays. */
async function classDaysLeft(db: Q, schoolId: string, classes: readonly ClassRef[], today: string, endsOn: string): Promise<Map<string, number>> {
  const slots = rowsOf<{ class_id: string; weekday: number }>(await db.execute(sql`
    select distinct g.class_id, ts.weekday from timetable_slots ts join teaching_groups g on g.school_id = ts.school_id and g.id = ts.group_id
    where ts.school_id = ${schoolId} and g.class_id in (${idList(classes.map((c) => c.id))})`));
  const out = new Map<string, number>();
  for (const yearId of new Set(classes.map((c) => c.yearId))) {
    const cal = await yearCalendar(db, { schoolId, yearId });
    if (!cal) continue;
    for (const c of classes.filter((x) => x.yearId === yearId)) {
      const own = slots.filter((s) => s.class_id === c.id).map((s) => Number(s.weekday));
      out.set(c.id, schoolDaysLeft(cal, c.grade, new Set(own.length ? own : FIVE_DAY_WEEK), today, endsOn));
    }
  }
  return out;
}

export function accumulationTable(rows: readonly AccumulationRow[], title: string): ReportTable {
  return {
    name: 'accumulation',
    title,
    columns: [
      { key: 'student', title: 'Обучающийся', kind: 'text' },
      { key: 'class', title: 'Класс', kind: 'text' },
      { key: 'subject', title: 'Предмет', kind: 'text' },
      { key: 'marks', title: 'Отметок', kind: 'int' },
      { key: 'missing', title: 'Не хватает', kind: 'int' },
      { key: 'lessonsLeft', title: 'Уроков до конца', kind: 'int' },
      { key: 'daysLeft', title: 'Дней до конца', kind: 'int' },
      { key: 'joinedOn', title: 'Учится с', kind: 'date' },
      { key: 'status', title: 'Состояние', kind: 'text' },
    ],
    rows: rows.map((r) => ({
      _class: r.status === 'risk' ? 'warn' : '', student: r.studentName, class: r.className, subject: r.subjectName, marks: r.marks, missing: r.missing,
      lessonsLeft: r.lessonsLeft, daysLeft: r.daysLeft, joinedOn: r.joinedOn, status: STATUS_TITLES[r.status],
    })),
  };
}

/** Without a class: a line per class — its students, how many are at risk of «н/а», the rows at risk and behind — linking to the class. */
export function accumulationByClass(rows: readonly AccumulationRow[], classes: ReadonlyArray<{ id: string; name: string }>, periodId: string): ReportTable {
  return {
    name: 'by-class',
    title: 'По классам',
    columns: [
      { key: 'class', title: 'Класс', kind: 'text', href: 'href' },
      { key: 'students', title: 'Обучающихся', kind: 'int' },
      { key: 'riskStudents', title: 'С риском «н/а»', kind: 'int' },
      { key: 'risk', title: 'Предметов с риском «н/а»', kind: 'int' },
      { key: 'behind', title: 'Предметов с малым числом отметок', kind: 'int' },
    ],
    rows: classes.filter((c) => rows.some((r) => r.classId === c.id)).map((c) => {
      const own = rows.filter((r) => r.classId === c.id);
      const risk = own.filter((r) => r.status === 'risk');
      return {
        _class: risk.length > 0 ? 'warn' : '', class: c.name, href: `/reports/accumulation?period=${periodId}&class=${c.id}`,
        students: new Set(own.map((r) => r.studentId)).size, riskStudents: new Set(risk.map((r) => r.studentId)).size,
        risk: risk.length, behind: own.filter((r) => r.status === 'behind').length,
      };
    }),
  };
}
