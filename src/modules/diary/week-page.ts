// The week page's reading in ONE statement (the page used to send four): the child's lessons of the week
// (week-queries.ts), whether a school year covers the week, the guardian's «Ознакомлен(а)», the visitor's previous visit
// to the child's diary and — on the current week's visit — «Что нового» since that visit (news.ts). Each round trip to
// PostgreSQL costs the app a socket write and read and the database a statement's overhead; on the 2-core machine they
// were a fifth of the page's time. Built once per process and variant (cachedSql): only the values change.
import { sql } from 'drizzle-orm';
import { cachedSql, type Placeholders } from '../../db/cached-query.ts';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { childUnreadSql } from '../messages/queries.ts';
import { newsSql, toNews, type NewsFacts, type NewsRow } from './news.ts';
import { lessonsSql, toLesson, type DiaryLesson, type LessonRow } from './week-queries.ts';

type Q = Db | Tx;

export type WeekPageKey = {
  schoolId: string; studentId: string; weekStart: string; from: string; to: string;
  /** The reader's guardian card (the «Ознакомлен(а)» and the unread messages are theirs), else null. */
  guardianId: string | null;
  /** The account whose previous visit to the child's diary is wanted (the week's GET), else null. */
  visitor: string | null;
};
/** With news: `today`, and since when marks are news when the visitor has no previous visit. */
export type NewsAsk = { today: string; firstVisitSince: Date };

export type WeekPage = { lessons: DiaryLesson[]; covered: boolean; ack: Date | null; previous: Date | null; news: NewsFacts | null };

type Values = WeekPageKey & { today: string; firstVisitSince: string };
type Row = { lessons: LessonRow[] | string; covered: boolean; ack: Date | string | null; previous: Date | string | null } & Partial<NewsRow>;

function build(p: Placeholders<Values>, v: { news: boolean; guardian: boolean }) {
  const news = v.news ? sql`, n.*` : sql``;
  const newsJoin = v.news ? sql` cross join lateral (${newsSql({
    schoolId: p.schoolId, studentId: p.studentId, today: p.today,
    since: sql`coalesce(f.previous, ${p.firstVisitSince}::timestamptz)`,
    groupIds: sql`array(select distinct wk.group_id from wk)`,
    unread: v.guardian
      ? childUnreadSql({ schoolId: p.schoolId, guardianId: p.guardianId, studentId: p.studentId } as unknown as { schoolId: string; guardianId: string; studentId: string })
      : sql`null::int`,
  })}) n` : sql``;
  return sql`with wk as materialized (${lessonsSql(p)}), f as materialized (select
      exists (select 1 from academic_years y where y.school_id = ${p.schoolId} and y.starts_on <= ${p.to}::date and y.ends_on >= ${p.from}::date) as covered,
      (select da.acknowledged_at from diary_acknowledgements da where da.school_id = ${p.schoolId} and da.student_id = ${p.studentId}
        and da.guardian_id = ${p.guardianId}::uuid and da.week_start = ${p.weekStart}::date) as ack,
      (select max(dv.last_at) from diary_views dv
        where dv.school_id = ${p.schoolId} and dv.account_id = ${p.visitor}::uuid and dv.student_id = ${p.studentId}) as previous)
    select (select coalesce(json_agg(wk order by wk.date, wk.lesson_number), '[]'::json) from wk) as lessons,
      f.covered, f.ack, f.previous${news}
    from f${newsJoin}`;
}

const variants = new Map<string, (db: Q, values: Values) => Promise<unknown>>();
const statementFor = (v: { news: boolean; guardian: boolean }) => {
  const key = `${v.news}:${v.guardian}`;
  let s = variants.get(key);
  if (!s) variants.set(key, (s = cachedSql<Values>((p) => build(p, v))));
  return s;
};

const at = (v: Date | string | null | undefined) => (v == null ? null : new Date(v));

/** The week page's facts in one statement; `news` when «Что нового» is shown (the current week, a visit). */
export async function weekPage(db: Q, k: WeekPageKey, news: NewsAsk | null): Promise<WeekPage> {
  const statement = statementFor({ news: news !== null, guardian: k.guardianId !== null });
  const values: Values = Object.assign({}, k, { today: news?.today ?? k.from, firstVisitSince: (news?.firstVisitSince ?? new Date(0)).toISOString() });
  const [row] = rowsOf<Row>(await statement(db, values));
  const r = row!;
  const lessons = (typeof r.lessons === 'string' ? JSON.parse(r.lessons) as LessonRow[] : r.lessons).map(toLesson);
  return {
    lessons, covered: Boolean(r.covered), ack: at(r.ack), previous: at(r.previous),
    news: news ? toNews(r as NewsRow) : null,
  };
}
