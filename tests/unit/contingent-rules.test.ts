import { describe, expect, it } from 'vitest';
import {
  canPostOrders, canReadClassList, checkTarget, classOn, foldMemberships, leftNote, readsWholeBook, validateOrder,
  type ClassFact, type Membership, type Movement, type OrderDraft, type OrderKind, type ValidationFacts,
} from '../../src/modules/contingent/rules.ts';

// ── A small world: 2026/2027 with 5А, 5Б, 1А, 10А; 2027/2028 with 6А, 5В (a repeat class) ──
const Y1 = { yearId: 'y1', yearName: '2026/2027', yearStartsOn: '2026-09-01', yearEndsOn: '2027-05-31' };
const Y2 = { yearId: 'y2', yearName: '2027/2028', yearStartsOn: '2027-09-01', yearEndsOn: '2028-05-31' };
const cls = (id: string, grade: number | null, y: typeof Y1): ClassFact => ({ id, name: id, grade, ...y });
const CLASSES = new Map<string, ClassFact>([
  cls('5А', 5, Y1), cls('5Б', 5, Y1), cls('1А', 1, Y1), cls('10А', 10, Y1), cls('6А', 6, Y2), cls('5В', 5, Y2), cls('7А', 7, Y2),
].map((c) => [c.id, c]));

let seq = 0;
/** A posted movement; `at` orders items of one effective date (the order's creation). */
function mv(kind: OrderKind, effectiveOn: string, to: string | null, from: string | null = null, extra: Partial<Movement> = {}): Movement {
  seq += 1;
  return {
    itemId: `i${seq}`, orderId: `o${seq}`, orderNumber: `${seq}-К`, orderDate: effectiveOn, orderCreatedAt: seq,
    kind, studentId: 'ann', fromClassId: from, toClassId: to, effectiveOn, ...extra,
  };
}
const spans = (ms: Membership[]) => ms.map((m) => `${m.classId} ${m.startsOn}..${m.endsOn ?? ''} ${m.endKind ?? ''}`.trim());

