// The deadlines page's facts turned into violations: one line per thing late now (what, which lesson / class / student,
// the deadline, how late, who must act). Reads through queries-lessons.ts and queries-school.ts, judges with rules.ts.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { ruDate } from '../../../web/dates.ts';
import { schools } from '../../platform/schema.ts';
import type { YearCalendar } from '../../schedule/calendar.ts';
import type { ControlWorks } from './control-lessons.ts';
import { dueLessons, homeworkWritten, markEntries } from './queries-lessons.ts';
import {
  absences, familiesInformed, lateOrders, missingPeriodMarks, staffAccounts, studentAccounts, type SchoolQuery,
} from './queries-school.ts';
import {
  accountDeadline, controlLimit, daysLate, DEADLINES, lessonViolations, orderLateDays, parentsDeadline, periodMarkDeadline,
  reasonDeadline, windowStart, type Actor, type Kind, type Lateness,
} from './rules.ts';

type Q = Db | Tx;

export type Violation = {
  kind: Kind; what: string; classId: string | null; className: string | null; object: string;
  /** The day of the lesson, absence, movement or period end the deadline counts from. */
  date: string | null; deadline: string | null; late: Lateness | null;
  /** The staff member who must act (null: the secretary or the admin, by the deadline's actor). */
  owner: string | null; actor: Actor;
};

export type DeadlineContext = SchoolQuery & {
  nowLocal: string; cal: YearCalendar | undefined;
  /** A teacher's or class teacher's own violations only (null: the whole school). */
  staffId: string | null;
};

export type Settings = { controlMarkDays: number; limits: { main: number; other: number } };

export async function schoolSettings(db: Q, schoolId: string): Promise<Settings> {
  const [s] = await db.select({ days: schools.controlMarkDays, main: schools.controlWorksMainLimit, other: schools.controlWorksOtherLimit })
    .from(schools).where(eq(schools.id, schoolId));
  return { controlMarkDays: s?.days ?? 7, limits: { main: s?.main ?? 2, other: s?.other ?? 1 } };
}

const ORDER_KINDS: Record<string, string> = {
  enrolment: 'зачисление', withdrawal: 'выбытие', transfer: 'перевод', promotion: 'перевод в следующий класс',
  conditional_promotion: 'условный перевод', repeat_year: 'оставление на повторное обучение', graduation: 'выпуск', class_formation: 'формирование класса',
  family_education: 'перевод на семейное образование',
};

/** The violations of single lessons, and (read in the same statement) the control works per group and period. */
export async function lessonViolationList(db: Q, ctx: DeadlineContext, settings: Settings): Promise<{ list: Violation[]; works: ControlWorks[] }> {
  const q = { ...ctx, windowStart: windowStart(ctx.today) };
  // One after another: the request's transaction is one connection.
  const written = await homeworkWritten(db, q);
  const entries = await markEntries(db, q);
  const { lessons, works } = await dueLessons(db, q, [...new Set([...written.keys(), ...entries.keys()])],
    Math.min(settings.limits.main, settings.limits.other));
  const now = { today: ctx.today, nowLocal: ctx.nowLocal, controlMarkDays: settings.controlMarkDays };
  const list = lessons.flatMap((l) => lessonViolations({
    date: l.date, endsAt: l.endsAt, topicMissing: l.topicMissing, homeworkMissing: l.homeworkMissing, attendanceTaken: l.attendanceTaken,
    homeworkWrittenAt: written.get(l.id) ?? null, control: l.control, hasMarks: l.hasMarks, marks: entries.get(l.id) ?? [],
  }, now).map((f) => ({
    kind: f.kind, what: f.what, classId: l.classId, className: l.className, object: `${l.groupName}, ${l.lessonNumber}-й урок`,
    date: l.date, deadline: f.deadline, late: f.late, owner: l.owner, actor: DEADLINES[f.kind].actor,
  })));
  return { list, works };
}

const days = (deadline: string, today: string): Lateness => ({ days: daysLate(deadline, today) });

/** A pure function of a string kept per argument: thousands of absences fall on a few dozen days (date arithmetic allocates). */
function perKey<R>(f: (key: string) => R): (key: string) => R {
  const seen = new Map<string, R>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, f(key));
    return seen.get(key)!;
  };
}

