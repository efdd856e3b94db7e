// Pure rules of the promotion decisions (решения о переводе и выпуске по итогам года): the decisions a class may take,
// the suggestion from a student's year marks, and the submitted form read into one order per decision. No I/O.
//
// The rule of the suggestion (year marks of the subjects the student studies in the class at the year's end):
// - a debt is a year mark «2», «1», «незач» or «н/а» (not certified) — academic debt [273-ФЗ, ст. 58];
// - grades 9 and 11: no debt → graduation; a debt → repeat year (not admitted to the state final exams), with a hint;
// - other grades (and a college group): no debt → promotion; a debt → conditional promotion with the debt's subjects;
// - the 1st grade gets no marks: promotion, and no «нет годовой отметки» warning;
// - a subject without a year mark does not change the suggestion, but warns «нет годовой отметки: …» (the deputy decides);
//   «нет годовых отметок» when none is set yet (before the year's end);
// - the subjects of a debt may only be those with an unsatisfactory year mark or none (debtCandidates).
import { addDays, parseDateInput, ruDate } from '../../web/dates.ts';
import type { OrderKind } from '../contingent/rules.ts';

export const DECISIONS = [
  'promotion', 'conditional_promotion', 'repeat_year', 'graduation', 'family_education',
] as const satisfies readonly OrderKind[];
export type Decision = (typeof DECISIONS)[number];
export const isDecision = (s: unknown): s is Decision => typeof s === 'string' && (DECISIONS as readonly string[]).includes(s);

/** «Отложить»: no decision now — the student stays undecided. */
export const LATER = 'later';

/** The choices of the decision select. */
export const DECISION_LABELS: Record<Decision, string> = {
  promotion: 'перевести в следующий класс',
  conditional_promotion: 'перевести условно',
  repeat_year: 'оставить на повторное обучение',
  graduation: 'выпустить',
  family_education: 'перевести на семейное образование',
};

/** The label of each order's number field: each decision is a separate order (приказ) with its own number. */
export const NUMBER_LABELS: Record<Decision, string> = {
  promotion: '№ приказа о переводе в следующий класс',
  conditional_promotion: '№ приказа об условном переводе',
  repeat_year: '№ приказа об оставлении на повторное обучение',
  graduation: '№ приказа о выпуске',
  family_education: '№ приказа о переводе на семейное образование',
};

export const isFinalGrade = (grade: number | null) => grade === 9 || grade === 11;

/** The decisions a class may take: the 9th and 11th graduate, the others are promoted. */
export function decisionsFor(grade: number | null): Decision[] {
  if (grade === null) return [...DECISIONS];
  if (isFinalGrade(grade)) return ['graduation', 'repeat_year', 'family_education'];
  return ['promotion', 'conditional_promotion', 'repeat_year', 'family_education'];
}

/** A student's year mark in a subject; value null: the subject is studied but has no year mark. */
export type YearMark = { subjectId: string; subject: string; short: string; value: string | null };

const DEBT_VALUES: ReadonlySet<string> = new Set(['2', '1', 'н/а', 'незач']);
export const isDebt = (value: string | null) => value !== null && DEBT_VALUES.has(value);

export type Suggestion = { decision: Decision; debts: YearMark[]; hint: string | null; warning: string | null };

const names = (marks: readonly YearMark[]) => marks.map((m) => m.subject).join(', ');

export function suggestDecision(grade: number | null, marks: readonly YearMark[]): Suggestion {
  const debts = marks.filter((m) => isDebt(m.value));
  const missing = grade === 1 ? [] : marks.filter((m) => m.value === null);
  const warning = missing.length === 0 ? null : missing.length === marks.length && marks.length > 1 ? 'нет годовых отметок'
    : `нет годовой отметки: ${names(missing)}`;
  if (isFinalGrade(grade)) {
    if (debts.length === 0) return { decision: 'graduation', debts, hint: null, warning };
    const hint = `академическая задолженность (${names(debts)}): не допускается к государственной итоговой аттестации — `
      + 'предложено оставить на повторное обучение';
    return { decision: 'repeat_year', debts, hint, warning };
  }
  if (debts.length) return { decision: 'conditional_promotion', debts, hint: null, warning };
  return { decision: 'promotion', debts, hint: null, warning };
}

/** The subjects that may be named as the academic debt: an unsatisfactory year mark, or none. */
export const debtCandidates = (marks: readonly YearMark[]) => marks.filter((m) => m.value === null || isDebt(m.value));

/** The reason kept on a conditional promotion's (or a repeat year's) order item. */
export const debtReason = (subjects: readonly string[]) => `Академическая задолженность: ${subjects.join(', ')}`;

// ── The submitted form ──

/** An undecided student of the class as the form showed them. */
export type FormRow = {
  studentId: string; name: string; options: readonly Decision[]; subjects: ReadonlyArray<{ id: string; name: string }>;
};
export type Choice = { decision: Decision | typeof LATER; debtIds: string[] };
export type PlannedOrder = { kind: Decision; number: string; items: Array<{ studentId: string; reason: string | null }> };
export type Plan = { date: string; effectiveOn: string; orders: PlannedOrder[] };
export type FormProblems = { fields: Record<string, string>; rows: Record<string, string>; problems: string[] };

