// Pure mapping rules of the OneRoster export: how the school's facts become OneRoster values. No I/O.
import { hash } from 'node:crypto';
import { transliterate } from '../../accounts/translit.ts';
import { PERIOD_SPECIAL } from '../../journal/rules.ts';
import { addDays } from '../../../web/dates.ts';
import type { Role } from './spec.ts';

/**
 * A stable sourcedId for a record we keep no row of (a course = subject × grade, a lesson column's line item, a mark's
 * result): a name-based UUID (version 5 layout, SHA-1) of the parts. The same parts give the same id in every export,
 * so a receiving system can update what it imported.
 */
export function derivedId(...parts: Array<string | number | null>): string {
  const h = hash('sha1', `otmetka-oneroster\u0000${parts.map((p) => String(p ?? '')).join('\u0000')}`, 'hex');
  const x = `${h.slice(0, 12)}5${h.slice(13, 16)}${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 32)}`;
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** CEDS grade level: 0 → KG, 1…12 → 01…12; a college group (no grade) or anything else → empty. */
export function gradeCode(grade: number | null | undefined): string {
  if (grade === 0) return 'KG';
  if (grade !== null && grade !== undefined && Number.isInteger(grade) && grade >= 1 && grade <= 12) return String(grade).padStart(2, '0');
  return '';
}

/** academicSessions.type of a study period by its scheme: halves and semesters are semesters, quarters and trimesters terms. */
export function sessionType(schemeKind: string): 'semester' | 'term' {
  return schemeKind === 'halves' || schemeKind === 'semesters' ? 'semester' : 'term';
}

/** academicSessions.schoolYear: the calendar year in which the school year ends (2026/2027 → 2027). */
export function schoolYearOf(endsOn: string): string {
  return endsOn.slice(0, 4);
}

/** The binding's end dates are exclusive; ours (years, periods) are the last day itself. */
export function exclusiveEnd(lastDay: string): string {
  return addDays(lastDay, 1);
}

/** Titles of the year's periods: the period's name, with its scheme's name when another period of the year has the same name. */
export function periodTitles(periods: ReadonlyArray<{ id: string; name: string; schemeName: string }>): Map<string, string> {
  const count = new Map<string, number>();
  for (const p of periods) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  return new Map(periods.map((p) => [p.id, (count.get(p.name) ?? 0) > 1 ? `${p.name} (${p.schemeName})` : p.name]));
}

/** A list cell: items joined by commas; a comma inside an item (it cannot be quoted there) becomes a semicolon. */
export function listCell(items: ReadonlyArray<string | null | undefined>): string {
  return items.filter((s): s is string => Boolean(s)).map((s) => s.replaceAll(',', ';')).join(',');
}

/** A decimal as the binding's float: «1.0» → «1», «1.5» → «1.5». */
export function numberText(value: string | number): string {
  return String(Number(value));
}

/** demographics.sex from our м / ж; unknown → empty (the column is optional). */
export function sexCode(sex: string | null | undefined): '' | 'male' | 'female' {
  return sex === 'м' ? 'male' : sex === 'ж' ? 'female' : '';
}

const PARENTS = new Set(['мать', 'отец']);
const RELATIVES = new Set(['бабушка', 'дедушка']);

/** roles.role of a guardian from the relations to their children: parent (мать, отец) before guardian, relative (бабушка, дедушка) last. */
export function guardianRole(relations: readonly string[]): 'parent' | 'guardian' | 'relative' {
  if (relations.some((r) => PARENTS.has(r))) return 'parent';
  if (relations.length > 0 && relations.every((r) => RELATIVES.has(r))) return 'relative';
  return 'guardian';
}

/**
 * roles.role of a staff member, the primary first: admins and deputies are site administrators, whoever teaches (the
 * teacher role, a class led, a group taught in the year) a teacher, a secretary `ext:secretary`; a card with none of
 * these (no account, teaches nothing) `ext:staff`.
 */
export function staffRoles(f: { roles: readonly string[]; teaches: boolean }): Role[] {
  const out: Role[] = [];
  if (f.roles.includes('admin') || f.roles.includes('deputy')) out.push('siteAdministrator');
  if (f.teaches || f.roles.includes('teacher') || f.roles.includes('classTeacher')) out.push('teacher');
  if (f.roles.includes('secretary')) out.push('ext:secretary');
  return out.length ? out : ['ext:staff'];
}

export type ResultValue = {
  scoreStatus: 'fully graded' | 'exempt' | 'not submitted'; score: number | null; textScore: string; incomplete?: boolean;
};

/** A period, year, exam or final mark as a result: a number as score (and text), the special values as text only. */
export function periodMarkResult(value: string): ResultValue {
  if (/^\d+$/.test(value)) return { scoreStatus: 'fully graded', score: Number(value), textScore: value };
  if (value === PERIOD_SPECIAL.osv) return { scoreStatus: 'exempt', score: null, textScore: value };
  if (value === PERIOD_SPECIAL.na) return { scoreStatus: 'not submitted', score: null, textScore: value, incomplete: true };
  return { scoreStatus: 'fully graded', score: null, textScore: value };
}

export type PeriodMarkKind = 'period' | 'year' | 'exam' | 'final';
export const PERIOD_MARK_TITLES: Record<PeriodMarkKind, string> = {
  period: 'Отметка за период', year: 'Годовая отметка', exam: 'Экзаменационная отметка', final: 'Итоговая отметка',
};

/** A period-mark line item's title: «Отметка за 1 четверть», «Годовая отметка». */
export function periodMarkTitle(kind: PeriodMarkKind, periodName: string | null): string {
  return kind === 'period' && periodName ? `Отметка за ${periodName}` : PERIOD_MARK_TITLES[kind];
}

/** «12.10.2026» from an ISO date. */
export const ruDate = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** A lesson column's line item title: «Контрольная работа, 12.10.2026, урок 3» (the column number when a lesson has several). */
export function lessonItemTitle(f: { workType: string; date: string; lessonNumber: number; columnNo: number; columns: number }): string {
  return `${f.workType}, ${ruDate(f.date)}, урок ${f.lessonNumber}${f.columns > 1 ? `, колонка ${f.columnNo}` : ''}`;
}

/** A latin file-name part: transliterated, lower case, words joined by hyphens, at most 40 characters. */
function slug(text: string): string {
  return transliterate(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'school';
}

/** The download's name: oneroster-<school>-<year>.zip, e.g. oneroster-shkola-1-2026-2027.zip. */
export function zipFileName(schoolName: string, yearName: string): string {
  return `oneroster-${slug(schoolName)}-${slug(yearName)}.zip`;
}
