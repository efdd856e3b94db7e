// Promotion decisions in bulk through HTTP, on a school at the year's end (the clock on 20.06.2027; marks and expected
// suggestions in year-promotion-support.ts): the suggestions shown, «Провести» posting one order per decision through the
// contingent book (all or none), the book and the memberships after it, items awaiting placement and their placement by
// the rollover's functions, bad input (422, nothing written), who may do what, another school's class (404).
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSchool } from '../../src/db/tenant.ts';
import { accounts } from '../../src/modules/accounts/schema.ts';
import type { AuditContext } from '../../src/modules/audit/queries.ts';
import { pendingPlacements, placePending } from '../../src/modules/contingent/placement.ts';
import { orderItems, orders } from '../../src/modules/contingent/schema.ts';
import { postOrder } from '../../src/modules/contingent/service.ts';
import { academicYears } from '../../src/modules/setup/schema.ts';
import { setClock } from '../../src/web/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { TEST_NOW } from '../support/test-clock.ts';
import { addNextYear, auditOf, orderByNumber, orderCount, postPairs, spans } from './contingent-support.ts';
import { buildPromotionSchool, type PromotionSchool } from './year-promotion-support.ts';

const TODAY = '2027-06-20';
let t: TestApp;
let s: PromotionSchool;
let other: PromotionSchool;
let next: Map<string, string>;
let deputy: Client;
let secretary: Client;
let names: Map<string, string>;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);
const page = (classId: string) => `/year/promotion/${classId}`;
const head = (extra: Record<string, string> = {}) => ({ date: TODAY, effectiveOn: '2027-09-01', ...extra });
const pairs = (o: Record<string, string | string[]>): Array<[string, string]> =>
  Object.entries(o).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]));
const d = (key: string) => `d:${s.stu(key)}`;
const debt = (key: string) => `debt:${s.stu(key)}`;
/** The rows of the decisions table as a person reads them. */
const rows = (html: string) => [...(/<table class="pr-table">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '')
  .matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<option value="[^"]*">[^<]*<\/option>/g, '')
  .replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim());

beforeAll(async () => {
  setClock(`${TODAY}T10:00:00+03:00`);
  t = await startTestApp({ seed: false });
  s = await buildPromotionSchool(t.database, 'pr');
  other = await buildPromotionSchool(t.database, 'po');
  next = await addNextYear(t.database.db, s.schoolId, [{ name: '6А', grade: 6, letter: 'А' }, { name: '10Б', grade: 10, letter: 'Б' }]);
  names = new Map([['5А', s.class5A], ['9Б', s.class9B], ...[...next].map(([n, id]) => [`${n}'27`, id] as const)].map(([n, id]) => [id, n]));
  deputy = await as('pr-deputy');
  secretary = await as('pr-secretary');
}, 120_000);
afterAll(async () => { setClock(TEST_NOW); await t?.close(); });

describe('the suggestions', () => {
  it('lists the year\'s classes with their students at the year\'s end', async () => {
    const res = await deputy.get('/year/promotion');
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Класс В классе на 31.08.2027 Решения проведены 5А 3 0 9Б 3 0');
  });

  it('shows each student\'s year marks and the suggested decision, with the debt ticked and the warnings', async () => {
    const res = await deputy.get(page(s.class5A));
    expect(res.statusCode).toBe(200);
    expect(rows(res.body)).toEqual([
      '1 Ученик01 Пётр Матем. 5 Рус. яз. 4 Решение: Ученик01 Пётр перевести в следующий класс нет',
      '2 Ученик02 Пётр Матем. 2 Рус. яз. 3 Решение: Ученик02 Пётр перевести условно Предметы (1) Математика',
      '3 Ученик03 Пётр Матем. 4 Рус. яз. — Решение: Ученик03 Пётр перевести в следующий класс нет годовой отметки: Русский язык '
        + 'Предметы Русский язык',
    ]);
    const selected = [...res.body.matchAll(/<option value="([a-z_]+)" selected>/g)].map((m) => m[1]);
    expect(selected).toEqual(['promotion', 'conditional_promotion', 'promotion']);
    expect(res.body).toMatch(new RegExp(`name="debt:${s.stu('5А-2')}" value="${s.subjects.get('Математика')}"\\s+checked>`));
    expect(res.body).toContain('<span class="pr-m pr-d">Матем.&nbsp;2</span>');
    expect(mainText(res.body)).toContain('Предметы: Матем. — Математика; Рус. яз. — Русский язык.');
    expect(res.body).toContain('name="effectiveOn" type="date" value="2027-09-01"');
    expect(res.body).toContain(`name="date" type="date" value="${TODAY}"`);
  });

  it('suggests graduation in the 9th, and a repeat year for a debt, saying why', async () => {
    const res = await deputy.get(page(s.class9B));
    const selected = [...res.body.matchAll(/<option value="([a-z_]+)" selected>/g)].map((m) => m[1]);
    expect(selected).toEqual(['graduation', 'repeat_year', 'graduation']);
    expect(mainText(res.body)).toContain('академическая задолженность (Математика): не допускается к государственной итоговой аттестации — предложено оставить на повторное обучение');
    expect(res.body).not.toContain('value="promotion"');
    expect(res.body).toContain('№ приказа о выпуске');
  });
});

