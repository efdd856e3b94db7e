// Who may open and post what in the contingent book, and tenancy: another school's ids answer 404.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltSchool } from '../../src/cli/seed/builder.ts';
import { students } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels } from '../support/client.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { classId, listRows, orderByNumber, orderPairs, postPairs, schoolIdByName } from './contingent-support.ts';

const SCHOOL_1 = 'МБОУ «Средняя общеобразовательная школа № 1» (демо)';
let t: TestApp;
let x: BuiltSchool;
let s1: { school: string; order: string; class5A: string; class5B: string; student: string };

beforeAll(async () => {
  t = await startTestApp();
  x = await buildSmallSchool(t.database, 'x');
  const school = await schoolIdByName(t.database.db, SCHOOL_1);
  const [morozov] = await t.database.db.select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, school), eq(students.personalFileNo, 'М-0001')));
  s1 = {
    school, order: (await orderByNumber(t.database.db, school, '112-К'))!.id,
    class5A: await classId(t.database.db, school, '5А'), class5B: await classId(t.database.db, school, '5Б'), student: morozov!.id,
  };
});
afterAll(async () => { await t.close(); });

const pages = () => [
  '/contingent', '/contingent?tab=book', `/contingent/orders/${s1.order}`, '/contingent/classes',
  `/contingent/classes/${s1.class5A}`, `/contingent/students/${s1.student}`,
];

describe('reading the book', () => {
  it.each(['secretary', 'admin', 'deputy'])('%s opens every page and finds the book in the navigation', async (login) => {
    const c = await loginAs(t.app, login);
    for (const path of pages()) expect((await c.get(path)).statusCode, path).toBe(200);
    expect(navLabels((await c.get('/contingent')).body)).toContain('Книга движения');
  });

  it('lists the orders newest first with their size and status, and filters them', async () => {
    const c = await loginAs(t.app, 'deputy');
    const text = mainText((await c.get('/contingent')).body);
    expect(text).toMatch(/112-К 01\.09\.2026 Зачисление О контингенте обучающихся на 2026\/2027 учебный год \d{3} проведён/);
    expect(mainText((await c.get('/contingent?kind=graduation')).body)).toContain('Приказов не найдено.');
    expect(mainText((await c.get('/contingent?from=2026-09-02')).body)).not.toContain('112-К');
    expect(mainText((await c.get('/contingent?from=nonsense&kind=bogus')).body)).toContain('112-К');
  });

  it('shows every movement chronologically on the second tab, a page at a time', async () => {
    const c = await loginAs(t.app, 'admin');
    const page = await c.get('/contingent?tab=book');
    const text = mainText(page.body);
    expect(text).toMatch(/Всего записей: \d{3}\./);
    expect(text).toMatch(/01\.09\.2026 \S+ \S+ \S+ — → \d+[АБ] Зачисление № 112-К от 01\.09\.2026/);
    expect(page.body).toContain('href="/contingent?tab=book&page=2"');
    expect((await c.get('/contingent?tab=book&page=2')).statusCode).toBe(200);
  });

  it('offers admins and deputies no posting and no cancelling', async () => {
    for (const login of ['admin', 'deputy']) {
      const c = await loginAs(t.app, login);
      const order = await c.get(`/contingent/orders/${s1.order}`);
      expect(order.body).not.toContain('/cancel"');
      expect(mainText((await c.get('/contingent')).body)).not.toContain('Новый приказ');
      expect((await c.get('/contingent/orders/new?kind=enrolment')).statusCode, login).toBe(403);
      const post = await postPairs(c, '/contingent/orders', orderPairs({ kind: 'withdrawal', number: '1', date: '2026-11-20', effectiveOn: '2026-11-20', reason: 'x' }, [s1.student]));
      expect(post.statusCode, login).toBe(403);
      expect((await c.post(`/contingent/orders/${s1.order}/cancel`, { reason: 'попытка' })).statusCode, login).toBe(403);
    }
    expect((await orderByNumber(t.database.db, s1.school, '112-К'))!.status).toBe('posted');
  });

  it.each(['teacher', 'parent', 'student'])('refuses %s every page (403)', async (login) => {
    const c = await loginAs(t.app, login);
    for (const path of [...pages(), '/contingent/orders/new']) {
      const res = await c.get(path);
      expect(res.statusCode, path).toBe(403);
      expect(mainText(res.body)).toContain('Доступ запрещён');
    }
    expect(navLabels((await c.get('/')).body)).not.toContain('Книга движения');
  });

  it('lets the class teacher read the list of their own class only', async () => {
    const c = await loginAs(t.app, 'classteacher');
    const index = mainText((await c.get('/contingent/classes')).body);
    expect(index).toMatch(/Класс Обучающихся сегодня 5А 2[3-7]$/);
    const own = await c.get(`/contingent/classes/${s1.class5A}`);
    expect(own.statusCode).toBe(200);
    expect(listRows(own.body)).toContainEqual(expect.stringMatching(/^\d+ Морозов Дмитрий Сергеевич М-0001/));
    expect(own.body).not.toContain('/contingent/students/'); // no way into the book from here
    expect((await c.get(`/contingent/classes/${s1.class5B}`)).statusCode).toBe(404);
    for (const path of ['/contingent', `/contingent/orders/${s1.order}`, `/contingent/students/${s1.student}`]) {
      expect((await c.get(path)).statusCode, path).toBe(403);
    }
  });

  it('answers 404 for malformed ids', async () => {
    const c = await loginAs(t.app, 'secretary');
    for (const path of ['/contingent/orders/123', '/contingent/classes/abc', '/contingent/students/%27', '/contingent/orders/123/cancel']) {
      const res = path.endsWith('/cancel') ? await c.post(path, { reason: 'xxx' }) : await c.get(path);
      expect(res.statusCode, path).toBe(404);
    }
  });
});

