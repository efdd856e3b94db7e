// categories.csv, lineItems.csv, results.csv. Categories: the school's work types (weight = the weighted average's), and
// one per kind of period mark. Line items: each mark column of a lesson of the year (category = its work type, session =
// the period of the group's scheme the lesson falls in), and each period / year / exam / final mark of a group that has
// such marks. Results: the marks (score 1–5) and the period marks (numbers as score, осв / н/а / зач / незач as textScore).
import { sql } from 'drizzle-orm';
import { DEFAULT_SCALE } from '../../journal/rules.ts';
import { groupSchemeSql } from '../../journal/lesson-facts.ts';
import { paged, PAGE, select, yearGroups, type ExportContext } from './context.ts';
import {
  derivedId, lessonItemTitle, numberText, PERIOD_MARK_TITLES, periodMarkResult, periodMarkTitle, type PeriodMarkKind,
} from './rules.ts';
import type { Row } from './spec.ts';

const MIN = Math.min(...DEFAULT_SCALE);
const MAX = Math.max(...DEFAULT_SCALE);
const KINDS = Object.keys(PERIOD_MARK_TITLES) as PeriodMarkKind[];

export const periodCategoryId = (schoolId: string, kind: PeriodMarkKind): string => derivedId('period-mark-category', schoolId, kind);
export const columnItemId = (lessonId: string, columnNo: number): string => derivedId('column', lessonId, columnNo);
export const periodItemId = (groupId: string, kind: string, periodId: string | null): string =>
  derivedId('period-item', groupId, kind, periodId);

export async function* categoryRows(c: ExportContext): AsyncGenerator<Row<'categories'>> {
  const types = await select<{ id: string; name: string; weight: string }>(c.tx, sql`select id::text, name, weight::text from work_types
    where school_id = ${c.school.id} order by ordinal, name`);
  for (const w of types) yield { sourcedId: w.id, title: w.name, weight: numberText(w.weight) };
  for (const kind of KINDS) yield { sourcedId: periodCategoryId(c.school.id, kind), title: PERIOD_MARK_TITLES[kind] };
}

type Column = {
  lessonId: string; columnNo: number; groupId: string; date: string; lessonNumber: number; topic: string | null;
  workTypeId: string; workType: string; columns: number; periodId: string | null;
};

function columnPage(c: ExportContext, last: Column | null): Promise<Column[]> {
  const scheme = groupSchemeSql(c.school.id, sql`g.class_id`, sql`g.year_id`);
  return select<Column>(c.tx, sql`select lc.lesson_id::text as "lessonId", lc.column_no::int as "columnNo", l.group_id::text as "groupId",
      l.date::text, l.lesson_number::int as "lessonNumber", coalesce(nullif(btrim(l.topic), ''), (select kt.title from ktp_topics kt
        where kt.school_id = l.school_id and kt.id = l.ktp_topic_id)) as topic, lc.work_type_id::text as "workTypeId", w.name as "workType",
      (select count(*) from lesson_columns x where x.school_id = lc.school_id and x.lesson_id = lc.lesson_id)::int as columns,
      (select p.id::text from periods p where p.school_id = g.school_id and p.scheme_id = ${scheme}
        and p.starts_on <= l.date and p.ends_on >= l.date limit 1) as "periodId"
    from lesson_columns lc join lessons l on l.school_id = lc.school_id and l.id = lc.lesson_id
    join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
    join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
    where lc.school_id = ${c.school.id} and g.year_id = ${c.year.id}
      ${last ? sql`and (lc.lesson_id, lc.column_no) > (${last.lessonId}::uuid, ${last.columnNo})` : sql``}
    order by lc.lesson_id, lc.column_no limit ${PAGE}`);
}

type PeriodItem = { groupId: string; kind: PeriodMarkKind; periodId: string | null; periodName: string | null; endsOn: string | null };

/** The (group, kind, period) slots of the year's period marks: a few per group. */
function periodItems(c: ExportContext): Promise<PeriodItem[]> {
  return select<PeriodItem>(c.tx, sql`select distinct pm.group_id::text as "groupId", pm.kind, pm.period_id::text as "periodId",
      p.name as "periodName", p.ends_on::text as "endsOn"
    from period_marks pm left join periods p on p.school_id = pm.school_id and p.id = pm.period_id
    where pm.school_id = ${c.school.id} and pm.group_id in (${yearGroups(c)}) order by 1, 2, 5`);
}

