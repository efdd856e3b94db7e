// Posting and cancelling orders through HTTP as the secretary of a small school of this file's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltSchool } from '../../src/cli/seed/builder.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import {
  addClass, auditOf, listRows, newStudent, orderByNumber, orderCount, orderPairs, postPairs, spans,
} from './contingent-support.ts';

let t: TestApp;
let k: BuiltSchool;
let sec: Client;
let names: Map<string, string>;
const cls = (key: string) => k.classes.get(key)!;
const stu = (key: string) => k.students.get(key)!;

beforeAll(async () => {
  t = await startTestApp();
  k = await buildSmallSchool(t.database, 'k');
  names = new Map([...k.classes].map(([name, id]) => [id, name]));
  sec = await loginAs(t.app, 'k-secretary', FIXTURE_PASSWORD);
});
afterAll(async () => { await t.close(); });

/** Opens the form (for a fresh CSRF token) and posts an order. */
async function post(kind: string, fields: Record<string, string>, studentIds: string[]) {
  await sec.get(`/contingent/orders/new?kind=${kind}`);
  return postPairs(sec, '/contingent/orders', orderPairs({ kind, ...fields }, studentIds));
}
const listOn = async (key: string, date: string) => listRows((await sec.get(`/contingent/classes/${cls(key)}?date=${date}`)).body);