describe('bad input: 422 with the reason, nothing written', () => {
  it.each([
    { name: 'a missing number', form: { ...head(), [`d:A1`]: 'promotion' }, text: 'Введите номер приказа.' },
    { name: 'an effective date beyond the order\'s window', form: { ...head({ date: '2027-01-10', 'number:promotion': '44-К' }), [`d:A1`]: 'promotion' }, text: 'Дата движения может быть не позже 12.07.2027 (183 дн. после даты приказа).' },
    { name: 'conditional promotion without subjects', form: { ...head({ 'number:conditional_promotion': '44-К' }), [`d:A1`]: 'conditional_promotion' }, text: 'Отметьте предметы академической задолженности.' },
  ])('$name', async ({ form, text }) => {
    const before = await orderCount(t.database.db, s.schoolId);
    const body = Object.fromEntries(Object.entries(form).map(([k, v]) => [k === 'd:A1' ? d('5А-1') : k, v]));
    const res = await postPairs(deputy, page(s.class5A), pairs(body));
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(text);
    expect(await orderCount(t.database.db, s.schoolId)).toBe(before);
  });

  it('answers garbage with 422, never a 500', async () => {
    const before = await orderCount(t.database.db, s.schoolId);
    const odd = await deputy.post(page(s.class5A), { 'd:------------------------------------': 'promotion', [`d:${crypto.randomUUID()}`]: 'x', date: '31.02.2027' });
    expect(odd.statusCode).toBe(422);
    expect(mainText(odd.body)).toContain('Введите дату приказов в виде ДД.ММ.ГГГГ.');
    const json = await deputy.json(page(s.class5A), { date: 5, effectiveOn: ['2027-09-01'], [d('5А-1')]: { x: 1 }, [debt('5А-1')]: [1, null] });
    expect(json.statusCode).toBe(422);
    expect(await orderCount(t.database.db, s.schoolId)).toBe(before);
  });

  it('posts all the orders of a class or none: a duplicate number rolls back the order posted before it', async () => {
    await t.database.db.insert(orders).values({ schoolId: s.schoolId, number: '46-К', date: TODAY, kind: 'enrolment', title: 'Чужой приказ' });
    const before = await orderCount(t.database.db, s.schoolId);
    const res = await postPairs(deputy, page(s.class5A), pairs({
      ...head({ 'number:promotion': '45-К', 'number:conditional_promotion': '46-К' }),
      [d('5А-1')]: 'promotion', [d('5А-2')]: 'conditional_promotion', [debt('5А-2')]: [s.subjects.get('Математика')!], [d('5А-3')]: 'later',
    }));
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Приказ с таким номером и датой уже есть в книге.');
    // The form keeps what was chosen.
    expect([...res.body.matchAll(/<option value="([a-z_]+)" selected>/g)].map((m) => m[1])).toEqual(['promotion', 'conditional_promotion', 'later']);
    expect(await orderByNumber(t.database.db, s.schoolId, '45-К')).toBeUndefined();
    expect(await orderCount(t.database.db, s.schoolId)).toBe(before);
    expect(await spans(t.database.db, s.schoolId, s.stu('5А-1'), names)).toEqual(['5А 2026-09-01..']);
  });

  it('refuses a student who left the class after the page was opened', async () => {
    await deputy.get(page(s.class5A));
    const [sec] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, 'pr-secretary'));
    const ctx: AuditContext = { schoolId: s.schoolId, accountId: sec!.id, role: 'secretary', requestId: 'test', ip: '127.0.0.1' };
    const withdrawal = await postOrder(t.database.db, ctx, {
      kind: 'withdrawal', number: '43-К', date: '2027-06-15', title: null,
      items: [{ studentId: s.stu('5А-3'), fromClassId: null, toClassId: null, effectiveOn: '2027-06-15', reason: 'переезд в г. Тулу' }],
    }, { today: TODAY });
    expect(withdrawal.ok).toBe(true);
    const before = await orderCount(t.database.db, s.schoolId);
    const res = await postPairs(deputy, page(s.class5A), pairs({ ...head({ 'number:promotion': '45-К' }), [d('5А-1')]: 'promotion', [d('5А-3')]: 'promotion' }));
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Ученик03 Пётр больше не ожидает решения в этом классе (выбыл(а) или решение уже принято): обновите страницу.');
    expect(await orderCount(t.database.db, s.schoolId)).toBe(before);
    expect(rows((await deputy.get(page(s.class5A))).body).map((r) => r.split(' ').slice(0, 3).join(' '))).toEqual(['1 Ученик01 Пётр', '2 Ученик02 Пётр']);
  });
});

