// The weekly e-mail digest as text: which week is due, what of a child's lessons goes into it (marks, absences,
// homework with its due date), the subject, the plain-text body and a simple HTML body (every value escaped). No I/O.
import { addDays, isoWeekday, ruDate, DEFAULT_TIME_ZONE, todayIso } from '../../web/dates.ts';
import { reasonLabel } from '../journal/attendance-rules.ts';
import { setsHomework } from '../journal/rules.ts';
import type { DiaryLesson } from './week-queries.ts';

export type DigestMark = { date: string; subject: string; value: number; workType: string };
export type DigestAbsence = { date: string; lessonNumber: number; subject: string; kind: 'absent' | 'late'; reason: string | null };
export type DigestHomework = { subject: string; givenOn: string; dueOn: string | null; text: string; individual: boolean };
export type DigestChild = {
  firstName: string; lastName: string; className: string | null;
  marks: DigestMark[]; absences: DigestAbsence[]; homework: DigestHomework[];
};
export type DigestMail = { subject: string; text: string; html: string };

/** The Monday of the week of `iso`. */
export const mondayOf = (iso: string) => addDays(iso, 1 - isoWeekday(iso));

/**
 * The week a digest sent today is about: on Saturday and Sunday the week ending now, on Monday–Friday the week before
 * (the last complete school week).
 */
export function digestWeekFor(today: string): string {
  const monday = mondayOf(today);
  return isoWeekday(today) >= 6 ? monday : addDays(monday, -7);
}

/** The week whose digests the in-process timer queues at `now` in a school's time zone: from its Saturday 15:00 to its Sunday's end; else null. */
export function timerWeekAt(now: Date, timeZone = DEFAULT_TIME_ZONE): string | null {
  const today = todayIso(now, timeZone);
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  const day = isoWeekday(today);
  return day === 7 || (day === 6 && hour >= 15) ? mondayOf(today) : null;
}