describe('foldMemberships', () => {
  it.each([
    { name: 'nothing', items: [], spans: [] },
    { name: 'enrolment opens', items: [mv('enrolment', '2026-09-01', '5А')], spans: ['5А 2026-09-01..'] },
    { name: 'class formation opens like enrolment', items: [mv('class_formation', '2026-09-01', '1А')], spans: ['1А 2026-09-01..'] },
    {
      name: 'transfer closes at D and opens at D',
      items: [mv('enrolment', '2026-09-01', '5Б'), mv('transfer', '2026-10-05', '5А', '5Б')],
      spans: ['5Б 2026-09-01..2026-10-05 transfer', '5А 2026-10-05..'],
    },
    {
      name: 'withdrawal closes with its kind',
      items: [mv('enrolment', '2026-09-01', '5А'), mv('withdrawal', '2026-11-12', null, '5А')],
      spans: ['5А 2026-09-01..2026-11-12 withdrawal'],
    },
    {
      name: 'promotion chain with repeat year and graduation',
      items: [
        mv('enrolment', '2026-09-01', '5А'), mv('promotion', '2027-09-01', '6А', '5А'),
        mv('repeat_year', '2028-09-01', '6Б'), mv('conditional_promotion', '2029-09-01', '7А'), mv('graduation', '2030-06-25', null),
      ],
      spans: [
        '5А 2026-09-01..2027-09-01 promotion', '6А 2027-09-01..2028-09-01 repeat_year', '6Б 2028-09-01..2029-09-01 conditional_promotion',
        '7А 2029-09-01..2030-06-25 graduation',
      ],
    },
    {
      name: 'withdrawn and enrolled again',
      items: [mv('enrolment', '2026-09-01', '5А'), mv('withdrawal', '2026-10-01', null), mv('enrolment', '2026-12-01', '5Б')],
      spans: ['5А 2026-09-01..2026-10-01 withdrawal', '5Б 2026-12-01..'],
    },
    {
      name: 'input order does not matter: sorted by effective date',
      items: [mv('withdrawal', '2026-11-12', null), mv('transfer', '2026-10-05', '5А'), mv('enrolment', '2026-09-01', '5Б')],
      spans: ['5Б 2026-09-01..2026-10-05 transfer', '5А 2026-10-05..2026-11-12 withdrawal'],
    },
    {
      name: 'same effective date: the order created first comes first',
      items: [mv('withdrawal', '2026-09-01', null, null, { orderCreatedAt: 900 }), mv('enrolment', '2026-09-01', '5А', null, { orderCreatedAt: 100 })],
      spans: ['5А 2026-09-01..2026-09-01 withdrawal'],
    },
  ])('$name', ({ items, spans: expected }) => {
    const result = foldMemberships(items);
    expect('memberships' in result && spans(result.memberships)).toEqual(expected);
  });

  it.each([
    {
      name: 'a promotion awaiting placement closes the class with its kind',
      items: [mv('enrolment', '2026-09-01', '5А'), mv('promotion', '2027-09-01', null, '5А')],
      spans: ['5А 2026-09-01..2027-09-01 promotion'],
    },
    {
      name: 'conditional promotion and repeat year awaiting placement, too',
      items: [mv('enrolment', '2026-09-01', '5А'), mv('conditional_promotion', '2027-09-01', null, '5А'),
        mv('enrolment', '2026-09-01', '5Б', null, { studentId: 'bob' }), mv('repeat_year', '2027-09-01', null, '5Б', { studentId: 'bob' })],
      spans: ['5А 2026-09-01..2027-09-01 conditional_promotion', '5Б 2026-09-01..2027-09-01 repeat_year'],
    },
    {
      name: 'an awaiting student may be enrolled again (the pending state is a closed membership)',
      items: [mv('enrolment', '2026-09-01', '5А'), mv('promotion', '2027-09-01', null, '5А'), mv('enrolment', '2027-09-02', '6А')],
      spans: ['5А 2026-09-01..2027-09-01 promotion', '6А 2027-09-02..'],
    },
    {
      name: 'placed later: the same item with its class moves the student',
      items: [mv('enrolment', '2026-09-01', '5А'), mv('promotion', '2027-09-01', '6А', '5А')],
      spans: ['5А 2026-09-01..2027-09-01 promotion', '6А 2027-09-01..'],
    },
    {
      name: 'family education closes the class',
      items: [mv('enrolment', '2026-09-01', '5А'), mv('family_education', '2027-09-01', null, '5А')],
      spans: ['5А 2026-09-01..2027-09-01 family_education'],
    },
  ])('$name', ({ items, spans: expected }) => {
    const result = foldMemberships(items);
    expect('memberships' in result && spans(result.memberships)).toEqual(expected);
  });

  it.each([
    { name: 'a transfer without a class', items: [mv('enrolment', '2026-09-01', '5А'), mv('transfer', '2026-10-01', null)], code: 'no_to_class' },
    { name: 'a withdrawal after an awaiting promotion', items: [mv('enrolment', '2026-09-01', '5А'), mv('promotion', '2027-09-01', null), mv('withdrawal', '2027-09-10', null)], code: 'not_in_class' },
  ])('refuses $name', ({ items, code }) => {
    const result = foldMemberships(items);
    expect('error' in result && result.error.code).toBe(code);
  });

  it('keeps the item ids that opened and closed each membership', () => {
    const e = mv('enrolment', '2026-09-01', '5Б');
    const t = mv('transfer', '2026-10-05', '5А', '5Б');
    const result = foldMemberships([e, t]);
    if (!('memberships' in result)) throw new Error('expected memberships');
    expect(result.memberships).toEqual([
      { studentId: 'ann', classId: '5Б', startsOn: '2026-09-01', endsOn: '2026-10-05', endKind: 'transfer', startItemId: e.itemId, endItemId: t.itemId },
      { studentId: 'ann', classId: '5А', startsOn: '2026-10-05', endsOn: null, endKind: null, startItemId: t.itemId, endItemId: null },
    ]);
  });

  it('folds several students independently', () => {
    const result = foldMemberships([
      mv('enrolment', '2026-09-01', '5А', null, { studentId: 'bob' }), mv('enrolment', '2026-09-01', '5А'),
      mv('withdrawal', '2026-11-12', null, '5А', { studentId: 'bob' }),
    ]);
    if (!('memberships' in result)) throw new Error('expected memberships');
    expect(result.memberships.map((m) => `${m.studentId} ${m.endsOn}`)).toEqual(['ann null', 'bob 2026-11-12']);
    expect(classOn(result.memberships, 'bob', '2026-11-11')).toBe('5А');
    expect(classOn(result.memberships, 'bob', '2026-11-12')).toBeNull();
    expect(classOn(result.memberships, 'ann', '2026-08-31')).toBeNull();
  });

  it.each([
    { name: 'enrolment while in a class', items: [mv('enrolment', '2026-09-01', '5А'), mv('enrolment', '2026-10-01', '5Б')], code: 'in_class', current: '5А' },
    { name: 'withdrawal of nobody', items: [mv('withdrawal', '2026-10-01', null)], code: 'not_in_class', current: null },
    { name: 'transfer before enrolment', items: [mv('transfer', '2026-08-01', '5А'), mv('enrolment', '2026-09-01', '5Б')], code: 'not_in_class', current: null },
    { name: 'leaving a class the student is not in', items: [mv('enrolment', '2026-09-01', '5Б'), mv('withdrawal', '2026-10-01', null, '5А')], code: 'wrong_class', current: '5Б' },
    { name: 'transfer into the same class', items: [mv('enrolment', '2026-09-01', '5А'), mv('transfer', '2026-10-01', '5А')], code: 'same_class', current: '5А' },
    { name: 'opening without a class', items: [mv('enrolment', '2026-09-01', null)], code: 'no_to_class', current: null },
    { name: 'after graduation', items: [mv('enrolment', '2026-09-01', '10А'), mv('graduation', '2027-06-25', null), mv('promotion', '2027-09-01', '6А')], code: 'not_in_class', current: null },
  ])('refuses $name', ({ items, code, current }) => {
    const result = foldMemberships(items);
    expect('error' in result && { code: result.error.code, current: result.error.currentClassId }).toEqual({ code, current });
  });

  describe('cancellation rebuild: the history without the cancelled order', () => {
    const enrol = mv('enrolment', '2026-09-01', '5Б');
    const transfer = mv('transfer', '2026-10-05', '5А', '5Б');
    const withdrawal = mv('withdrawal', '2026-11-12', null, '5А');
    const again = mv('enrolment', '2026-11-20', '5Б');
    const all = [enrol, transfer, withdrawal, again];
    it.each([
      { cancel: again, result: ['5Б 2026-09-01..2026-10-05 transfer', '5А 2026-10-05..2026-11-12 withdrawal'] },
      { cancel: enrol, result: `not_in_class at ${transfer.itemId}` },
      { cancel: transfer, result: `wrong_class at ${withdrawal.itemId}` },
      { cancel: withdrawal, result: `in_class at ${again.itemId}` },
    ])('cancelling $cancel.kind of $cancel.effectiveOn', ({ cancel, result }) => {
      const folded = foldMemberships(all.filter((m) => m.orderId !== cancel.orderId));
      expect('memberships' in folded ? spans(folded.memberships) : `${folded.error.code} at ${folded.error.movement.itemId}`).toEqual(result);
    });
  });

  it('names the failing item (the later order that relied on a cancelled one)', () => {
    const enrol = mv('enrolment', '2026-09-01', '5Б');
    const transfer = mv('transfer', '2026-10-05', '5А', '5Б');
    const withdrawal = mv('withdrawal', '2026-11-12', null, '5А');
    expect('memberships' in foldMemberships([enrol, transfer, withdrawal])).toBe(true);
    const without = foldMemberships([enrol, withdrawal]); // the transfer cancelled
    expect('error' in without && without.error.movement.itemId).toBe(withdrawal.itemId);
    const noEnrolment = foldMemberships([transfer]);
    expect('error' in noEnrolment && noEnrolment.error.code).toBe('not_in_class');
  });

  it('reproduces the initial contingent (one enrolment per student)', () => {
    const items = ['a', 'b', 'c'].map((s) => mv('enrolment', '2026-09-01', '5А', null, { studentId: s, orderId: 'init', orderCreatedAt: 1 }));
    const result = foldMemberships(items);
    if (!('memberships' in result)) throw new Error('expected memberships');
    expect(result.memberships).toEqual(items.map((i) => ({
      studentId: i.studentId, classId: '5А', startsOn: '2026-09-01', endsOn: null, endKind: null, startItemId: i.itemId, endItemId: null,
    })));
  });
});

