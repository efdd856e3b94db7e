import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels } from '../support/client.ts';
import { ruDate, todayIso } from '../../src/web/dates.ts';
import { aStudentOf, classByName, makeTeacherSubjectOnly, memberOf, schoolId, studentByName } from './people-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await makeTeacherSubjectOnly(t.database.db);
});
afterAll(async () => { await t.close(); });

/** The rows of the class list: cells' text per row. */
function rows(html: string): string[] {
  const table = /<table class="people-table class-list">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => mainText(m[1]!));
}

describe('«Мой класс»', () => {
  it('lists the class today: №, name, birth date, file number, consent, guardians with contacts', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const page = await ct.get('/my-class');
    expect(page.statusCode).toBe(200);
    expect(navLabels(page.body)).toContain('Мой класс');
    const text = mainText(page.body);
    expect(text).toContain('Мой класс: 5А');
    expect(text).toMatch(new RegExp(`Список класса 5А на ${ruDate(todayIso())}: \\d+ обучающихся\\.`));
    const dima = rows(page.body).find((r) => r.includes('Морозов Дмитрий Сергеевич'));
    // «отчёт за период»: the link to the student's report (reports/student).
    expect(dima).toMatch(/^\d+ Морозов Дмитрий Сергеевич отчёт за период 03\.05\.2015 М-0001 согласие есть мать: Морозова Анна Игоревна \+7 915 123-45-67, morozova\.anna@example\.ru отец: Морозов Сергей Викторович \+7 916 765-43-21$/);
    // Numbered 1…n in alphabetical order (a student who left this year is listed after, unnumbered, as «выбыл(а)»).
    const list = rows(page.body).filter((r) => !/выбыл/.test(r));
    expect(list.map((r) => Number(r.split(' ')[0]))).toEqual(list.map((_, i) => i + 1));
    const names = list.map((r) => r.split(' ').slice(1, 3).join(' '));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ru')));
    // Names open the cards (the class teacher's scope).
    const { id } = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    expect(page.body).toContain(`href="/people/students/${id}"`);
  });

  it('shows the list on another date: who left is marked "выбыл(а)" with the date, who came later is absent', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const c5a = await classByName(t.database.db, '5А');
    const leaver = await aStudentOf(t.database.db, '5А');
    await t.database.db.update(classMemberships).set({ endsOn: '2026-11-12', endKind: 'withdrawal' })
      .where(and(eq(classMemberships.studentId, leaver.id), eq(classMemberships.classId, c5a.id)));
    const leaverCard = (await t.database.db.select().from(students).where(eq(students.id, leaver.id)))[0]!;
    const word = leaverCard.sex === 'ж' ? 'выбыла' : 'выбыл';
    // A newcomer from 5Б, transferred on 2026-11-20.
    const mover = await aStudentOf(t.database.db, '5Б');
    const c5b = await classByName(t.database.db, '5Б');
    await t.database.db.update(classMemberships).set({ endsOn: '2026-11-20', endKind: 'transfer' }).where(and(eq(classMemberships.studentId, mover.id), eq(classMemberships.classId, c5b.id)));
    await t.database.db.insert(classMemberships).values({ schoolId: c5a.schoolId, studentId: mover.id, classId: c5a.id, startsOn: '2026-11-20' });
    const moverName = `${mover.lastName} ${mover.firstName}`;

    const today = await ct.get('/my-class');
    const leaverRow = rows(today.body).find((r) => r.includes(`${leaver.lastName} ${leaver.firstName}`));
    expect(leaverRow).toMatch(new RegExp(`^${leaver.lastName} ${leaver.firstName} .*${word} 12\\.11\\.2026`));
    expect(today.body).not.toContain(`href="/people/students/${leaver.id}"`);
    expect(rows(today.body).some((r) => r.includes(moverName))).toBe(true);

    const before = await ct.get(`/my-class?class=${c5a.id}&date=2026-11-10`);
    expect(mainText(before.body)).toContain('Список класса 5А на 10.11.2026');
    const early = rows(before.body).find((r) => r.includes(`${leaver.lastName} ${leaver.firstName}`));
    expect(early).toMatch(/^\d+ /);
    expect(early).not.toContain('выбыл');
    expect(rows(before.body).some((r) => r.includes(moverName))).toBe(false);
    // Typed the Russian way, the date works too; a nonsense date falls back to today.
    expect(mainText((await ct.get(`/my-class?date=10.11.2026`)).body)).toContain('на 10.11.2026');
    expect(mainText((await ct.get(`/my-class?date=2026-02-30`)).body)).toContain(`на ${ruDate(todayIso())}`);
    // Before 1 September nobody was in the class yet.
    expect(mainText((await ct.get('/my-class?date=2026-08-31')).body)).toContain('На эту дату в классе нет обучающихся.');
  });

  it('a class teacher of two classes picks the class; a class they do not lead is 404', async () => {
    const { staffId } = await memberOf(t.database.db, 'classteacher');
    const c6b = await classByName(t.database.db, '6Б');
    await t.database.db.update(schoolClasses).set({ classTeacherId: staffId }).where(eq(schoolClasses.id, c6b.id));
    try {
      const ct = await loginAs(t.app, 'classteacher');
      const choose = await ct.get('/my-class');
      expect(mainText(choose.body)).toContain('Выберите класс.');
      expect(choose.body).not.toContain('class="people-table class-list"');
      const c5a = await classByName(t.database.db, '5А');
      expect(choose.body).toContain(`href="/my-class?class=${c5a.id}"`);
      expect(choose.body).toContain(`href="/my-class?class=${c6b.id}"`);
      const six = await ct.get(`/my-class?class=${c6b.id}`);
      expect(mainText(six.body)).toContain('Мой класс: 6Б');
      const pupil = await aStudentOf(t.database.db, '6Б');
      expect(rows(six.body).some((r) => r.includes(`${pupil.lastName} ${pupil.firstName}`))).toBe(true);
      expect(rows(six.body).some((r) => r.includes('Морозов Дмитрий'))).toBe(false);
      // …and may open the cards of both classes now.
      expect((await ct.get(`/people/students/${pupil.id}`)).statusCode).toBe(200);
      const c7a = await classByName(t.database.db, '7А');
      expect((await ct.get(`/my-class?class=${c7a.id}`)).statusCode).toBe(404);
      expect((await ct.get('/my-class?class=not-a-uuid')).statusCode).toBe(200);
    } finally {
      await t.database.db.update(schoolClasses).set({ classTeacherId: null }).where(eq(schoolClasses.id, c6b.id));
    }
  });

  it.each(['admin', 'deputy', 'secretary', 'teacher', 'parent', 'student'])('%s (not a class teacher) gets 403', async (login) => {
    const c = await loginAs(t.app, login);
    const res = await c.get('/my-class');
    expect(res.statusCode).toBe(403);
    expect(mainText(res.body)).not.toContain('М-0001');
    expect(navLabels((await c.get('/')).body)).not.toContain('Мой класс');
  });

  it('shows each role its people navigation', async () => {
    const expected: Record<string, string[]> = {
      admin: ['Сотрудники', 'Обучающиеся'], deputy: ['Сотрудники', 'Обучающиеся'], secretary: ['Обучающиеся'],
      classteacher: ['Мой класс'], teacher: [], parent: [], student: [],
    };
    for (const [login, labels] of Object.entries(expected)) {
      const nav = navLabels((await (await loginAs(t.app, login)).get('/')).body).filter((l) => ['Сотрудники', 'Обучающиеся', 'Мой класс'].includes(l));
      expect(nav, login).toEqual(labels);
    }
  });

  it('without contacts collected, the list shows no phones or e-mails', async () => {
    await buildSmallSchool(t.database, 'pmc');
    const ct = await loginAs(t.app, 'pmc-ct', FIXTURE_PASSWORD);
    const page = await ct.get('/my-class');
    expect(page.statusCode).toBe(200);
    const list = rows(page.body);
    expect(list).toHaveLength(3);
    expect(list[0]).toMatch(/^1 Ученик01 Пётр отчёт за период 01\.01\.2015 pmc-5А-1 нет согласия мать: Родителева01 Мария нет согласия$/);
    expect(page.body).not.toContain('+7 900 000-00-00');
    // The demo school's class is none of theirs.
    const sid = await schoolId(t.database.db);
    const c5a = await classByName(t.database.db, '5А');
    expect(c5a.schoolId).toBe(sid);
    expect((await ct.get(`/my-class?class=${c5a.id}`)).statusCode).toBe(404);
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    expect((await ct.get(`/people/students/${dima.id}`)).statusCode).toBe(404);
  });
});