export async function schoolViolationList(db: Q, ctx: DeadlineContext, settings: Settings, works: readonly ControlWorks[]): Promise<Violation[]> {
  const abs = await absences(db, ctx);
  const periods = await missingPeriodMarks(db, ctx);
  const orders = await lateOrders(db, ctx);
  const kids = await studentAccounts(db, ctx);
  const staffRows = await staffAccounts(db, ctx);
  const families = await familiesInformed(db, ctx);
  const { today, cal } = ctx;
  const reasonDue = perKey((date) => reasonDeadline(cal, date));
  const lateNow = perKey((deadline) => daysLate(deadline, today));
  const accountDue = perKey((key) => accountDeadline(cal, key.slice(0, 10), key.slice(10)));
  const out: Violation[] = [];
  const push = (v: Omit<Violation, 'actor'> & { actor?: Actor }) => out.push({ actor: DEADLINES[v.kind].actor, ...v });
  for (const a of abs) {
    const deadline = reasonDue(a.date);
    if (deadline >= today) continue;
    push({ kind: 'absenceReasons', what: a.lessons > 1 ? `пропуск без причины (${a.lessons} ур.)` : 'пропуск без причины', classId: a.classId,
      className: a.className, object: a.student, date: a.date, deadline, late: { days: lateNow(deadline) }, owner: a.classTeacherId });
  }
  for (const p of periods) {
    const deadline = periodMarkDeadline(p.endsOn);
    push({ kind: 'periodMarks', what: `${p.periodName}: нет отметок у ${p.missing} обуч.`, classId: p.classId, className: p.className,
      object: p.groupName, date: p.endsOn, deadline, late: days(deadline, today), owner: p.owner });
  }
  for (const w of works) {
    const limit = controlLimit(w.subjectName, w.schemeKind, settings.limits);
    if (w.works <= limit) continue;
    push({ kind: 'controlLimit', what: `${w.periodName}: ${w.works} контрольных при норме ${limit}`, classId: w.classId, className: w.className,
      object: w.groupName, date: w.startsOn, deadline: null, late: null, owner: w.owner });
  }
  for (const o of orders) {
    push({ kind: 'orders', what: `приказ № ${o.number} от ${ruDate(o.orderDate)}: ${ORDER_KINDS[o.kind] ?? o.kind}`, classId: null,
      className: o.className, object: o.student, date: o.effectiveOn, deadline: null, late: { days: orderLateDays(o.effectiveOn, o.orderDate) }, owner: null });
  }
  for (const k of kids) {
    const deadline = accountDue(k.arrivedOn + k.cardOn);
    const late = k.accountOn ? (k.accountOn > deadline ? days(deadline, k.accountOn) : null) : (today > deadline ? days(deadline, today) : null);
    if (!late) continue;
    push({ kind: 'accounts', what: k.accountOn ? `учётная запись обучающегося создана ${ruDate(k.accountOn)}` : 'нет учётной записи обучающегося',
      classId: k.classId, className: k.className, object: k.student, date: k.arrivedOn, deadline, late, owner: k.classTeacherId, actor: 'classTeacher' });
  }
  for (const s of staffRows) {
    const deadline = accountDeadline(cal, s.cardOn, s.cardOn);
    const late = s.accountOn ? (s.accountOn > deadline ? days(deadline, s.accountOn) : null) : (today > deadline ? days(deadline, today) : null);
    if (!late) continue;
    push({ kind: 'accounts', what: s.accountOn ? `учётная запись сотрудника создана ${ruDate(s.accountOn)}` : 'нет учётной записи сотрудника',
      classId: null, className: null, object: s.name, date: s.cardOn, deadline, late, owner: null });
  }
  for (const f of families) {
    const deadline = parentsDeadline(f.lastOn, f.arrivedOn);
    if (deadline >= today) continue;
    push({ kind: 'parents', what: f.lastOn ? `последний раз ${ruDate(f.lastOn)}` : 'ни разу с начала обучения', classId: f.classId, className: f.className,
      object: f.student, date: f.lastOn ?? f.arrivedOn, deadline, late: { days: lateNow(deadline) }, owner: f.classTeacherId });
  }
  return out;
}

/** Every violation now, the scope's only (a staff member: those they must act on). */
export async function violations(db: Q, ctx: DeadlineContext, settings: Settings): Promise<Violation[]> {
  // Year-wide scans cost more than PostgreSQL's JIT threshold; compiling them costs more than running them.
  await db.execute(sql`set local jit = off`);
  const lessons = await lessonViolationList(db, ctx, settings);
  const all = [...lessons.list, ...await schoolViolationList(db, ctx, settings, lessons.works)];
  return ctx.staffId === null ? all : all.filter((v) => v.owner === ctx.staffId);
}
