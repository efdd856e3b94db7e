// The deadlines page's two tables (the page, the CSV and the XLSX all come from them): the summary — one line per
// deadline with its count now and who must act — and the detailed list of the violations, the latest first within a
// deadline, capped at LIST_LIMIT lines (the page says so and links each deadline's full list, also capped).
import { shortName } from '../../schedule/timetable-rules.ts';
import type { ReportRow, ReportTable } from '../core/table.ts';
import type { Settings, Violation } from './model.ts';
import { ACTOR_TITLES, DEADLINES, KINDS, lateDays, lateText, type Kind } from './rules.ts';

export const LIST_LIMIT = 500;

export function ruleText(kind: Kind, s: Settings): string {
  return DEADLINES[kind].rule.replace('{N}', String(s.controlMarkDays)).replace('{MAIN}', String(s.limits.main))
    .replace('{OTHER}', String(s.limits.other));
}

export function countByKind(list: readonly Violation[]): Record<Kind, number> {
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  for (const v of list) counts[v.kind]++;
  return counts;
}

export function summaryTable(list: readonly Violation[], kinds: readonly Kind[], s: Settings, href: (k: Kind) => string): ReportTable {
  const counts = countByKind(list);
  const rows: ReportRow[] = kinds.map((k) => ({
    deadline: DEADLINES[k].title, rule: ruleText(k, s), count: counts[k], who: ACTOR_TITLES[DEADLINES[k].actor], source: DEADLINES[k].source,
    countHref: href(k), _class: counts[k] > 0 ? 'warn' : '',
  }));
  rows.push({ deadline: 'Всего', rule: '', count: kinds.reduce((n, k) => n + counts[k], 0), who: '', source: '', _class: 'total' });
  return {
    name: 'summary', title: 'Сроки и нарушения сейчас',
    columns: [
      { key: 'deadline', title: 'Срок', kind: 'text' }, { key: 'rule', title: 'Правило', kind: 'text' },
      { key: 'count', title: 'Нарушений', kind: 'int', href: 'countHref' }, { key: 'who', title: 'Кто исправляет', kind: 'text' },
      { key: 'source', title: 'Положение', kind: 'text' },
    ],
    rows,
  };
}

type Person = { lastName: string; firstName: string; middleName: string | null };

function whoText(v: Violation, names: ReadonlyMap<string, Person>): string {
  if (v.actor === 'secretary' || v.actor === 'admin') return ACTOR_TITLES[v.actor];
  const person = v.owner ? names.get(v.owner) : undefined;
  if (!person) return v.actor === 'classTeacher' ? 'Классный руководитель не назначен' : ACTOR_TITLES[v.actor];
  return `${shortName(person)} (${ACTOR_TITLES[v.actor].toLowerCase()})`;
}

/** Russian order of names; one collator (String.localeCompare with a locale builds one per call: ~40× slower). */
const ru = new Intl.Collator('ru').compare;

/** Each distinct string's place in Russian order: the collator runs over the few distinct names, not over every pair. */
function ranks(values: Iterable<string>): Map<string, number> {
  return new Map([...new Set(values)].sort(ru).map((v, i) => [v, i]));
}

/**
 * Within a deadline: the longest late first, then by date, class and object. Only the first `limit` lines are put in
 * order (the page shows no more): each deadline's violations are sorted only while lines are still wanted.
 */
export function sortViolations(list: readonly Violation[], limit = Infinity): Violation[] {
  const byKind = new Map<Kind, Violation[]>(KINDS.map((k) => [k, []]));
  for (const v of list) byKind.get(v.kind)!.push(v);
  const out: Violation[] = [];
  for (const k of KINDS) {
    const items = byKind.get(k)!;
    if (items.length === 0) continue;
    if (out.length >= limit) { out.push(...items); continue; }
    const cls = ranks(items.map((v) => v.className ?? '')), obj = ranks(items.map((v) => v.object));
    const keyed = items.map((v) => ({ v, late: v.late ? lateDays(v.late) : 0, date: v.date ?? '', cls: cls.get(v.className ?? '')!, obj: obj.get(v.object)! }));
    keyed.sort((a, b) => b.late - a.late || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.cls - b.cls || a.obj - b.obj);
    for (const x of keyed) out.push(x.v);
  }
  return out;
}

export function listTable(list: readonly Violation[], names: ReadonlyMap<string, Person>): ReportTable {
  return {
    name: 'list', title: 'Нарушения',
    columns: [
      { key: 'deadline', title: 'Срок', kind: 'text' }, { key: 'what', title: 'Нарушение', kind: 'text' },
      { key: 'className', title: 'Класс', kind: 'text' }, { key: 'object', title: 'Урок, обучающийся, сотрудник', kind: 'text' },
      { key: 'date', title: 'Дата', kind: 'date' }, { key: 'due', title: 'Срок истёк', kind: 'date' },
      { key: 'late', title: 'Просрочка', kind: 'text' }, { key: 'lateDays', title: 'Дней', kind: 'int' },
      { key: 'who', title: 'Кто исправляет', kind: 'text' },
    ],
    rows: list.slice(0, LIST_LIMIT).map((v) => ({
      deadline: DEADLINES[v.kind].title, what: v.what, className: v.className, object: v.object, date: v.date, due: v.deadline,
      late: v.late ? lateText(v.late) : '', lateDays: v.late ? lateDays(v.late) : null, who: whoText(v, names),
    })),
  };
}
