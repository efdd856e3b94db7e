// The year change: promotion, conditional promotion, repeat year, posted on a summer day (the service takes "today"),
// and the class lists of both years derived from them. The forms are checked through HTTP.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltSchool } from '../../src/cli/seed/builder.ts';
import { accounts } from '../../src/modules/accounts/schema.ts';
import type { AuditContext } from '../../src/modules/audit/queries.ts';
import { classListOn } from '../../src/modules/contingent/queries.ts';
import type { OrderDraft, OrderKind } from '../../src/modules/contingent/rules.ts';
import { cancelOrder, postOrder } from '../../src/modules/contingent/service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { addNextYear, spans } from './contingent-support.ts';

const AUGUST = '2027-08-31';
let t: TestApp;
let y: BuiltSchool;
let next: Map<string, string>;
let ctx: AuditContext;
let names: Map<string, string>;
const stu = (key: string) => y.students.get(key)!;

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  y = await buildSmallSchool(t.database, 'y');
  next = await addNextYear(t.database.db, y.schoolId, [
    { name: '6А', grade: 6, letter: 'А' }, { name: '6Б', grade: 6, letter: 'Б' }, { name: '5А', grade: 5, letter: 'А' },
  ]);
  names = new Map([...[...y.classes].map(([n, id]) => [id, n] as const), ...[...next].map(([n, id]) => [id, `${n}'27`] as const)]);
  const [secretary] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, 'y-secretary'));
  ctx = { schoolId: y.schoolId, accountId: secretary!.id, role: 'secretary', requestId: 'test', ip: '127.0.0.1' };
});
afterAll(async () => { await t.close(); });

function classOrder(kind: OrderKind, number: string, from: string, to: string | null, keys: string[], reason: string | null = null): OrderDraft {
  return {
    kind, number, date: '2027-08-30', title: null,
    items: keys.map((key) => ({ studentId: stu(key), fromClassId: y.classes.get(from)!, toClassId: to, effectiveOn: '2027-09-01', reason })),
  };
}

