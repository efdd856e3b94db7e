// The deadlines of the regulations (REQUIREMENTS §4) the data can check, as pure arithmetic: when each one falls, whose
// it is and how late it is now. Dates are ISO 'YYYY-MM-DD' and local times 'YYYY-MM-DD HH:MM', both in the school's
// time zone (the queries convert moments with the zone; Russia and Kyrgyzstan keep no summer time, so local arithmetic
// is exact there). No I/O.
import { addDays } from '../../../web/dates.ts';
import type { YearCalendar } from '../../schedule/calendar.ts';
import { daysBetween } from '../../schedule/calendar.ts';
import { addWorkingDays } from '../core/working-days.ts';

export const KINDS = [
  'topic', 'homework', 'attendance', 'lateMarks', 'controlMarks', 'periodMarks', 'absenceReasons', 'monthComplete', 'controlLimit',
  'orders', 'accounts', 'parents',
] as const;
export type Kind = (typeof KINDS)[number];

/** Who must act: the teacher who gave the lesson (the substitute for a substitution), the class teacher, the secretary, the admin. */
export type Actor = 'teacher' | 'classTeacher' | 'secretary' | 'admin';
export const ACTOR_TITLES: Record<Actor, string> = {
  teacher: 'Учитель', classTeacher: 'Классный руководитель', secretary: 'Секретарь', admin: 'Администратор',
};

export const DEADLINES: Record<Kind, { title: string; rule: string; actor: Actor; source: string }> = {
  topic: { title: 'Тема урока', rule: 'в день урока', actor: 'teacher', source: '001 §8.4; 002 §2' },
  homework: { title: 'Домашнее задание', rule: 'в течение 4 часов после окончания урока', actor: 'teacher', source: '003 §2.5, §2.7' },
  attendance: { title: 'Посещаемость', rule: 'в день урока', actor: 'teacher', source: '001 §8.3–8.4' },
  lateMarks: { title: 'Отметки за урок', rule: 'в день урока (по журналу изменений)', actor: 'teacher', source: '001 §4.2а; 002' },
  controlMarks: { title: 'Отметки за письменные работы', rule: 'в течение {N} дней после работы', actor: 'teacher', source: '000 §5.4; 002 §2' },
  periodMarks: { title: 'Итоговые отметки за период', rule: 'к последнему дню периода (не позднее 2 дней)', actor: 'teacher', source: '001 §8.5; 002 §2' },
  absenceReasons: { title: 'Причины пропусков', rule: 'в течение 2 рабочих дней', actor: 'classTeacher', source: '001 §8.3' },
  monthComplete: { title: 'Темы и задания за месяц', rule: 'до 8 числа следующего месяца', actor: 'teacher', source: '002 §2' },
  controlLimit: { title: 'Число контрольных работ', rule: 'в четверть: ≤ {MAIN} по математике и русскому языку, ≤ {OTHER} по остальным', actor: 'teacher', source: '002 §2' },
  orders: { title: 'Приказы по движению', rule: 'в течение 3 дней после события', actor: 'secretary', source: '000 §7; 001 §10.2' },
  accounts: { title: 'Учётные записи новых обучающихся и сотрудников', rule: 'в течение 3 рабочих дней (обучающимся — классный руководитель)', actor: 'admin', source: '001 §12.9' },
  parents: { title: 'Информирование родителей', rule: 'не реже раза в 2 недели', actor: 'classTeacher', source: '002 §1' },
};

/** How late: whole days, or hours (homework's 4-hour deadline). */
export type Lateness = { days: number } | { hours: number };

export const lateText = (l: Lateness) => ('days' in l ? `${l.days} дн.` : `${l.hours} ч`);
/** The lateness in days for sorting and the export (hours → the part of a day, rounded up). */
export const lateDays = (l: Lateness) => ('days' in l ? l.days : Math.ceil(l.hours / 24));

/** Whole days from the deadline to today; a deadline is kept through its day, so today − deadline (≤ 0: not late). */
export const daysLate = (deadline: string, today: string) => daysBetween(deadline, today);

