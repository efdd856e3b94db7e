import { describe, expect, it } from 'vitest';
import {
  debtCandidates, debtReason, decisionsFor, planOrders, suggestDecision, type FormFacts, type YearMark,
} from '../../src/modules/year/promotion-rules.ts';

const mark = (subject: string, value: string | null): YearMark => ({ subjectId: subject, subject, short: subject.slice(0, 4), value });
const GOOD = [mark('Математика', '5'), mark('Русский язык', '4'), mark('Физкультура', 'зач'), mark('Музыка', 'осв')];

describe('suggestDecision', () => {
  it.each([
    { name: 'grade 5 without debt', grade: 5, marks: GOOD, decision: 'promotion', debts: [], warning: null },
    { name: 'grade 10 without debt', grade: 10, marks: GOOD, decision: 'promotion', debts: [], warning: null },
    { name: 'a «2»', grade: 5, marks: [...GOOD, mark('Физика', '2')], decision: 'conditional_promotion', debts: ['Физика'], warning: null },
    { name: 'a «1» and «н/а»', grade: 7, marks: [mark('Математика', '1'), mark('Химия', 'н/а'), mark('Биология', '3')], decision: 'conditional_promotion', debts: ['Математика', 'Химия'], warning: null },
    { name: '«незач» is a debt', grade: 6, marks: [mark('Физкультура', 'незач')], decision: 'conditional_promotion', debts: ['Физкультура'], warning: null },
    { name: 'grade 9 without debt graduates', grade: 9, marks: GOOD, decision: 'graduation', debts: [], warning: null },
    { name: 'grade 11 without debt graduates', grade: 11, marks: GOOD, decision: 'graduation', debts: [], warning: null },
    { name: 'grade 9 with a debt repeats the year', grade: 9, marks: [...GOOD, mark('Химия', '2')], decision: 'repeat_year', debts: ['Химия'], warning: null },
    { name: 'grade 11 with «н/а» repeats the year', grade: 11, marks: [mark('Физика', 'н/а')], decision: 'repeat_year', debts: ['Физика'], warning: null },
    { name: '1st grade without marks', grade: 1, marks: [mark('Математика', null), mark('Чтение', null)], decision: 'promotion', debts: [], warning: null },
    { name: 'a missing year mark warns', grade: 5, marks: [mark('Математика', '4'), mark('История', null), mark('Физика', null)], decision: 'promotion', debts: [], warning: 'нет годовой отметки: История, Физика' },
    { name: 'no year mark yet at all', grade: 6, marks: [mark('Математика', null), mark('История', null)], decision: 'promotion', debts: [], warning: 'нет годовых отметок' },
    { name: 'a missing mark in the 9th', grade: 9, marks: [mark('Химия', null)], decision: 'graduation', debts: [], warning: 'нет годовой отметки: Химия' },
    { name: 'a debt and a missing mark', grade: 8, marks: [mark('Химия', '2'), mark('Физика', null)], decision: 'conditional_promotion', debts: ['Химия'], warning: 'нет годовой отметки: Физика' },
    { name: 'no subjects at all', grade: 4, marks: [], decision: 'promotion', debts: [], warning: null },
    { name: 'a college group', grade: null, marks: [mark('Право', '2')], decision: 'conditional_promotion', debts: ['Право'], warning: null },
  ])('$name → $decision', ({ grade, marks, decision, debts, warning }) => {
    const s = suggestDecision(grade, marks);
    expect(s.decision).toBe(decision);
    expect(s.debts.map((d) => d.subject)).toEqual(debts);
    expect(s.warning).toBe(warning);
  });

  it('explains why a 9th grader with a debt repeats the year', () => {
    expect(suggestDecision(9, [mark('Химия', '2'), mark('Физика', 'н/а')]).hint)
      .toBe('академическая задолженность (Химия, Физика): не допускается к государственной итоговой аттестации — предложено оставить на повторное обучение');
    expect(suggestDecision(5, [mark('Химия', '2')]).hint).toBeNull();
  });
});

describe('debtCandidates', () => {
  it('names the subjects with an unsatisfactory year mark or none', () => {
    expect(debtCandidates([...GOOD, mark('Физика', '2'), mark('Химия', null), mark('ОБЗР', 'н/а'), mark('Труд', 'незач'), mark('Право', '3')])
      .map((m) => m.subject)).toEqual(['Физика', 'Химия', 'ОБЗР', 'Труд']);
  });
});

describe('decisionsFor', () => {
  it.each([
    [1, ['promotion', 'conditional_promotion', 'repeat_year', 'family_education']],
    [8, ['promotion', 'conditional_promotion', 'repeat_year', 'family_education']],
    [9, ['graduation', 'repeat_year', 'family_education']],
    [10, ['promotion', 'conditional_promotion', 'repeat_year', 'family_education']],
    [11, ['graduation', 'repeat_year', 'family_education']],
    [null, ['promotion', 'conditional_promotion', 'repeat_year', 'graduation', 'family_education']],
  ])('grade %s', (grade, decisions) => {
    expect(decisionsFor(grade)).toEqual(decisions);
  });
});

