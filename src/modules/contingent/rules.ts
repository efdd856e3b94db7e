// Pure rules of the contingent book (книга движения): order kinds, the membership fold, what may be posted or
// cancelled, and who may see what. No I/O: the service feeds these functions with facts read in its transaction.
import type { Role } from '../accounts/rules.ts';
import { addDays, ruDate } from '../../web/dates.ts';

export const ORDER_KINDS = [
  'enrolment', 'class_formation', 'withdrawal', 'transfer', 'promotion', 'conditional_promotion', 'repeat_year', 'graduation',
  'family_education',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export function isOrderKind(s: unknown): s is OrderKind {
  return typeof s === 'string' && (ORDER_KINDS as readonly string[]).includes(s);
}

export const KIND_TITLES: Record<OrderKind, string> = {
  enrolment: 'Зачисление',
  class_formation: 'Формирование 1-х и 10-х классов',
  withdrawal: 'Выбытие',
  transfer: 'Перевод в другой класс',
  promotion: 'Перевод в следующий класс',
  conditional_promotion: 'Условный перевод в следующий класс',
  repeat_year: 'Оставление на повторное обучение',
  graduation: 'Выпуск',
  family_education: 'Перевод на семейное образование',
};

/** The title an order gets when the secretary leaves it empty. */
export const DEFAULT_ORDER_TITLES: Record<OrderKind, string> = {
  enrolment: 'О зачислении обучающихся',
  class_formation: 'О формировании 1-х и 10-х классов',
  withdrawal: 'О выбытии обучающихся',
  transfer: 'О переводе обучающихся в другой класс',
  promotion: 'О переводе обучающихся в следующий класс',
  conditional_promotion: 'Об условном переводе обучающихся в следующий класс',
  repeat_year: 'Об оставлении обучающихся на повторное обучение',
  graduation: 'О выпуске обучающихся',
  family_education: 'О переводе обучающихся на семейное образование',
};

/** What an item does to the student's class: opens a membership, moves to another class, or closes it. */
export type KindEffect = 'open' | 'move' | 'close';
export const KIND_EFFECT: Record<OrderKind, KindEffect> = {
  enrolment: 'open', class_formation: 'open',
  transfer: 'move', promotion: 'move', conditional_promotion: 'move', repeat_year: 'move',
  withdrawal: 'close', graduation: 'close', family_education: 'close',
};

/** Which form the secretary fills: pick student cards, one student in a class, or a whole class. */
export type KindForm = 'pick' | 'single' | 'class';
export const KIND_FORM: Record<OrderKind, KindForm> = {
  enrolment: 'pick', class_formation: 'pick', withdrawal: 'single', transfer: 'single',
  promotion: 'class', conditional_promotion: 'class', repeat_year: 'class', graduation: 'class', family_education: 'class',
};

export const needsToClass = (kind: OrderKind) => KIND_EFFECT[kind] !== 'close';

/**
 * The year-change moves whose class of the next year may be left open: an item of these kinds without `toClassId` is
 * «awaiting placement» — the decision is taken before the next year exists. In the fold it closes the student's class
 * at its date (the student is in no class until placed); the year rollover later sets the class (placement.ts).
 */
export const PLACEABLE_KINDS: ReadonlySet<OrderKind> = new Set<OrderKind>(['promotion', 'conditional_promotion', 'repeat_year']);
export const isAwaitingPlacement = (m: { kind: string; toClassId: string | null }) =>
  m.toClassId === null && PLACEABLE_KINDS.has(m.kind as OrderKind);

export const AWAITING_PLACEMENT = 'класс будет назначен при переходе на новый год';

/**
 * How far after the order date its items may take effect. Orders of the year change are signed in summer for
 * 1 September (and first-grade enrolment from spring); other orders record an event of these days.
 */
export const EFFECTIVE_WINDOW_DAYS: Record<OrderKind, number> = {
  enrolment: 14, withdrawal: 14, transfer: 14,
  promotion: 183, conditional_promotion: 183, repeat_year: 183, graduation: 183, class_formation: 183, family_education: 183,
};

// ── The fold: posted items → dated class memberships ──

/** One posted item with what the fold needs from its order. */
export type Movement = {
  itemId: string;
  orderId: string;
  orderNumber: string;
  orderDate: string;
  /** The order's creation time (ms): breaks ties between items of the same effective date. */
  orderCreatedAt: number;
  kind: OrderKind;
  studentId: string;
  fromClassId: string | null;
  toClassId: string | null;
  effectiveOn: string;
};

/** In the class from startsOn (inclusive) until endsOn (exclusive; null = still). */
export type Membership = {
  studentId: string;
  classId: string;
  startsOn: string;
  endsOn: string | null;
  endKind: OrderKind | null;
  startItemId: string;
  endItemId: string | null;
};

export type FoldErrorCode = 'in_class' | 'not_in_class' | 'wrong_class' | 'same_class' | 'no_to_class';
export type FoldError = { code: FoldErrorCode; movement: Movement; currentClassId: string | null };
export type FoldResult = { memberships: Membership[] } | { error: FoldError };

export function compareMovements(a: Movement, b: Movement): number {
  if (a.effectiveOn !== b.effectiveOn) return a.effectiveOn < b.effectiveOn ? -1 : 1;
  if (a.orderCreatedAt !== b.orderCreatedAt) return a.orderCreatedAt - b.orderCreatedAt;
  if (a.orderId !== b.orderId) return a.orderId < b.orderId ? -1 : 1;
  return a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0;
}

/**
 * Replays posted items in order (effective date, then order creation) into class memberships.
 * Opening needs the student out of any class; moving and closing need them in the item's from-class (when given).
 * A year-change move awaiting placement (no class yet) closes the membership like a withdrawal, with its own kind.
 * The first inconsistency stops the fold with an error naming the item.
 */
export function foldMemberships(items: readonly Movement[]): FoldResult {
  const done: Membership[] = [];
  const open = new Map<string, Membership>();
  for (const m of [...items].sort(compareMovements)) {
    const current = open.get(m.studentId) ?? null;
    const effect = KIND_EFFECT[m.kind];
    const fail = (code: FoldErrorCode): FoldResult => ({ error: { code, movement: m, currentClassId: current?.classId ?? null } });
    if (effect === 'open') {
      if (current) return fail('in_class');
    } else {
      if (!current) return fail('not_in_class');
      if (m.fromClassId && m.fromClassId !== current.classId) return fail('wrong_class');
      if (effect === 'move' && m.toClassId === current.classId) return fail('same_class');
    }
    if (effect !== 'close' && !m.toClassId && !isAwaitingPlacement(m)) return fail('no_to_class');
    if (current) {
      done.push({ ...current, endsOn: m.effectiveOn, endKind: m.kind, endItemId: m.itemId });
      open.delete(m.studentId);
    }
    if (effect !== 'close' && m.toClassId) {
      open.set(m.studentId, {
        studentId: m.studentId, classId: m.toClassId!, startsOn: m.effectiveOn, endsOn: null, endKind: null, startItemId: m.itemId, endItemId: null,
      });
    }
  }
  const memberships = [...done, ...open.values()].sort((a, b) =>
    a.studentId === b.studentId ? (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0) : a.studentId < b.studentId ? -1 : 1);
  return { memberships };
}

export function isInClassOn(m: { startsOn: string; endsOn: string | null }, date: string): boolean {
  return m.startsOn <= date && (m.endsOn === null || m.endsOn > date);
}

/** The class a student is in on a date, from their memberships. */
export function classOn(memberships: readonly Membership[], studentId: string, date: string): string | null {
  return memberships.find((m) => m.studentId === studentId && isInClassOn(m, date))?.classId ?? null;
}

// ── Validation before posting ──

export type ClassFact = { id: string; name: string; grade: number | null; yearId: string; yearName: string; yearStartsOn: string; yearEndsOn: string };

export type ItemDraft = { studentId: string; fromClassId: string | null; toClassId: string | null; effectiveOn: string; reason: string | null };
export type OrderDraft = { kind: OrderKind; number: string; date: string; title: string | null; items: ItemDraft[] };

export type ValidationFacts = {
  today: string;
  /** Every class of the school (a class missing here is not this school's). */
  classes: ReadonlyMap<string, ClassFact>;
  studentNames: ReadonlyMap<string, string>;
  /** The posted movements of the students in the draft. */
  history: readonly Movement[];
};

/** Field messages (number, date, effectiveOn, toClassId, studentId, reason) and one line per student problem. */
export type OrderProblems = { fields: Record<string, string>; items: string[] };

export const orderRef = (m: { orderNumber: string; orderDate: string }) => `приказ № ${m.orderNumber} от ${ruDate(m.orderDate)}`;

const NEW_ORDER_AT = Number.MAX_SAFE_INTEGER;

export function validateOrder(draft: OrderDraft, facts: ValidationFacts): OrderProblems {
  const fields: Record<string, string> = {};
  const items: string[] = [];
  const set = (k: string, msg: string) => { fields[k] ??= msg; };
  if (draft.date > facts.today) set('date', 'Дата приказа не может быть позже сегодняшнего дня.');
  if (draft.items.length === 0) set('studentId', 'Выберите хотя бы одного обучающегося.');
  const seen = new Set<string>();
  for (const item of draft.items) {
    if (seen.has(item.studentId)) set('studentId', `${nameOf(facts, item.studentId)} указан(а) в приказе дважды.`);
    seen.add(item.studentId);
  }
  for (const item of draft.items) {
    const classProblem = checkClasses(draft.kind, item, facts);
    if (classProblem) set(classProblem.field, classProblem.message);
    const last = addDays(draft.date, EFFECTIVE_WINDOW_DAYS[draft.kind]);
    if (item.effectiveOn > last) {
      set('effectiveOn', `Дата движения может быть не позже ${ruDate(last)} (${EFFECTIVE_WINDOW_DAYS[draft.kind]} дн. после даты приказа).`);
    }
    if (draft.kind === 'withdrawal' && !item.reason) set('reason', 'Укажите, куда выбывает обучающийся (школа, город) или причину.');
  }
  if (Object.keys(fields).length > 0) return { fields, items };

  const newMovements = draft.items.map((it, i): Movement => ({
    itemId: `new-${i}`, orderId: 'new', orderNumber: draft.number, orderDate: draft.date, orderCreatedAt: NEW_ORDER_AT,
    kind: draft.kind, studentId: it.studentId, fromClassId: it.fromClassId, toClassId: it.toClassId, effectiveOn: it.effectiveOn,
  }));
  for (const m of newMovements) {
    const own = facts.history.filter((h) => h.studentId === m.studentId);
    const later = own.filter((h) => h.effectiveOn > m.effectiveOn).sort(compareMovements).at(-1);
    if (later) {
      items.push(`${nameOf(facts, m.studentId)}: у обучающегося есть движение позже этой даты: ${orderRef(later)} (с ${ruDate(later.effectiveOn)}).`);
      continue;
    }
    const folded = foldMemberships([...own, m]);
    if ('error' in folded) items.push(foldErrorMessage(folded.error, facts));
  }
  return { fields, items };
}

function nameOf(facts: { studentNames: ReadonlyMap<string, string> }, id: string): string {
  return facts.studentNames.get(id) ?? 'Обучающийся';
}

function checkClasses(kind: OrderKind, item: ItemDraft, facts: ValidationFacts): { field: string; message: string } | null {
  if (!needsToClass(kind)) return null;
  if (!item.toClassId) return PLACEABLE_KINDS.has(kind) ? null : { field: 'toClassId', message: 'Выберите класс.' };
  const to = facts.classes.get(item.toClassId);
  if (!to) return { field: 'toClassId', message: 'Выберите класс из списка.' };
  if (item.effectiveOn < to.yearStartsOn || item.effectiveOn > to.yearEndsOn) {
    return { field: 'effectiveOn', message: `Дата движения вне учебного года ${to.yearName} класса ${to.name} (${ruDate(to.yearStartsOn)}–${ruDate(to.yearEndsOn)}).` };
  }
  if (kind === 'class_formation') {
    return to.grade === null || to.grade === 1 || to.grade === 10 ? null : { field: 'toClassId', message: 'Приказ о формировании — только для 1-х и 10-х классов; в другие классы — приказ о зачислении.' };
  }
  const from = item.fromClassId ? facts.classes.get(item.fromClassId) : undefined;
  if (!from || KIND_EFFECT[kind] !== 'move') return null;
  return checkTarget(kind, from, to);
}

/** The target class of a move against the class left: same year for a transfer, a later year for the year change. */
export function checkTarget(kind: OrderKind, from: ClassFact, to: ClassFact): { field: string; message: string } | null {
  const bad = (message: string) => ({ field: 'toClassId', message });
  if (kind === 'transfer') {
    if (to.yearId !== from.yearId) return bad('Перевод в другой класс — только в пределах учебного года; для перехода в следующий год выберите перевод в следующий класс.');
    return null;
  }
  if (to.yearStartsOn <= from.yearStartsOn) return bad(`Выберите класс следующего учебного года (сейчас ${from.name} — ${from.yearName}).`);
  if (from.grade === null || to.grade === null) return null;
  const expected = kind === 'repeat_year' ? from.grade : from.grade + 1;
  if (to.grade !== expected) {
    return bad(kind === 'repeat_year'
      ? `При оставлении на повторное обучение класс остаётся ${from.grade}-м.`
      : `Из ${from.grade}-го класса переводят в ${from.grade + 1}-й.`);
  }
  return null;
}

/** A Russian sentence for a fold error met while posting (the movement is usually the new one). */
export function foldErrorMessage(e: FoldError, facts: { classes: ReadonlyMap<string, ClassFact>; studentNames: ReadonlyMap<string, string> }): string {
  const who = nameOf(facts, e.movement.studentId);
  const on = ruDate(e.movement.effectiveOn);
  const cls = (id: string | null) => (id ? facts.classes.get(id)?.name ?? 'другом классе' : '');
  const where = e.movement.orderId === 'new' ? '' : ` (${orderRef(e.movement)})`;
  switch (e.code) {
    case 'in_class': return `${who} на ${on} уже состоит в классе ${cls(e.currentClassId)}${where}: сначала нужен приказ о выбытии или переводе.`;
    case 'not_in_class': return `${who} на ${on} не состоит ни в одном классе${where}.`;
    case 'wrong_class': return `${who} на ${on} состоит в классе ${cls(e.currentClassId)}, а не в ${cls(e.movement.fromClassId)}${where}.`;
    case 'same_class': return `${who} уже в классе ${cls(e.currentClassId)}${where}.`;
    case 'no_to_class': return `${who}: не указан класс${where}.`;
  }
}

/** Why an order cannot be cancelled: the later order that relies on it. */
export function cancelRefusal(e: FoldError, studentNames: ReadonlyMap<string, string>): string {
  return `Приказ нельзя отменить: на него опирается ${orderRef(e.movement)} (${nameOf({ studentNames }, e.movement.studentId)}). `
    + 'Сначала отмените более поздний приказ.';
}

// ── How the class list describes a student who left ──

export type LeftFacts = { endKind: string | null; endsOn: string | null; toClassName: string | null; reason: string | null };

export function leftNote(f: LeftFacts): string {
  const on = ruDate(f.endsOn);
  const to = f.toClassName ? ` в ${f.toClassName}` : '';
  switch (f.endKind) {
    case 'withdrawal': return `выбыл(а) ${on}${f.reason ? ` (${f.reason})` : ''}`;
    case 'transfer': return `переведён(а)${to} ${on}`;
    case 'promotion': return `переведён(а)${to} ${on}${pending(f)}`;
    case 'conditional_promotion': return `условно переведён(а)${to} ${on}${pending(f)}`;
    case 'repeat_year': return `оставлен(а) на повторное обучение${to} ${on}${pending(f)}`;
    case 'graduation': return `выпущен(а) ${on}`;
    case 'family_education': return `переведён(а) на семейное образование ${on}`;
    default: return `выбыл(а) ${on}`;
  }
}

const pending = (f: LeftFacts) => (f.toClassName ? '' : ` (${AWAITING_PLACEMENT})`);

// ── Who may do what ──

const hasAny = (roles: readonly Role[], of: readonly Role[]) => roles.some((r) => of.includes(r));

/** Only the secretary posts and cancels orders [001 §10.1]. */
export const canPostOrders = (roles: readonly Role[]) => roles.includes('secretary');

/** The secretary keeps the book; the admin and the deputy read it [001 §10.3]. */
export const readsWholeBook = (roles: readonly Role[]) => hasAny(roles, ['secretary', 'admin', 'deputy']);

/** A class list: the whole book's readers, or the class teacher of this very class. */
export function canReadClassList(actor: { roles: readonly Role[]; staffId: string | null }, cls: { classTeacherId: string | null }): boolean {
  if (readsWholeBook(actor.roles)) return true;
  return actor.roles.includes('classTeacher') && actor.staffId !== null && cls.classTeacherId === actor.staffId;
}