describe('the year change', () => {
  it('offers only next year\'s classes of the right grade as the target', async () => {
    const sec = await loginAs(t.app, 'y-secretary', FIXTURE_PASSWORD);
    const promotion = await sec.get(`/contingent/orders/new?kind=promotion&classId=${y.classes.get('5А')}&effectiveOn=2027-09-01`);
    const options = (html: string) => [...(/<select id="toClassId"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/<option value="[^"]+"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(options(promotion.body)).toEqual(['6А', '6Б']);
    expect(mainText(promotion.body)).toContain('2. Обучающиеся 5А на 01.09.2027');
    const repeat = await sec.get(`/contingent/orders/new?kind=repeat_year&classId=${y.classes.get('5А')}&effectiveOn=2027-09-01`);
    expect(options(repeat.body)).toEqual(['5А']);
    const graduation = await sec.get(`/contingent/orders/new?kind=graduation&classId=${y.classes.get('5Б')}&effectiveOn=2027-06-25`);
    expect(graduation.body).not.toContain('id="toClassId"');
  });

  it('promotes, promotes conditionally and keeps for a repeat year, each from 1 September', async () => {
    expect(await postOrder(t.database.db, ctx, classOrder('promotion', '50-К', '5А', next.get('6А')!, ['5А-1']), { today: AUGUST })).toMatchObject({ ok: true });
    expect(await postOrder(t.database.db, ctx, classOrder('conditional_promotion', '51-К', '5А', next.get('6А')!, ['5А-2'], 'академическая задолженность по математике'), { today: AUGUST })).toMatchObject({ ok: true });
    expect(await postOrder(t.database.db, ctx, classOrder('repeat_year', '52-К', '5А', next.get('5А')!, ['5А-3']), { today: AUGUST })).toMatchObject({ ok: true });

    expect(await spans(t.database.db, y.schoolId, stu('5А-1'), names)).toEqual(['5А 2026-09-01..2027-09-01 promotion', "6А'27 2027-09-01.."]);
    expect(await spans(t.database.db, y.schoolId, stu('5А-2'), names)).toEqual(['5А 2026-09-01..2027-09-01 conditional_promotion', "6А'27 2027-09-01.."]);
    expect(await spans(t.database.db, y.schoolId, stu('5А-3'), names)).toEqual(['5А 2026-09-01..2027-09-01 repeat_year', "5А'27 2027-09-01.."]);

    const old = await classListOn(t.database.db, { schoolId: y.schoolId, classId: y.classes.get('5А')!, date: '2027-09-01' });
    expect(old!.present).toEqual([]);
    expect(old!.left.map((l) => `${l.name}: ${l.note}`)).toEqual([
      'Ученик01 Пётр: переведён(а) в 6А 01.09.2027', 'Ученик02 Пётр: условно переведён(а) в 6А 01.09.2027',
      'Ученик03 Пётр: оставлен(а) на повторное обучение в 5А 01.09.2027',
    ]);
    const lastDay = await classListOn(t.database.db, { schoolId: y.schoolId, classId: y.classes.get('5А')!, date: '2027-08-31' });
    expect(lastDay!.present.map((p) => `${p.number} ${p.name}`)).toEqual(['1 Ученик01 Пётр', '2 Ученик02 Пётр', '3 Ученик03 Пётр']);
    const sixth = await classListOn(t.database.db, { schoolId: y.schoolId, classId: next.get('6А')!, date: '2027-09-01' });
    expect(sixth!.present.map((p) => p.name)).toEqual(['Ученик01 Пётр', 'Ученик02 Пётр']);
    expect(sixth!.left).toEqual([]);
  });

  it('refuses a promotion of a student who is not in the class on that day', async () => {
    const result = await postOrder(t.database.db, ctx, classOrder('promotion', '53-К', '5А', next.get('6А')!, ['5Б-1']), { today: AUGUST });
    expect(result).toEqual({ ok: false, problems: { fields: {}, items: ['Ученик11 Пётр на 01.09.2027 состоит в классе 5Б, а не в 5А.'] } });
  });

  it('refuses a withdrawal dated before the promotion, and a cancellation the later order relies on', async () => {
    const early: OrderDraft = { kind: 'withdrawal', number: '54-К', date: '2027-08-30', title: null, items: [{ studentId: stu('5А-1'), fromClassId: null, toClassId: null, effectiveOn: '2027-06-01', reason: 'переезд' }] };
    const refused = await postOrder(t.database.db, ctx, early, { today: AUGUST });
    expect(refused.ok === false && refused.problems.items).toEqual(['Ученик01 Пётр: у обучающегося есть движение позже этой даты: приказ № 50-К от 30.08.2027 (с 01.09.2027).']);

    const later: OrderDraft = { ...early, number: '55-К', items: [{ ...early.items[0]!, effectiveOn: '2027-09-10' }] };
    const withdrawn = await postOrder(t.database.db, ctx, later, { today: '2027-09-10' });
    expect(withdrawn.ok).toBe(true);
    const promotion = await t.database.db.query.orders.findFirst({ where: (o, { and, eq }) => and(eq(o.schoolId, y.schoolId), eq(o.number, '50-К')) });
    const cancel = await cancelOrder(t.database.db, ctx, { orderId: promotion!.id, reason: 'ошибка' });
    expect(cancel).toEqual({ ok: false, reason: 'refused', message: 'Приказ нельзя отменить: на него опирается приказ № 55-К от 30.08.2027 (Ученик01 Пётр). Сначала отмените более поздний приказ.' });
  });

  it('puts the students back into the old class when the repeat-year order is cancelled', async () => {
    const repeat = await t.database.db.query.orders.findFirst({ where: (o, { and, eq }) => and(eq(o.schoolId, y.schoolId), eq(o.number, '52-К')) });
    expect(await cancelOrder(t.database.db, ctx, { orderId: repeat!.id, reason: 'решение педсовета пересмотрено' })).toEqual({ ok: true });
    expect(await spans(t.database.db, y.schoolId, stu('5А-3'), names)).toEqual(['5А 2026-09-01..']);
  });
});