export async function* lineItemRows(c: ExportContext): AsyncGenerator<Row<'lineItems'>> {
  const base = { resultValueMin: MIN, resultValueMax: MAX, schoolSourcedId: c.school.id };
  for await (const k of paged<Column>((last) => columnPage(c, last))) {
    yield {
      ...base, sourcedId: columnItemId(k.lessonId, k.columnNo), title: lessonItemTitle(k), description: k.topic,
      assignDate: k.date, dueDate: k.date, classSourcedId: k.groupId, categorySourcedId: k.workTypeId,
      academicSessionSourcedId: k.periodId ?? c.year.id,
    };
  }
  for (const i of await periodItems(c)) {
    const due = i.endsOn ?? c.year.endsOn;
    yield {
      ...base, sourcedId: periodItemId(i.groupId, i.kind, i.periodId), title: periodMarkTitle(i.kind, i.periodName),
      assignDate: due, dueDate: due, classSourcedId: i.groupId, categorySourcedId: periodCategoryId(c.school.id, i.kind),
      academicSessionSourcedId: i.periodId ?? c.year.id,
    };
  }
}

type Mark = {
  lessonId: string; studentId: string; columnNo: number; value: number; comment: string | null; date: string; groupId: string;
};

function markPage(c: ExportContext, last: Mark | null): Promise<Mark[]> {
  return select<Mark>(c.tx, sql`select m.lesson_id::text as "lessonId", m.student_id::text as "studentId", m.column_no::int as "columnNo",
      m.value::int as value, m.comment, l.date::text, l.group_id::text as "groupId"
    from marks m join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
    where m.school_id = ${c.school.id} and l.group_id in (${yearGroups(c)})
      ${last ? sql`and (m.lesson_id, m.student_id, m.column_no) > (${last.lessonId}::uuid, ${last.studentId}::uuid, ${last.columnNo})`
        : sql``}
    order by m.lesson_id, m.student_id, m.column_no limit ${PAGE}`);
}

type PeriodMark = { groupId: string; studentId: string; kind: PeriodMarkKind; periodId: string | null; value: string; day: string };

function periodMarkPage(c: ExportContext, last: PeriodMark | null): Promise<PeriodMark[]> {
  const key = sql`(pm.group_id, pm.student_id, pm.kind, coalesce(pm.period_id::text, ''))`;
  return select<PeriodMark>(c.tx, sql`select pm.group_id::text as "groupId", pm.student_id::text as "studentId", pm.kind,
      pm.period_id::text as "periodId", pm.value, (pm.updated_at at time zone ${c.school.timeZone})::date::text as day
    from period_marks pm where pm.school_id = ${c.school.id} and pm.group_id in (${yearGroups(c)})
      ${last ? sql`and ${key} > (${last.groupId}::uuid, ${last.studentId}::uuid, ${last.kind}, ${last.periodId ?? ''})` : sql``}
    order by ${key} limit ${PAGE}`);
}

export async function* resultRows(c: ExportContext): AsyncGenerator<Row<'results'>> {
  for await (const m of paged<Mark>((last) => markPage(c, last))) {
    yield {
      sourcedId: derivedId('mark', m.lessonId, m.studentId, m.columnNo), lineItemSourcedId: columnItemId(m.lessonId, m.columnNo),
      studentSourcedId: m.studentId, scoreStatus: 'fully graded', score: m.value, scoreDate: m.date, comment: m.comment,
      classSourcedId: m.groupId,
    };
  }
  for await (const pm of paged<PeriodMark>((last) => periodMarkPage(c, last))) {
    const r = periodMarkResult(pm.value);
    yield {
      sourcedId: derivedId('period-mark', pm.groupId, pm.studentId, pm.kind, pm.periodId),
      lineItemSourcedId: periodItemId(pm.groupId, pm.kind, pm.periodId),
      studentSourcedId: pm.studentId, scoreStatus: r.scoreStatus, score: r.score, scoreDate: pm.day, textScore: r.textScore,
      classSourcedId: pm.groupId, incomplete: r.incomplete ? 'true' : '',
    };
  }
}