/** A real-looking e-mail address (the same check as the form's): one @, a dotted domain, no spaces or brackets. */
export function isEmailLike(s: string): boolean {
  if (s.length > 254) return false;
  const m = /^([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/.exec(s);
  if (!m) return false;
  const [local, domain] = [m[1]!, m[2]!];
  return !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && /\.[A-Za-z]{2,}$/.test(domain);
}

/**
 * What of a child's lessons goes into the digest of the week starting `monday`: the week's marks, absences and lates,
 * and the homework given that week — due at the group's next lesson when it is among `lessons` (pass the week and the
 * next one), sorted by due date. Cancelled lessons give no homework.
 */
export function childWeek(lessons: readonly DiaryLesson[], monday: string): Pick<DigestChild, 'marks' | 'absences' | 'homework'> {
  const sunday = addDays(monday, 6);
  const week = lessons.filter((l) => l.date >= monday && l.date <= sunday);
  const marks = week.flatMap((l) => l.marks.map((m) => ({ date: l.date, subject: l.subjectName, value: m.value, workType: m.workType })));
  const absences = week.filter((l) => l.attendance !== null)
    .map((l) => ({ date: l.date, lessonNumber: l.lessonNumber, subject: l.subjectName, kind: l.attendance!, reason: l.absenceReason }));
  const dueOf = (l: DiaryLesson) => lessons.find((n) => n.groupId === l.groupId && n.subKind !== 'cancelled'
    && (n.date > l.date || (n.date === l.date && n.lessonNumber > l.lessonNumber)))?.date ?? null;
  const homework: DigestHomework[] = [];
  for (const l of week) {
    if (l.subKind === 'cancelled') continue;
    const due = dueOf(l);
    if (l.homework && setsHomework(l.homework)) homework.push({ subject: l.subjectName, givenOn: l.date, dueOn: due, text: l.homework.trim(), individual: false });
    if (l.individualHomework?.trim()) homework.push({ subject: l.subjectName, givenOn: l.date, dueOn: due, text: l.individualHomework.trim(), individual: true });
  }
  // By due date (what is due first comes first), then by when it was given; without a known due date last.
  homework.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.givenOn.localeCompare(b.givenOn));
  return { marks, absences, homework };
}

const dayMonth = (iso: string) => ruDate(iso).slice(0, 5);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** «16.11–22.11.2026», or with both years when the week crosses the new year. */
export function weekRange(monday: string): string {
  const sunday = addDays(monday, 6);
  return monday.slice(0, 4) === sunday.slice(0, 4) ? `${dayMonth(monday)}–${ruDate(sunday)}` : `${ruDate(monday)}–${ruDate(sunday)}`;
}

export function digestSubject(monday: string, children: ReadonlyArray<Pick<DigestChild, 'firstName'>>): string {
  return `Дневник: неделя ${weekRange(monday)} — ${children.map((c) => oneLine(c.firstName)).join(', ')}`;
}

export const childTitle = (c: Pick<DigestChild, 'firstName' | 'lastName' | 'className'>) =>
  `${oneLine(c.lastName)} ${oneLine(c.firstName)}${c.className ? `, ${c.className}` : ''}`;

export function markLine(m: DigestMark): string {
  return `${dayMonth(m.date)} ${m.subject} — ${m.value} (${m.workType})`;
}

export function absenceLine(a: DigestAbsence): string {
  const what = a.kind === 'late' ? 'опоздание' : `пропуск, причина: ${reasonLabel(a.reason)}`;
  return `${dayMonth(a.date)}, ${a.lessonNumber}-й урок, ${a.subject} — ${what}`;
}

export function homeworkLine(h: DigestHomework): string {
  const when = h.dueOn ? `к ${dayMonth(h.dueOn)} (задано ${dayMonth(h.givenOn)})` : `задано ${dayMonth(h.givenOn)}`;
  return `${h.subject}, ${when}${h.individual ? ', индивидуально' : ''}: ${oneLine(h.text)}`;
}

type Section = { title: string; empty: string; lines: string[] };
const sectionsOf = (c: DigestChild): Section[] => [
  { title: 'Оценки', empty: 'Оценок за неделю нет.', lines: c.marks.map(markLine) },
  { title: 'Пропуски и опоздания', empty: 'Пропусков нет.', lines: c.absences.map(absenceLine) },
  { title: 'Домашние задания', empty: 'Домашних заданий нет.', lines: c.homework.map(homeworkLine) },
];

const FOOTER = [
  'Полный дневник, отметки за четверть и сообщения учителям — в «Отметке».',
  'Вы получили это письмо, потому что подписались на еженедельную сводку. Отключить её можно в «Отметке»: «Сводка дневника на e-mail».',
];

export function digestText(monday: string, greetingName: string | null, children: readonly DigestChild[]): string {
  const out = [greetingName ? `Здравствуйте, ${oneLine(greetingName)}!` : 'Здравствуйте!', '', `Сводка дневника за неделю ${weekRange(monday)}.`];
  for (const c of children) {
    out.push('', childTitle(c), '='.repeat(Math.min(childTitle(c).length, 60)));
    for (const s of sectionsOf(c)) {
      out.push(`${s.title}:`);
      out.push(...(s.lines.length ? s.lines.map((l) => `  ${l}`) : [`  ${s.empty}`]));
    }
  }
  out.push('', '—', ...FOOTER);
  return `${out.join('\n')}\n`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export function digestHtml(monday: string, greetingName: string | null, children: readonly DigestChild[]): string {
  const e = escapeHtml;
  const parts = [
    '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сводка дневника</title></head>',
    '<body style="font-family: Arial, sans-serif; font-size: 15px; line-height: 1.4; color: #1d2733;">',
    `<p>${greetingName ? `Здравствуйте, ${e(oneLine(greetingName))}!` : 'Здравствуйте!'}</p>`,
    `<p>Сводка дневника за неделю <b>${e(weekRange(monday))}</b>.</p>`,
  ];
  for (const c of children) {
    parts.push(`<h2 style="font-size: 18px; margin: 20px 0 6px;">${e(childTitle(c))}</h2>`);
    for (const s of sectionsOf(c)) {
      parts.push(`<h3 style="font-size: 15px; margin: 10px 0 4px;">${e(s.title)}</h3>`);
      parts.push(s.lines.length ? `<ul>${s.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : `<p style="color: #5b6875;">${e(s.empty)}</p>`);
    }
  }
  parts.push(`<hr><p style="color: #5b6875; font-size: 13px;">${FOOTER.map(e).join('<br>')}</p></body></html>`);
  return parts.join('\n');
}

export function digestMail(monday: string, greetingName: string | null, children: readonly DigestChild[]): DigestMail {
  return { subject: digestSubject(monday, children), text: digestText(monday, greetingName, children), html: digestHtml(monday, greetingName, children) };
}