// ── validateOrder ──

const NAMES = new Map([['ann', 'Алексеева Анна'], ['bob', 'Борисов Борис']]);
const HISTORY: Movement[] = [
  mv('enrolment', '2026-09-01', '5А', null, { orderNumber: '1-К', orderDate: '2026-09-01' }),
  mv('enrolment', '2026-09-01', '5Б', null, { studentId: 'bob', orderNumber: '1-К', orderDate: '2026-09-01' }),
];
const facts = (history: Movement[] = HISTORY, today = '2026-11-22'): ValidationFacts => ({ today, classes: CLASSES, studentNames: NAMES, history });
/** A summer day of the year change: the promotion orders are signed now. */
const AUGUST = '2027-08-31';
function draft(kind: OrderKind, item: Partial<OrderDraft['items'][number]> = {}, head: Partial<OrderDraft> = {}): OrderDraft {
  return {
    kind, number: '150-К', date: '2026-11-20', title: null,
    items: [{ studentId: 'ann', fromClassId: null, toClassId: null, effectiveOn: '2026-11-20', reason: null, ...item }], ...head,
  };
}

describe('validateOrder', () => {
  it.each([
    { name: 'a withdrawal with a destination', d: draft('withdrawal', { fromClassId: '5А', reason: 'выбыла в СОШ № 7 г. Тулы' }) },
    { name: 'a transfer to a parallel class', d: draft('transfer', { fromClassId: '5А', toClassId: '5Б' }) },
    { name: 'a promotion dated in August, effective 1 September', d: draft('promotion', { fromClassId: '5А', toClassId: '6А', effectiveOn: '2027-09-01' }, { date: '2027-08-30' }), today: AUGUST },
    { name: 'a promotion signed in May for 1 September', d: draft('promotion', { fromClassId: '5А', toClassId: '6А', effectiveOn: '2027-09-01' }, { date: '2027-05-25' }), today: AUGUST },
    { name: 'repeat year: the same grade next year', d: draft('repeat_year', { fromClassId: '5А', toClassId: '5В', effectiveOn: '2027-09-01' }, { date: '2027-08-30' }), today: AUGUST },
    { name: 'graduation after the year ends', d: draft('graduation', { fromClassId: '5А', effectiveOn: '2027-06-25' }, { date: '2027-06-20' }), today: AUGUST },
    { name: 'an enrolment after a withdrawal', d: draft('enrolment', { toClassId: '5Б', effectiveOn: '2026-11-21' }), history: [...HISTORY, mv('withdrawal', '2026-11-12', null)] },
    { name: 'a movement on the same day as the last one', d: draft('withdrawal', { reason: 'переезд', effectiveOn: '2026-09-01' }) },
    { name: 'class formation of a 1st class', d: draft('class_formation', { toClassId: '1А', effectiveOn: '2026-09-01' }), history: [] },
    { name: 'a promotion awaiting placement (no class of the next year yet)', d: draft('promotion', { fromClassId: '5А', effectiveOn: '2027-09-01' }, { date: '2027-08-30' }), today: AUGUST },
    { name: 'a repeat year awaiting placement', d: draft('repeat_year', { fromClassId: '5А', effectiveOn: '2027-09-01' }, { date: '2027-08-30' }), today: AUGUST },
    { name: 'family education after the year', d: draft('family_education', { fromClassId: '5А', effectiveOn: '2027-09-01' }, { date: '2027-08-30' }), today: AUGUST },
  ])('accepts $name', ({ d, history, today }) => {
    expect(validateOrder(d, facts(history, today))).toEqual({ fields: {}, items: [] });
  });

  it.each([
    { name: 'an order dated tomorrow', d: draft('withdrawal', { reason: 'x' }, { date: '2026-11-23' }), field: 'date', msg: /позже сегодняшнего/ },
    { name: 'no students', d: { ...draft('withdrawal'), items: [] }, field: 'studentId', msg: /хотя бы одного/ },
    { name: 'the same student twice', d: { ...draft('withdrawal', { reason: 'x' }), items: [...draft('withdrawal', { reason: 'x' }).items, ...draft('withdrawal', { reason: 'x' }).items] }, field: 'studentId', msg: /Алексеева Анна указан\(а\) в приказе дважды/ },
    { name: 'a transfer without a class', d: draft('transfer'), field: 'toClassId', msg: /Выберите класс/ },
    { name: 'a class of another school', d: draft('transfer', { toClassId: 'elsewhere' }), field: 'toClassId', msg: /из списка/ },
    { name: 'an enrolment outside the class year', d: draft('enrolment', { toClassId: '6А', effectiveOn: '2026-11-20' }), field: 'effectiveOn', msg: /вне учебного года 2027\/2028/ },
    { name: 'a transfer effective far later than the order', d: draft('transfer', { toClassId: '5Б', effectiveOn: '2026-12-15' }), field: 'effectiveOn', msg: /не позже 04\.12\.2026/ },
    { name: 'a promotion more than half a year ahead', d: draft('promotion', { fromClassId: '5А', toClassId: '6А', effectiveOn: '2027-09-01' }, { date: '2026-11-20' }), field: 'effectiveOn', msg: /не позже 22\.05\.2027 \(183 дн/ },
    { name: 'a transfer into next year', d: draft('transfer', { fromClassId: '5А', toClassId: '6А', effectiveOn: '2027-09-01' }), field: 'toClassId', msg: /в пределах учебного года/ },
    { name: 'a promotion within the same year', d: draft('promotion', { fromClassId: '5А', toClassId: '5Б' }), field: 'toClassId', msg: /следующего учебного года/ },
    { name: 'a promotion skipping a grade', d: draft('promotion', { fromClassId: '5А', toClassId: '7А', effectiveOn: '2027-09-01' }), field: 'toClassId', msg: /Из 5-го класса переводят в 6-й/ },
    { name: 'repeat year into the next grade', d: draft('repeat_year', { fromClassId: '5А', toClassId: '6А', effectiveOn: '2027-09-01' }), field: 'toClassId', msg: /остаётся 5-м/ },
    { name: 'class formation of a 5th class', d: draft('class_formation', { toClassId: '5Б' }), field: 'toClassId', msg: /только для 1-х и 10-х/ },
    { name: 'a withdrawal without a destination', d: draft('withdrawal', { fromClassId: '5А' }), field: 'reason', msg: /куда выбывает/ },
  ])('refuses $name', ({ d, field, msg }) => {
    const problems = validateOrder(d, facts());
    expect(problems.fields[field]).toMatch(msg);
  });

  it.each([
    { name: 'enrolling a student already in a class', d: draft('enrolment', { toClassId: '5Б' }), msg: 'Алексеева Анна на 20.11.2026 уже состоит в классе 5А: сначала нужен приказ о выбытии или переводе.' },
    { name: 'withdrawing from a class the student is not in', d: draft('withdrawal', { fromClassId: '5Б', reason: 'x' }), msg: 'Алексеева Анна на 20.11.2026 состоит в классе 5А, а не в 5Б.' },
    { name: 'withdrawing before the enrolment', d: draft('withdrawal', { reason: 'x', effectiveOn: '2026-08-20' }), msg: 'Алексеева Анна: у обучающегося есть движение позже этой даты: приказ № 1-К от 01.09.2026 (с 01.09.2026).' },
    { name: 'a transfer into the class the student is in', d: draft('transfer', { fromClassId: '5А', toClassId: '5А' }), msg: 'Алексеева Анна уже в классе 5А.' },
    { name: 'a withdrawal of a student who left already', d: draft('withdrawal', { reason: 'x' }), history: [HISTORY[0]!, mv('withdrawal', '2026-10-01', null, null, { orderNumber: '77-К', orderDate: '2026-10-01' })], msg: 'Алексеева Анна на 20.11.2026 не состоит ни в одном классе.' },
  ])('refuses $name with a sentence', ({ d, history, msg }) => {
    expect(validateOrder(d, facts(history)).items).toEqual([msg]);
  });

  it('refuses back-dating before the latest movement and names that order', () => {
    const history = [...HISTORY, mv('transfer', '2026-11-16', '5Б', '5А', { orderNumber: '142-К', orderDate: '2026-11-16' }), mv('transfer', '2026-10-05', '5А', null, { orderNumber: '124-К' })];
    const problems = validateOrder(draft('withdrawal', { reason: 'x', effectiveOn: '2026-11-12' }), facts(history));
    expect(problems.items).toEqual(['Алексеева Анна: у обучающегося есть движение позже этой даты: приказ № 142-К от 16.11.2026 (с 16.11.2026).']);
  });

  it('reports each student of a class order separately', () => {
    const d: OrderDraft = { ...draft('promotion'), date: '2027-08-30', items: ['ann', 'bob'].map((s) => ({ studentId: s, fromClassId: '5А', toClassId: '6А', effectiveOn: '2027-09-01', reason: null })) };
    expect(validateOrder(d, facts(HISTORY, AUGUST))).toEqual({ fields: {}, items: ['Борисов Борис на 01.09.2027 состоит в классе 5Б, а не в 5А.'] });
  });
});

describe('checkTarget', () => {
  const c = (id: string) => CLASSES.get(id)!;
  it.each([
    ['transfer', '5А', '5Б', null], ['transfer', '5А', '6А', 'toClassId'],
    ['promotion', '5А', '6А', null], ['promotion', '5А', '5В', 'toClassId'], ['promotion', '5А', '7А', 'toClassId'],
    ['conditional_promotion', '5А', '6А', null], ['repeat_year', '5А', '5В', null], ['repeat_year', '5А', '6А', 'toClassId'],
  ] as const)('%s %s → %s', (kind, from, to, field) => {
    expect(checkTarget(kind, c(from), c(to))?.field ?? null).toBe(field);
  });
});

describe('leftNote', () => {
  it.each([
    [{ endKind: 'withdrawal', endsOn: '2026-11-12', toClassName: null, reason: 'выбыл в МБОУ СОШ № 7 г. Тулы' }, 'выбыл(а) 12.11.2026 (выбыл в МБОУ СОШ № 7 г. Тулы)'],
    [{ endKind: 'withdrawal', endsOn: '2026-11-12', toClassName: null, reason: null }, 'выбыл(а) 12.11.2026'],
    [{ endKind: 'transfer', endsOn: '2026-10-05', toClassName: '5Б', reason: 'по заявлению' }, 'переведён(а) в 5Б 05.10.2026'],
    [{ endKind: 'conditional_promotion', endsOn: '2027-09-01', toClassName: '6А', reason: null }, 'условно переведён(а) в 6А 01.09.2027'],
    [{ endKind: 'graduation', endsOn: '2027-06-25', toClassName: null, reason: null }, 'выпущен(а) 25.06.2027'],
    [{ endKind: 'promotion', endsOn: '2027-09-01', toClassName: null, reason: null }, 'переведён(а) 01.09.2027 (класс будет назначен при переходе на новый год)'],
    [{ endKind: 'repeat_year', endsOn: '2027-09-01', toClassName: null, reason: null }, 'оставлен(а) на повторное обучение 01.09.2027 (класс будет назначен при переходе на новый год)'],
    [{ endKind: 'family_education', endsOn: '2027-09-01', toClassName: null, reason: null }, 'переведён(а) на семейное образование 01.09.2027'],
  ])('%j', (facts, text) => {
    expect(leftNote(facts)).toBe(text);
  });
});

describe('who may do what', () => {
  it.each([
    [['secretary'], true, true], [['admin'], false, true], [['deputy', 'teacher'], false, true],
    [['teacher'], false, false], [['teacher', 'classTeacher'], false, false], [['parent'], false, false], [['student'], false, false],
  ] as const)('%j posts: %s, reads the book: %s', (roles, posts, reads) => {
    expect(canPostOrders(roles)).toBe(posts);
    expect(readsWholeBook(roles)).toBe(reads);
  });

  it.each([
    { roles: ['teacher', 'classTeacher'], staffId: 'st1', teacherOf: 'st1', ok: true },
    { roles: ['teacher', 'classTeacher'], staffId: 'st1', teacherOf: 'st2', ok: false },
    { roles: ['teacher', 'classTeacher'], staffId: null, teacherOf: null, ok: false },
    { roles: ['teacher'], staffId: 'st1', teacherOf: 'st1', ok: false },
    { roles: ['deputy'], staffId: 'st9', teacherOf: 'st1', ok: true },
    { roles: ['secretary'], staffId: null, teacherOf: null, ok: true },
  ] as const)('class list: $roles of $teacherOf → $ok', ({ roles, staffId, teacherOf, ok }) => {
    expect(canReadClassList({ roles, staffId }, { classTeacherId: teacherOf })).toBe(ok);
  });
});