describe('posting each kind of order', () => {
  it('enrols a new student card into a class from the effective date', async () => {
    const id = await newStudent(t.database.db, k.schoolId, 'Новикова');
    const form = await sec.get('/contingent/orders/new?kind=enrolment');
    expect(mainText(form.body)).toContain('Новикова Ольга'); // without a class: offered by default
    const res = await post('enrolment', { number: '10-К', date: '2026-11-16', effectiveOn: '2026-11-16', toClassId: cls('5А') }, [id]);
    expect(res.statusCode).toBe(303);
    const order = await orderByNumber(t.database.db, k.schoolId, '10-К');
    expect(res.headers.location).toBe(`/contingent/orders/${order!.id}`);
    expect(order).toMatchObject({ kind: 'enrolment', status: 'posted', title: 'О зачислении обучающихся', date: '2026-11-16' });
    expect(await spans(t.database.db, k.schoolId, id, names)).toEqual(['5А 2026-11-16..']);
    const page = mainText((await sec.get(res.headers.location as string)).body);
    expect(page).toContain('Приказ № 10-К проведён');
    expect(page).toContain('Приказ № 10-К от 16.11.2026');
    expect(page).toContain('Новикова Ольга');
    const audit = await auditOf(t.database.db, k.schoolId, order!.id);
    expect(audit.map((a) => a.action)).toEqual(['post']);
    expect(audit[0]!.newValue).toMatchObject({ order: { number: '10-К', kind: 'enrolment' }, items: [{ studentId: id, toClass: '5А', studentName: 'Новикова Ольга' }] });
    expect(await listOn('5А', '2026-11-15')).not.toContainEqual(expect.stringContaining('Новикова'));
    expect(await listOn('5А', '2026-11-16')).toContainEqual(expect.stringMatching(/^\d+ Новикова Ольга Новикова-1 16\.11\.2026$/));
  });

  it('forms a 1st class, and only a 1st or 10th one', async () => {
    const first = await addClass(t.database.db, k.schoolId, { name: '1А', grade: 1, letter: 'А' });
    const a = await newStudent(t.database.db, k.schoolId, 'Первоклашкина');
    const wrong = await post('class_formation', { number: '11-К', date: '2026-09-01', effectiveOn: '2026-09-01', toClassId: cls('5Б') }, [a]);
    expect(wrong.statusCode).toBe(422);
    expect(mainText(wrong.body)).toContain('Приказ о формировании — только для 1-х и 10-х классов');
    const ok = await post('class_formation', { number: '11-К', date: '2026-09-01', effectiveOn: '2026-09-01', toClassId: first }, [a]);
    expect(ok.statusCode).toBe(303);
    expect(await spans(t.database.db, k.schoolId, a, new Map([[first, '1А']]))).toEqual(['1А 2026-09-01..']);
  });

  it('withdraws a student: in the list the day before, shown as withdrawn from that day', async () => {
    const res = await post('withdrawal', { number: '20-К', date: '2026-11-12', effectiveOn: '2026-11-12', reason: 'выбыл в МБОУ СОШ № 7 г. Тулы' }, [stu('5А-2')]);
    expect(res.statusCode).toBe(303);
    const order = await orderByNumber(t.database.db, k.schoolId, '20-К');
    const page = mainText((await sec.get(`/contingent/orders/${order!.id}`)).body);
    expect(page).toContain('5А — 12.11.2026 выбыл в МБОУ СОШ № 7 г. Тулы'); // from class derived from the history
    expect(await spans(t.database.db, k.schoolId, stu('5А-2'), names)).toEqual(['5А 2026-09-01..2026-11-12 withdrawal']);
    expect(await listOn('5А', '2026-11-11')).toContainEqual(expect.stringMatching(/^\d Ученик02 Пётр k-5А-2$/));
    const on12 = await listOn('5А', '2026-11-12');
    expect(on12).toContain('Ученик02 Пётр k-5А-2 выбыл(а) 12.11.2026 (выбыл в МБОУ СОШ № 7 г. Тулы)');
    expect(on12.filter((r) => /^\d/.test(r))).not.toContainEqual(expect.stringContaining('Ученик02'));
  });

  it('transfers a student to another class of the year', async () => {
    const res = await post('transfer', { number: '21-К', date: '2026-10-05', effectiveOn: '2026-10-05', toClassId: cls('5А'), reason: 'по заявлению родителей' }, [stu('5Б-1')]);
    expect(res.statusCode).toBe(303);
    expect(await spans(t.database.db, k.schoolId, stu('5Б-1'), names)).toEqual(['5Б 2026-09-01..2026-10-05 transfer', '5А 2026-10-05..']);
    expect(await listOn('5Б', '2026-11-20')).toContain('Ученик11 Пётр k-5Б-1 переведён(а) в 5А 05.10.2026');
    expect(await listOn('5Б', '2026-10-04')).toContainEqual(expect.stringMatching(/^1 Ученик11 Пётр/));
    expect(await listOn('5А', '2026-10-05')).toContainEqual(expect.stringMatching(/Ученик11 Пётр k-5Б-1 05\.10\.2026$/));
  });

  it('graduates the students of a class picked on the date (the class form lists them all checked)', async () => {
    const step2 = await sec.get(`/contingent/orders/new?kind=graduation&classId=${cls('5Б')}&effectiveOn=2027-05-20`);
    expect(step2.statusCode).toBe(200);
    const boxes = [...step2.body.matchAll(/<input type="checkbox" id="s-[^"]+" name="studentId" value="([^"]+)" checked>/g)].map((m) => m[1]);
    expect(boxes.sort()).toEqual([stu('5Б-2'), stu('5Б-3')].sort()); // 5Б-1 left for 5А on 5 Oct
    const res = await postPairs(sec, '/contingent/orders', orderPairs({ kind: 'graduation', number: '22-К', date: '2026-11-20', fromClassId: cls('5Б'), effectiveOn: '2027-05-20' }, [stu('5Б-2')]));
    expect(res.statusCode).toBe(303);
    expect(await spans(t.database.db, k.schoolId, stu('5Б-2'), names)).toEqual(['5Б 2026-09-01..2027-05-20 graduation']);
    expect(await spans(t.database.db, k.schoolId, stu('5Б-3'), names)).toEqual(['5Б 2026-09-01..']);
    expect(await listOn('5Б', '2027-05-20')).toContain('Ученик12 Пётр k-5Б-2 выпущен(а) 20.05.2027');
  });

  it('refuses a promotion when the target year is beyond the order window, and says when next year has no classes', async () => {
    const form = await sec.get(`/contingent/orders/new?kind=promotion&classId=${cls('5А')}&effectiveOn=2027-09-01`);
    expect(mainText(form.body)).toContain('Нет подходящих классов следующего учебного года (6-х). Новый учебный год и его классы создаёт администратор школы.');
    const res = await postPairs(sec, '/contingent/orders', orderPairs({ kind: 'promotion', number: '23-К', date: '2026-11-20', fromClassId: cls('5А'), effectiveOn: '2027-09-01' }, [stu('5А-3')]));
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Выберите класс.');
    expect(await orderByNumber(t.database.db, k.schoolId, '23-К')).toBeUndefined();
  });
});

describe('what may not be posted', () => {
  it.each([
    ['no number', { number: '' }, 'Введите номер приказа.'],
    ['no date', { date: '' }, 'Введите дату приказа в виде ДД.ММ.ГГГГ.'],
    ['a date in the future', { date: '2099-01-01' }, 'Дата приказа не может быть позже сегодняшнего дня.'],
    ['no effective date', { effectiveOn: '31.02.2026' }, 'Введите дату движения в виде ДД.ММ.ГГГГ.'],
    ['a class of no school', { toClassId: '00000000-0000-4000-8000-000000000000' }, 'Выберите класс из списка.'],
    ['a date outside the class year', { effectiveOn: '2026-08-20', date: '2026-08-20' }, 'Дата движения вне учебного года 2026/2027 класса 5Б (01.09.2026–31.08.2027).'],
  ])('%s', async (_name, change, message) => {
    const before = await orderCount(t.database.db, k.schoolId);
    const res = await post('transfer', { number: '30-К', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: cls('5Б'), ...change }, [stu('5А-3')]);
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(message);
    expect(await orderCount(t.database.db, k.schoolId)).toBe(before);
    expect(await spans(t.database.db, k.schoolId, stu('5А-3'), names)).toEqual(['5А 2026-09-01..']);
  });

  it('keeps what was typed when re-showing the form', async () => {
    const res = await post('transfer', { number: '31-К', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: '', reason: 'по заявлению' }, [stu('5А-3')]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="31-К"');
    expect(res.body).toContain('value="по заявлению"');
  });

  it('refuses back-dating before the student\'s last movement', async () => {
    // 5Б-1 moved to 5А on 05.10.2026 (order 21-К)
    const res = await post('withdrawal', { number: '32-К', date: '2026-11-20', effectiveOn: '2026-10-01', reason: 'переезд' }, [stu('5Б-1')]);
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Ученик11 Пётр: у обучающегося есть движение позже этой даты: приказ № 21-К от 05.10.2026');
    expect(await orderByNumber(t.database.db, k.schoolId, '32-К')).toBeUndefined();
  });

  it('refuses the same student twice in one order', async () => {
    const id = await newStudent(t.database.db, k.schoolId, 'Дважды');
    const res = await post('enrolment', { number: '33-К', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: cls('5Б') }, [id, id]);
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Дважды Ольга указан(а) в приказе дважды.');
  });

  it('refuses enrolling a student who is in a class, and withdrawing one who is in none', async () => {
    const enrol = await post('enrolment', { number: '34-К', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: cls('5Б') }, [stu('5А-3')]);
    expect(enrol.statusCode).toBe(422);
    expect(mainText(enrol.body)).toContain('Ученик03 Пётр на 20.11.2026 уже состоит в классе 5А: сначала нужен приказ о выбытии или переводе.');
    const out = await post('withdrawal', { number: '34-К', date: '2026-11-20', effectiveOn: '2026-11-20', reason: 'x' }, [stu('5А-2')]);
    expect(out.statusCode).toBe(422);
    expect(mainText(out.body)).toContain('Ученик02 Пётр на 20.11.2026 не состоит ни в одном классе.');
    // 5Б-2 graduates on 20.05.2027: anything before that date is back-dating
    const early = await post('withdrawal', { number: '34-К', date: '2026-11-20', effectiveOn: '2026-11-20', reason: 'x' }, [stu('5Б-2')]);
    expect(mainText(early.body)).toContain('Ученик12 Пётр: у обучающегося есть движение позже этой даты: приказ № 22-К от 20.11.2026 (с 20.05.2027).');
  });

  it('refuses a duplicate number and date, but takes the same number on another date', async () => {
    const dup = await post('transfer', { number: '21-К', date: '2026-10-05', effectiveOn: '2026-11-20', toClassId: cls('5Б') }, [stu('5А-3')]);
    expect(dup.statusCode).toBe(422);
    expect(mainText(dup.body)).toContain('Приказ с таким номером и датой уже есть в книге.');
    const other = await post('transfer', { number: '21-К', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: cls('5Б') }, [stu('5А-3')]);
    expect(other.statusCode).toBe(303);
  });

  it('refuses an unknown kind and a student of no card', async () => {
    await sec.get('/contingent/orders/new');
    const kind = await postPairs(sec, '/contingent/orders', [['kind', 'expulsion'], ['number', '1'], ['date', '2026-11-20']]);
    expect(kind.statusCode).toBe(422);
    expect(mainText(kind.body)).toContain('Выберите вид приказа.');
    const nobody = await post('withdrawal', { number: '35-К', date: '2026-11-20', effectiveOn: '2026-11-20', reason: 'x' }, ['00000000-0000-4000-8000-000000000000']);
    expect(nobody.statusCode).toBe(422);
    expect(mainText(nobody.body)).toContain('Выберите обучающихся из списка.');
  });
});

describe('a posted order is never edited', () => {
  it('has no edit route', async () => {
    const order = await orderByNumber(t.database.db, k.schoolId, '20-К');
    await sec.get(`/contingent/orders/${order!.id}`);
    for (const path of [`/contingent/orders/${order!.id}/edit`, `/contingent/orders/${order!.id}`]) {
      const res = await sec.post(path, { number: '999', reason: 'x' });
      expect(res.statusCode, path).toBe(404);
    }
    expect((await sec.get(`/contingent/orders/${order!.id}/edit`)).statusCode).toBe(404);
    expect(await orderByNumber(t.database.db, k.schoolId, '20-К')).toMatchObject({ status: 'posted', number: '20-К' });
  });
});

describe('cancelling an order', () => {
  it('needs a written reason', async () => {
    const order = await orderByNumber(t.database.db, k.schoolId, '20-К');
    await sec.get(`/contingent/orders/${order!.id}`);
    const res = await sec.post(`/contingent/orders/${order!.id}/cancel`, { reason: '  ' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Укажите причину отмены (не короче 3 символов).');
    expect(await orderByNumber(t.database.db, k.schoolId, '20-К')).toMatchObject({ status: 'posted', cancelReason: null });
  });

  it('is refused when a later order relies on it, naming that order', async () => {
    // 5Б-1: transfer 5Б → 5А (21-К, 05.10) then a withdrawal from 5А (40-К, 16.11): the transfer cannot go.
    expect((await post('withdrawal', { number: '40-К', date: '2026-11-16', effectiveOn: '2026-11-16', reason: 'переезд в г. Калугу' }, [stu('5Б-1')])).statusCode).toBe(303);
    const transfer = await orderByNumber(t.database.db, k.schoolId, '21-К');
    await sec.get(`/contingent/orders/${transfer!.id}`);
    const res = await sec.post(`/contingent/orders/${transfer!.id}/cancel`, { reason: 'ошибка в номере класса' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Приказ нельзя отменить: на него опирается приказ № 40-К от 16.11.2026 (Ученик11 Пётр). Сначала отмените более поздний приказ.');
    expect((await orderByNumber(t.database.db, k.schoolId, '21-К'))!.status).toBe('posted');
    expect(await spans(t.database.db, k.schoolId, stu('5Б-1'), names)).toEqual(['5Б 2026-09-01..2026-10-05 transfer', '5А 2026-10-05..2026-11-16 withdrawal']);
    expect(await auditOf(t.database.db, k.schoolId, transfer!.id)).toHaveLength(1);
  });

  it('cancels the later order first, then the earlier one, rebuilding the history each time', async () => {
    const withdrawal = await orderByNumber(t.database.db, k.schoolId, '40-К');
    await sec.get(`/contingent/orders/${withdrawal!.id}`);
    const res = await sec.post(`/contingent/orders/${withdrawal!.id}/cancel`, { reason: 'заявление отозвано' });
    expect(res.statusCode).toBe(303);
    expect(mainText((await sec.get(res.headers.location as string)).body)).toContain('Приказ отменён. Движение обучающихся пересчитано.');
    expect(await orderByNumber(t.database.db, k.schoolId, '40-К')).toMatchObject({ status: 'cancelled', cancelReason: 'заявление отозвано' });
    expect(await spans(t.database.db, k.schoolId, stu('5Б-1'), names)).toEqual(['5Б 2026-09-01..2026-10-05 transfer', '5А 2026-10-05..']);
    const audit = await auditOf(t.database.db, k.schoolId, withdrawal!.id);
    expect(audit.map((a) => a.action)).toEqual(['post', 'cancel']);
    expect(audit[1]).toMatchObject({ reason: 'заявление отозвано', newValue: { status: 'cancelled', cancelReason: 'заявление отозвано' } });
    expect(audit[1]!.oldValue).toMatchObject({ order: { number: '40-К', status: 'posted' }, items: [{ studentName: 'Ученик11 Пётр', fromClass: '5А' }] });

    const transfer = await orderByNumber(t.database.db, k.schoolId, '21-К');
    await sec.get(`/contingent/orders/${transfer!.id}`);
    expect((await sec.post(`/contingent/orders/${transfer!.id}/cancel`, { reason: 'ошибка в номере класса' })).statusCode).toBe(303);
    expect(await spans(t.database.db, k.schoolId, stu('5Б-1'), names)).toEqual(['5Б 2026-09-01..']);
    expect(await listOn('5Б', '2026-11-20')).toContainEqual(expect.stringMatching(/^\d Ученик11 Пётр k-5Б-1$/));
  });

  it('shows a cancelled order as cancelled, without a cancel form, and greys it in the student history', async () => {
    const order = await orderByNumber(t.database.db, k.schoolId, '40-К');
    const page = await sec.get(`/contingent/orders/${order!.id}`);
    expect(mainText(page.body)).toContain('Статус отменён');
    expect(mainText(page.body)).toContain('Причина отмены заявление отозвано');
    expect(page.body).not.toContain('/cancel"');
    const again = await sec.post(`/contingent/orders/${order!.id}/cancel`, { reason: 'ещё раз' });
    expect(again.statusCode).toBe(303);
    expect(mainText((await sec.get(again.headers.location as string)).body)).toContain('Приказ уже отменён.');
    const history = await sec.get(`/contingent/students/${stu('5Б-1')}`);
    expect(history.body).toMatch(/<tr class="ctg-cancelled">[\s\S]*?№ 40-К от 16\.11\.2026[\s\S]*?отменён: заявление отозвано/);
    expect(mainText(history.body)).toContain('5Б 01.09.2026 по настоящее время');
  });

  it('lets a correction be posted as a new order after the cancellation', async () => {
    const res = await post('transfer', { number: '41-К', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: cls('5А') }, [stu('5Б-1')]);
    expect(res.statusCode).toBe(303);
    expect(await spans(t.database.db, k.schoolId, stu('5Б-1'), names)).toEqual(['5Б 2026-09-01..2026-11-20 transfer', '5А 2026-11-20..']);
  });
});