describe('«Провести»', () => {
  it('5А: a promotion and a conditional promotion, into next year\'s 6А which already exists', async () => {
    const res = await postPairs(secretary, page(s.class5A), pairs({
      ...head({ 'number:promotion': '45-К', 'number:conditional_promotion': '47-К' }),
      [d('5А-1')]: 'promotion', [d('5А-2')]: 'conditional_promotion', [debt('5А-2')]: [s.subjects.get('Математика')!],
    }));
    expect(res.statusCode).toBe(303);
    const after = await secretary.get(page(s.class5A));
    expect(mainText(after.body)).toContain('5А: проведены приказы № 45-К (перевод в следующий класс, обучающихся: 1); № 47-К (условный перевод в следующий класс, обучающихся: 1).');
    expect(rows(after.body)).toEqual([
      '1 Ученик01 Пётр Матем. 5 Рус. яз. 4 Перевод в следующий класс : 6А приказ № 45-К от 20.06.2027 , с 01.09.2027',
      '2 Ученик02 Пётр Матем. 2 Рус. яз. 3 Условный перевод в следующий класс : 6А приказ № 47-К от 20.06.2027 , с 01.09.2027 Академическая задолженность: Математика',
    ]);
    expect(after.body).not.toContain('Провести');
    expect(await spans(t.database.db, s.schoolId, s.stu('5А-1'), names)).toEqual(['5А 2026-09-01..2027-09-01 promotion', "6А'27 2027-09-01.."]);
    expect(await spans(t.database.db, s.schoolId, s.stu('5А-2'), names)).toEqual(['5А 2026-09-01..2027-09-01 conditional_promotion', "6А'27 2027-09-01.."]);
    const order = await orderByNumber(t.database.db, s.schoolId, '47-К');
    expect(order).toMatchObject({ kind: 'conditional_promotion', date: TODAY, title: 'Об условном переводе обучающихся в следующий класс', status: 'posted' });
    expect((await auditOf(t.database.db, s.schoolId, order!.id)).map((a) => a.action)).toEqual(['post']);
  });

  it('9Б: graduation, a repeat year awaiting placement (no 9th class next year yet) and family education', async () => {
    const res = await postPairs(deputy, page(s.class9B), pairs({
      ...head({ 'number:graduation': '48-К', 'number:repeat_year': '49-К', 'number:family_education': '50-К' }),
      [d('5Б-1')]: 'graduation', [d('5Б-2')]: 'repeat_year', [debt('5Б-2')]: [s.subjects.get('Математика')!], [d('5Б-3')]: 'family_education',
    }));
    expect(res.statusCode).toBe(303);
    expect(await spans(t.database.db, s.schoolId, s.stu('5Б-1'), names)).toEqual(['9Б 2026-09-01..2027-09-01 graduation']);
    expect(await spans(t.database.db, s.schoolId, s.stu('5Б-2'), names)).toEqual(['9Б 2026-09-01..2027-09-01 repeat_year']);
    expect(await spans(t.database.db, s.schoolId, s.stu('5Б-3'), names)).toEqual(['9Б 2026-09-01..2027-09-01 family_education']);
    const [item] = await t.database.db.select().from(orderItems).where(and(eq(orderItems.schoolId, s.schoolId), eq(orderItems.studentId, s.stu('5Б-2'))))
      .orderBy(asc(orderItems.effectiveOn)).offset(1);
    expect(item).toMatchObject({ toClassId: null, fromClassId: s.class9B, effectiveOn: '2027-09-01', reason: 'Академическая задолженность: Математика' });

    const rowsNow = rows((await deputy.get(page(s.class9B))).body);
    expect(rowsNow[1]).toContain('Оставление на повторное обучение : в 9 класс — класс будет назначен при переходе на новый год приказ № 49-К от 20.06.2027');
    expect(rowsNow[2]).toContain('Перевод на семейное образование : семейное образование приказ № 50-К');
    const book = mainText((await secretary.get('/contingent?tab=book&from=2027-09-01')).body);
    expect(book).toContain('01.09.2027 Ученик12 Пётр 9Б → в 9 класс — класс будет назначен при переходе на новый год Оставление на повторное обучение № 49-К от 20.06.2027');
    expect(book).toContain('01.09.2027 Ученик13 Пётр 9Б → семейное образование Перевод на семейное образование № 50-К от 20.06.2027');
    expect(book).toContain('01.09.2027 Ученик01 Пётр 5А → 6А Перевод в следующий класс № 45-К от 20.06.2027');
    const order = await orderByNumber(t.database.db, s.schoolId, '49-К');
    expect(mainText((await secretary.get(`/contingent/orders/${order!.id}`)).body))
      .toContain('Ученик12 Пётр pr-5Б-2 9Б в 9 класс — класс будет назначен при переходе на новый год 01.09.2027 Академическая задолженность: Математика');
    const list = mainText((await secretary.get(`/contingent/classes/${s.class9B}?date=2027-09-01`)).body);
    expect(list).toContain('оставлен(а) на повторное обучение 01.09.2027 (класс будет назначен при переходе на новый год)');
    expect(mainText((await deputy.get('/year/promotion')).body)).toContain('5А 2 2 — все 9Б 3 3 — все');
  });

  it('the rollover\'s functions: the pending items of the year, a wrong class refused, the right one placed with an audit row', async () => {
    const [sec] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, 'pr-secretary'));
    const ctx: AuditContext = { schoolId: s.schoolId, accountId: sec!.id, role: 'secretary', requestId: 'rollover', ip: '127.0.0.1' };
    const db = t.database.db;
    const pending = await withSchool(db, s.schoolId, (tx) => pendingPlacements(tx, { schoolId: s.schoolId, yearId: s.yearId }));
    expect(pending).toEqual([expect.objectContaining({ studentId: s.stu('5Б-2'), kind: 'repeat_year', fromClassId: s.class9B, fromGrade: 9, fromLetter: 'Б' })]);
    const wrong = await withSchool(db, s.schoolId, (tx) => placePending(tx, ctx, [{ itemId: pending[0]!.itemId, toClassId: next.get('10Б')! }]));
    expect(wrong).toEqual({ ok: false, problems: ['Ученик12 Пётр: При оставлении на повторное обучение класс остаётся 9-м.'] });

    const [nextYear] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, s.schoolId), eq(academicYears.name, '2027/2028')));
    const nine = (await addClassTo(nextYear!.id, { name: '9Б', grade: 9, letter: 'Б' }));
    names.set(nine, "9Б'27");
    const placed = await withSchool(db, s.schoolId, (tx) => placePending(tx, ctx, [{ itemId: pending[0]!.itemId, toClassId: nine }]));
    expect(placed).toEqual({ ok: true, placed: 1 });
    expect(await spans(db, s.schoolId, s.stu('5Б-2'), names)).toEqual(['9Б 2026-09-01..2027-09-01 repeat_year', "9Б'27 2027-09-01.."]);
    const order = await orderByNumber(db, s.schoolId, '49-К');
    const audit = await auditOf(db, s.schoolId, order!.id);
    expect(audit.map((a) => a.action)).toEqual(['post', 'place']);
    expect(audit[1]!.newValue).toEqual({ items: [{ itemId: pending[0]!.itemId, studentId: s.stu('5Б-2'), studentName: 'Ученик12 Пётр', toClassId: nine, toClass: '9Б' }] });
    expect(await withSchool(db, s.schoolId, (tx) => pendingPlacements(tx, { schoolId: s.schoolId, yearId: s.yearId }))).toEqual([]);
    const again = await withSchool(db, s.schoolId, (tx) => placePending(tx, ctx, [{ itemId: pending[0]!.itemId, toClassId: nine }]));
    expect(again.ok).toBe(false);
    expect(mainText((await secretary.get('/contingent?tab=book&from=2027-09-01')).body)).toContain('Ученик12 Пётр 9Б → 9Б Оставление на повторное обучение № 49-К');
  });
});