// ── Lessons ──

/** Whose entries a lesson's are: the substitute's when substituted, nobody's when cancelled (a cancelled lesson is not due). */
export function lessonOwner(regular: string, sub: { kind: string; substituteStaffId: string | null } | null): string | null {
  if (sub?.kind === 'cancelled') return null;
  return sub?.substituteStaffId ?? regular;
}

/** Topics and homework of a month are complete by the 8th of the next month [002 §2]. */
export function monthDeadline(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-08` : `${y}-${String(m + 1).padStart(2, '0')}-08`;
}

/**
 * The first lesson day the page still judges by the lesson-day rules: the 1st of the month whose «by the 8th» deadline has
 * not passed (on 1–8 November: 1 October; from 9 November: 1 November). Older lessons fall under monthComplete.
 */
export function windowStart(today: string): string {
  const first = `${today.slice(0, 7)}-01`;
  return today.slice(8) <= '08' ? `${addDays(first, -1).slice(0, 7)}-01` : first;
}

/** Local 'YYYY-MM-DD HH:MM' plus minutes. */
export function addMinutesLocal(local: string, minutes: number): string {
  const t = new Date(`${local.replace(' ', 'T')}:00Z`);
  t.setUTCMinutes(t.getUTCMinutes() + minutes);
  return t.toISOString().slice(0, 16).replace('T', ' ');
}

/** Homework is due 4 hours after the lesson's bell ends; a lesson without a bell has the whole day. */
export function homeworkDeadline(date: string, endsAt: string | null): string {
  return endsAt ? addMinutesLocal(`${date} ${endsAt.slice(0, 5)}`, 240) : `${date} 23:59`;
}

/** Whole hours (rounded up) from one local time to a later one; 0 when not later. */
export function hoursAfter(from: string, to: string): number {
  const ms = Date.parse(`${to.replace(' ', 'T')}:00Z`) - Date.parse(`${from.replace(' ', 'T')}:00Z`);
  return ms > 0 ? Math.ceil(ms / 3_600_000) : 0;
}

export type LessonFacts = {
  date: string; endsAt: string | null;
  topicMissing: boolean; homeworkMissing: boolean; attendanceTaken: boolean;
  /** When the homework was first written (local time, from the audit trail); null when unknown (imported, seeded). */
  homeworkWrittenAt: string | null;
  /** A control (written) work: the lesson's flag or a mark column of a control work type. */
  control: boolean;
  /** Whether the lesson has any mark at all. */
  hasMarks: boolean;
  /** Every current mark: the school date of its first entry (null: no audit row) and whether its column is a control work. */
  marks: Array<{ enteredOn: string | null; control: boolean }>;
};

export type Found = { kind: Kind; what: string; deadline: string; late: Lateness };
type Now = { today: string; nowLocal: string; controlMarkDays: number };

const plural = (n: number, one: string, few: string, many: string) => {
  const m10 = n % 10, m100 = n % 100;
  return `${n} ${m10 === 1 && m100 !== 11 ? one : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? few : many}`;
};
const marksText = (n: number) => plural(n, 'отметка', 'отметки', 'отметок');

/** What a held lesson (not cancelled) breaks now: each deadline once, with how late. */
export function lessonViolations(l: LessonFacts, now: Now): Found[] {
  const out: Found[] = [];
  const month = monthDeadline(l.date);
  const dayOver = l.date < now.today;
  if (now.today > month && (l.topicMissing || l.homeworkMissing)) {
    const what = l.topicMissing && l.homeworkMissing ? 'нет темы и домашнего задания' : l.topicMissing ? 'нет темы' : 'нет домашнего задания';
    out.push({ kind: 'monthComplete', what, deadline: month, late: { days: daysLate(month, now.today) } });
  } else {
    if (dayOver && l.topicMissing) out.push({ kind: 'topic', what: 'нет темы', deadline: l.date, late: { days: daysLate(l.date, now.today) } });
    const hw = homeworkDeadline(l.date, l.endsAt);
    if (l.homeworkMissing && now.nowLocal > hw) {
      out.push({ kind: 'homework', what: 'нет домашнего задания', deadline: l.date, late: { hours: hoursAfter(hw, now.nowLocal) } });
    } else if (!l.homeworkMissing && l.homeworkWrittenAt && l.homeworkWrittenAt > hw) {
      out.push({ kind: 'homework', what: `записано ${l.homeworkWrittenAt.slice(11)} ${l.homeworkWrittenAt.slice(0, 10) === l.date ? '' : 'позже дня урока'}`.trim(),
        deadline: l.date, late: { hours: hoursAfter(hw, l.homeworkWrittenAt) } });
    }
  }
  if (dayOver && !l.attendanceTaken) out.push({ kind: 'attendance', what: 'посещаемость не отмечена', deadline: l.date, late: { days: daysLate(l.date, now.today) } });
  const late = l.marks.filter((m) => !m.control && m.enteredOn !== null && m.enteredOn > l.date);
  if (late.length > 0) {
    const last = late.reduce((a, m) => (m.enteredOn! > a ? m.enteredOn! : a), l.date);
    out.push({ kind: 'lateMarks', what: `${marksText(late.length)} позже дня урока`, deadline: l.date, late: { days: daysLate(l.date, last) } });
  }
  out.push(...controlMarkViolations(l, now));
  return out;
}

/** Written work: its marks within N days; a control lesson past N days without a single mark is late too. */
function controlMarkViolations(l: LessonFacts, now: Now): Found[] {
  const deadline = addDays(l.date, now.controlMarkDays);
  const control = l.marks.filter((m) => m.control);
  const late = control.filter((m) => m.enteredOn !== null && m.enteredOn > deadline);
  if (late.length > 0) {
    const last = late.reduce((a, m) => (m.enteredOn! > a ? m.enteredOn! : a), deadline);
    return [{ kind: 'controlMarks', what: `${marksText(late.length)} позже срока`, deadline, late: { days: daysLate(deadline, last) } }];
  }
  if (l.control && !l.hasMarks && now.today > deadline) {
    return [{ kind: 'controlMarks', what: 'нет отметок за работу', deadline, late: { days: daysLate(deadline, now.today) } }];
  }
  return [];
}

// ── Period marks, absences, control-work limits ──

/** Period marks: by the period's last day, at the latest 2 days after it [001 §8.5]. */
export const periodMarkDeadline = (periodEndsOn: string) => addDays(periodEndsOn, 2);

/** An absence's reason: within 2 working days of the absence [001 §8.3]. */
export const reasonDeadline = (cal: YearCalendar | undefined, absenceDate: string) => addWorkingDays(cal, absenceDate, 2);

/** The per-quarter control-work limits [002 §2] are the control-works report's rule (one rule for both reports). */
export { controlLimit, isMainSubject } from '../control-works/rules.ts';

// ── Contingent, accounts, parents ──

/** An order is due within 3 days of the movement it records [000 §7]; its lateness in days (0: on time). */
export const orderLateDays = (effectiveOn: string, orderDate: string) => Math.max(0, daysBetween(addDays(effectiveOn, 3), orderDate));

/**
 * An account is due within 3 working days of the person's arrival [001 §12.9]: the enrolment (class membership start) or,
 * when the card was entered later, the card's creation — the account cannot come before the card. Staff: the card.
 */
export function accountDeadline(cal: YearCalendar | undefined, arrivedOn: string, cardOn: string): string {
  return addWorkingDays(cal, arrivedOn > cardOn ? arrivedOn : cardOn, 3);
}

/** Parents are informed at least every 2 weeks [002 §1]: 14 days after the last time (or after the child's arrival). */
export const parentsDeadline = (lastInformedOn: string | null, arrivedOn: string) =>
  addDays(lastInformedOn && lastInformedOn > arrivedOn ? lastInformedOn : arrivedOn, 14);