describe('another school', () => {
  it('gives admin2 (school 2) a 404 for every id of school 1', async () => {
    const c = await loginAs(t.app, 'admin2');
    expect((await c.get('/contingent')).statusCode).toBe(200);
    expect(mainText((await c.get('/contingent')).body)).not.toContain('112-К');
    for (const path of pages().slice(2).filter((p) => p !== '/contingent/classes')) expect((await c.get(path)).statusCode, path).toBe(404);
  });

  it('gives the secretary of another school a 404, and cannot cancel or use school 1 data', async () => {
    const c = await loginAs(t.app, 'x-secretary', FIXTURE_PASSWORD);
    for (const path of pages().slice(2).filter((p) => p !== '/contingent/classes')) expect((await c.get(path)).statusCode, path).toBe(404);
    await c.get('/contingent/orders/new?kind=withdrawal');
    expect((await c.post(`/contingent/orders/${s1.order}/cancel`, { reason: 'чужой приказ' })).statusCode).toBe(404);
    const post = await postPairs(c, '/contingent/orders', orderPairs({ kind: 'withdrawal', number: '1-В', date: '2026-11-20', effectiveOn: '2026-11-20', reason: 'x' }, [s1.student]));
    expect(post.statusCode).toBe(422);
    expect(mainText(post.body)).toContain('Выберите обучающихся из списка.');
    const transfer = await postPairs(c, '/contingent/orders', orderPairs({ kind: 'transfer', number: '1-В', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: s1.class5A }, [x.students.get('5А-1')!]));
    expect(transfer.statusCode).toBe(422);
    expect(mainText(transfer.body)).toContain('Выберите класс из списка.');
    expect((await orderByNumber(t.database.db, s1.school, '112-К'))!.status).toBe('posted');
    expect(await orderByNumber(t.database.db, x.schoolId, '1-В')).toBeUndefined();
  });

  it('gives the demo secretary a 404 for the small school\'s ids', async () => {
    const c = await loginAs(t.app, 'secretary');
    // A foreign or malformed class in the order form's search is ignored: not echoed, nobody listed.
    const foreign = x.classes.get('5А')!;
    for (const kind of ['transfer', 'withdrawal', 'promotion']) {
      for (const classId of [foreign, 'not-a-uuid']) {
        const res = await c.get(`/contingent/orders/new?kind=${kind}&classId=${classId}&effectiveOn=2027-09-01`);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain(classId);
        expect(res.body).not.toContain('name="studentId"');
      }
    }
    const refused = await postPairs(c, '/contingent/orders', orderPairs({ kind: 'transfer', number: '', searchClassId: foreign }, []));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).not.toContain(foreign);
    const order = await orderByNumber(t.database.db, x.schoolId, '1-К');
    for (const path of [`/contingent/orders/${order!.id}`, `/contingent/classes/${x.classes.get('5А')}`, `/contingent/students/${x.students.get('5А-1')}`]) {
      expect((await c.get(path)).statusCode, path).toBe(404);
    }
    await c.get('/contingent');
    expect((await c.post(`/contingent/orders/${order!.id}/cancel`, { reason: 'чужой приказ' })).statusCode).toBe(404);
    expect((await orderByNumber(t.database.db, x.schoolId, '1-К'))!.status).toBe('posted');
  });
});

describe('the order forms', () => {
  it('starts with the choice of kind, all eight in Russian', async () => {
    const c = await loginAs(t.app, 'secretary');
    const text = mainText((await c.get('/contingent/orders/new')).body);
    for (const label of ['Зачисление', 'Формирование 1-х и 10-х классов', 'Выбытие', 'Перевод в другой класс', 'Перевод в следующий класс',
      'Условный перевод в следующий класс', 'Оставление на повторное обучение', 'Выпуск']) expect(text).toContain(label);
  });

  it('finds a student for a withdrawal by name or file number, with the class shown', async () => {
    const c = await loginAs(t.app, 'secretary');
    const byName = mainText((await c.get('/contingent/orders/new?kind=withdrawal&q=Морозов')).body);
    expect(byName).toContain('Морозов Дмитрий Сергеевич 5А М-0001');
    expect(byName).toContain('Морозова Алиса Сергеевна 2А М-0002');
    const byFile = mainText((await c.get('/contingent/orders/new?kind=withdrawal&q=М-0002')).body);
    expect(byFile).not.toContain('Морозов Дмитрий');
    const byClass = await c.get(`/contingent/orders/new?kind=transfer&classId=${s1.class5A}`);
    expect(byClass.body.match(/type="radio"/g)!.length).toBeGreaterThan(20);
    expect(mainText((await c.get('/contingent/orders/new?kind=withdrawal&q=%25')).body)).toContain('Никого не найдено');
  });

  it('lists the whole class checked for a promotion and says next year has no classes yet', async () => {
    const c = await loginAs(t.app, 'secretary');
    const step1 = await c.get('/contingent/orders/new?kind=promotion');
    expect(step1.body).toContain('value="2027-09-01"');
    const step2 = await c.get(`/contingent/orders/new?kind=promotion&classId=${s1.class5A}&effectiveOn=2027-09-01`);
    const checked = step2.body.match(/name="studentId" value="[^"]+" checked/g) ?? [];
    expect(checked.length).toBeGreaterThan(20);
    expect(mainText(step2.body)).toContain('Нет подходящих классов следующего учебного года (6-х). Новый учебный год и его классы создаёт администратор школы.');
  });
});