describe('who may do what', () => {
  it('the admin reads the page without the form and may not post', async () => {
    const admin = await as('pr-admin');
    const res = await admin.get(page(s.class5A));
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Провести');
    expect(mainText(res.body)).toContain('Решения проводят заместитель директора и секретарь.');
    expect((await admin.post(page(s.class5A), { date: TODAY })).statusCode).toBe(403);
  });

  it.each(['pr-teacher', 'pr-ct', 'pr-parent', 'pr-student'])('refuses %s every page and the post (403)', async (login) => {
    const c = await as(login);
    for (const path of ['/year/promotion', page(s.class5A)]) expect((await c.get(path)).statusCode, path).toBe(403);
    expect((await c.post(page(s.class5A), { date: TODAY })).statusCode).toBe(403);
  });

  it('answers 404 for another school\'s class, an unknown one, a bad id and another school\'s year', async () => {
    for (const path of [page(other.class5A), page(crypto.randomUUID()), page('not-a-uuid'), `/year/promotion?year=${other.yearId}`]) {
      expect((await deputy.get(path)).statusCode, path).toBe(404);
    }
    expect((await deputy.post(page(other.class5A), { date: TODAY, [`d:${other.stu('5А-1')}`]: 'promotion', 'number:promotion': '1' })).statusCode).toBe(404);
    expect(await orderCount(t.database.db, other.schoolId)).toBe(1);
  });

  it('a closed year is read-only', async () => {
    await t.database.db.update(academicYears).set({ status: 'closed' }).where(and(eq(academicYears.schoolId, other.schoolId), eq(academicYears.id, other.yearId)));
    const c = await as('po-deputy');
    const res = await c.get(page(other.class5A));
    expect(mainText(res.body)).toContain('Учебный год 2026/2027 закрыт: решения только для просмотра.');
    expect(res.body).not.toContain('Провести');
    expect(mainText(res.body)).toContain('перевести условно');
    const post = await c.post(page(other.class5A), { ...head({ 'number:promotion': '1' }), [`d:${other.stu('5А-1')}`]: 'promotion' });
    expect(post.statusCode).toBe(422);
    expect(mainText(post.body)).toContain('Учебный год закрыт: решения не принимаются.');
    expect(await orderCount(t.database.db, other.schoolId)).toBe(1);
  });
});

async function addClassTo(yearId: string, c: { name: string; grade: number; letter: string }): Promise<string> {
  const { periodSchemes, schoolClasses } = await import('../../src/modules/setup/schema.ts');
  const [scheme] = await t.database.db.select({ id: periodSchemes.id }).from(periodSchemes)
    .where(and(eq(periodSchemes.schoolId, s.schoolId), eq(periodSchemes.yearId, yearId))).limit(1);
  const [row] = await t.database.db.insert(schoolClasses).values({ schoolId: s.schoolId, yearId, schemeId: scheme!.id, ...c }).returning({ id: schoolClasses.id });
  return row!.id;
}