// ── planOrders ──

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const GONE = '00000000-0000-4000-8000-0000000000ff';
const SUBJECTS = [{ id: 'math', name: 'Математика' }, { id: 'phys', name: 'Физика' }];
const OPTIONS = decisionsFor(7);
const FACTS: FormFacts = {
  today: '2027-06-20', lastStudyDay: '2027-05-26', otherNames: new Map([[GONE, 'Ушедший Иван']]),
  rows: [A, B, C].map((id, i) => ({ studentId: id, name: `Ученик ${i}`, options: OPTIONS, subjects: SUBJECTS })),
};
const HEAD = { date: '2027-06-20', effectiveOn: '2027-09-01', 'number:promotion': '45-К', 'number:conditional_promotion': '46-К', 'number:repeat_year': '47-К' };

describe('planOrders', () => {
  it('makes one order per decision, with the debt subjects as the reason, skipping «later»', () => {
    const result = planOrders({
      ...HEAD, [`d:${A}`]: 'promotion', [`d:${B}`]: 'conditional_promotion', [`debt:${B}`]: ['phys', 'math'], [`d:${C}`]: 'later',
    }, FACTS);
    expect(result).toEqual({
      ok: true,
      plan: {
        date: '2027-06-20', effectiveOn: '2027-09-01', orders: [
          { kind: 'promotion', number: '45-К', items: [{ studentId: A, reason: null }] },
          { kind: 'conditional_promotion', number: '46-К', items: [{ studentId: B, reason: debtReason(['Математика', 'Физика']) }] },
        ],
      },
    });
    expect(debtReason(['Математика', 'Физика'])).toBe('Академическая задолженность: Математика, Физика');
  });

  it('keeps the debt on a repeat year, and none on a promotion (ticked boxes ignored)', () => {
    const result = planOrders({ ...HEAD, [`d:${A}`]: 'repeat_year', [`debt:${A}`]: 'math', [`d:${B}`]: 'promotion', [`debt:${B}`]: 'math' }, FACTS);
    expect(result.ok && result.plan.orders.map((o) => [o.kind, o.items[0]!.reason])).toEqual([
      ['promotion', null], ['repeat_year', 'Академическая задолженность: Математика'],
    ]);
  });

  it.each([
    { name: 'a missing order number', body: { ...HEAD, 'number:promotion': ' ', [`d:${A}`]: 'promotion' }, fields: { 'number:promotion': 'Введите номер приказа.' } },
    { name: 'a number of an unused decision is not needed', body: { ...HEAD, 'number:repeat_year': '', [`d:${A}`]: 'promotion' }, ok: true },
    { name: 'the same number twice', body: { ...HEAD, 'number:conditional_promotion': '45-К', [`d:${A}`]: 'promotion', [`d:${B}`]: 'conditional_promotion', [`debt:${B}`]: 'math' }, fields: { 'number:conditional_promotion': 'У каждого приказа свой номер: этот номер уже указан выше.' } },
    { name: 'no date', body: { ...HEAD, date: '', [`d:${A}`]: 'promotion' }, fields: { date: 'Введите дату приказов в виде ДД.ММ.ГГГГ.' } },
    { name: 'an order dated tomorrow', body: { ...HEAD, date: '2027-06-21', [`d:${A}`]: 'promotion' }, fields: { date: 'Дата приказа не может быть позже сегодняшнего дня.' } },
    { name: 'an effective date during the study periods', body: { ...HEAD, effectiveOn: '2027-05-26', [`d:${A}`]: 'promotion' }, fields: { effectiveOn: 'Решения по итогам года вступают в силу после окончания учебных периодов: не раньше 27.05.2027.' } },
    { name: 'a bad effective date', body: { ...HEAD, effectiveOn: '31.02.2027', [`d:${A}`]: 'promotion' }, fields: { effectiveOn: 'Введите дату движения в виде ДД.ММ.ГГГГ.' } },
  ])('$name', ({ body, fields, ok }) => {
    const result = planOrders(body, FACTS);
    if (ok) expect(result.ok).toBe(true);
    else expect(!result.ok && result.fields).toEqual(fields);
  });

  it.each([
    { name: 'conditional without subjects', body: { [`d:${A}`]: 'conditional_promotion' }, row: 'Отметьте предметы академической задолженности.' },
    { name: 'a decision not of this grade', body: { [`d:${A}`]: 'graduation' }, row: 'Выберите решение из списка.' },
    { name: 'a made-up decision', body: { [`d:${A}`]: 'expel' }, row: 'Выберите решение из списка.' },
    { name: 'a subject not of the student', body: { [`d:${A}`]: 'conditional_promotion', [`debt:${A}`]: 'chemistry' }, row: 'Отметьте предметы из списка.' },
  ])('refuses a row: $name', ({ body, row }) => {
    const result = planOrders({ ...HEAD, ...body }, FACTS);
    expect(!result.ok && result.rows).toEqual({ [A]: row });
  });

  it('refuses a student who is no longer awaiting a decision, and a form with nothing to post', () => {
    const gone = planOrders({ ...HEAD, [`d:${A}`]: 'promotion', [`d:${GONE}`]: 'promotion' }, FACTS);
    expect(!gone.ok && gone.problems).toEqual(['Ушедший Иван больше не ожидает решения в этом классе (выбыл(а) или решение уже принято): обновите страницу.']);
    const nothing = planOrders({ ...HEAD, [`d:${A}`]: 'later' }, FACTS);
    expect(!nothing.ok && nothing.problems).toEqual(['Нет решений для проведения: выберите решение хотя бы для одного обучающегося.']);
  });
});