const first = (v: unknown): string | undefined =>
  (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const all = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** The choices in a body: `d:<studentId>` (a decision or «later») and `debt:<studentId>` (subject ids, repeated). */
export function readChoices(body: Record<string, unknown>): Map<string, Choice | { decision: string; debtIds: string[] }> {
  const out = new Map<string, Choice | { decision: string; debtIds: string[] }>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^d:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(key);
    if (!m || out.size >= 1000) continue;
    out.set(m[1]!, { decision: (first(value) ?? '').slice(0, 40), debtIds: all(body[`debt:${m[1]}`]).slice(0, 50) });
  }
  return out;
}

export type FormFacts = {
  today: string;
  /** The last day of the class's last study period: decisions take effect after it. */
  lastStudyDay: string;
  rows: readonly FormRow[];
  /** Names of the students the body names who are not undecided rows (left the class, or decided meanwhile). */
  otherNames: ReadonlyMap<string, string>;
};

/** Reads and checks the form: the order's date, the effective date, a number per decision taken, the decisions. */
export function planOrders(body: Record<string, unknown>, facts: FormFacts): { ok: true; plan: Plan } | ({ ok: false } & FormProblems) {
  const fields: Record<string, string> = {};
  const rows: Record<string, string> = {};
  const problems: string[] = [];
  const date = parseDateInput(first(body.date) ?? '');
  const effectiveOn = parseDateInput(first(body.effectiveOn) ?? '');
  if (!date) fields.date = 'Введите дату приказов в виде ДД.ММ.ГГГГ.';
  else if (date > facts.today) fields.date = 'Дата приказа не может быть позже сегодняшнего дня.';
  if (!effectiveOn) fields.effectiveOn = 'Введите дату движения в виде ДД.ММ.ГГГГ.';
  else if (effectiveOn <= facts.lastStudyDay) {
    const earliest = ruDate(addDays(facts.lastStudyDay, 1));
    fields.effectiveOn = `Решения по итогам года вступают в силу после окончания учебных периодов: не раньше ${earliest}.`;
  }
  const choices = readChoices(body);
  const byId = new Map(facts.rows.map((r) => [r.studentId, r]));
  for (const id of choices.keys()) {
    if (byId.has(id)) continue;
    const who = facts.otherNames.get(id) ?? 'Обучающийся';
    problems.push(`${who} больше не ожидает решения в этом классе (выбыл(а) или решение уже принято): обновите страницу.`);
  }
  const items = new Map<Decision, PlannedOrder['items']>();
  for (const row of facts.rows) {
    const choice = choices.get(row.studentId);
    if (!choice || choice.decision === LATER) continue;
    if (!isDecision(choice.decision) || !row.options.includes(choice.decision)) {
      rows[row.studentId] = 'Выберите решение из списка.';
      continue;
    }
    const subjects = row.subjects.filter((s) => choice.debtIds.includes(s.id)).map((s) => s.name);
    if (choice.debtIds.some((id) => !row.subjects.some((s) => s.id === id))) {
      rows[row.studentId] = 'Отметьте предметы из списка.';
      continue;
    }
    if (choice.decision === 'conditional_promotion' && subjects.length === 0) {
      rows[row.studentId] = 'Отметьте предметы академической задолженности.';
      continue;
    }
    const withDebt = choice.decision === 'conditional_promotion' || choice.decision === 'repeat_year';
    const list = items.get(choice.decision) ?? [];
    list.push({ studentId: row.studentId, reason: withDebt && subjects.length ? debtReason(subjects) : null });
    items.set(choice.decision, list);
  }
  const orders = numberOrders(body, items, fields);
  if (orders.length === 0 && Object.keys(rows).length === 0 && problems.length === 0) {
    problems.push('Нет решений для проведения: выберите решение хотя бы для одного обучающегося.');
  }
  if (Object.keys(fields).length || Object.keys(rows).length || problems.length || !date || !effectiveOn) {
    return { ok: false, fields, rows, problems };
  }
  return { ok: true, plan: { date, effectiveOn, orders } };
}

/** One order per decision taken, in the order of DECISIONS; each needs its own number, none repeated. */
function numberOrders(
  body: Record<string, unknown>, items: Map<Decision, PlannedOrder['items']>, fields: Record<string, string>,
): PlannedOrder[] {
  const orders: PlannedOrder[] = [];
  const used = new Map<string, Decision>();
  for (const kind of DECISIONS) {
    const list = items.get(kind);
    if (!list) continue;
    const number = (first(body[`number:${kind}`]) ?? '').trim();
    const key = `number:${kind}`;
    if (!number) fields[key] = 'Введите номер приказа.';
    else if (number.length > 40) fields[key] = 'Номер приказа — не длиннее 40 символов.';
    else if (used.has(number.toLowerCase())) fields[key] = 'У каждого приказа свой номер: этот номер уже указан выше.';
    used.set(number.toLowerCase(), kind);
    orders.push({ kind, number, items: list });
  }
  return orders;
}
