// Import of a 10,000-line students file: preview and apply, timed; one bad line at 9,000 stops everything.
import { and, eq, isNotNull, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { guardians, studentGuardians, students } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { batchIdOf, csvText, encode, STUDENT_HEADERS, studentLine, upload, type Line } from '../fixtures/imports/files.ts';

const N = Number(process.env.IMPORT_N ?? 10_000);
const CLASSES = ['1А', '2Б', '3А', '4Б', '5А', '6Б', '7А', '8Б', '9А', '10Б', '11А'];

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(async () => { await t.close(); });

function bigFile(bad?: number): Buffer {
  const lines: Line[] = [];
  for (let i = 1; i <= N; i++) {
    const n = 20_000 + i;
    lines.push(studentLine(n, {
      'Дата рождения': `${String(1 + (i % 28)).padStart(2, '0')}.0${1 + (i % 9)}.${2009 + (i % 10)}`,
      Класс: CLASSES[i % CLASSES.length]!,
      'Родитель 2 Фамилия': `Большов${i}`.replace(/\d/g, (d) => 'абвгдежзик'[Number(d)]!), 'Родитель 2 Имя': 'Пётр', 'Родитель 2 Кем приходится': 'отец',
      ...(i === bad ? { Пол: 'неизвестно' } : {}),
    }));
  }
  return encode(csvText(STUDENT_HEADERS, lines), 'utf-8-bom');
}

const countLike = async () => Number((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(students).where(like(students.personalFileNo, 'ИМ-%')))[0]!.n);

describe(`a ${N.toLocaleString('ru-RU')}-line students file`, () => {
  it('with one bad line at line 9,000: that line is listed and nothing is written', async () => {
    const data = bigFile(8_999);
    expect(data.length).toBeLessThan(5 * 1024 * 1024);
    const res = await upload(t.app, admin, 'students', { name: 'big-bad.csv', data });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(`ошибки в строках — 1 из ${N}`);
    expect(res.body).toMatch(/<tr><td>9000<\/td><td>пол должен быть «м» или «ж», а не «неизвестно»<\/td><\/tr>/);
    expect(await countLike()).toBe(0);
  }, 180_000);

  it('previews and applies correctly (timed)', async () => {
    const data = bigFile();
    let started = performance.now();
    const res = await upload(t.app, admin, 'students', { name: 'big.csv', data });
    const previewMs = Math.round(performance.now() - started);
    expect(res.statusCode, mainText(res.body).slice(0, 500)).toBe(303);
    const id = batchIdOf(res.headers.location)!;
    const page = mainText((await admin.get(`/import/${id}`)).body);
    expect(page).toMatch(new RegExp(`Строк в файле ${N} Будет создано ${N} Будет обновлено 0 Без изменений 0`));
    expect(page).toContain(`Родители новых ${2 * N}, изменённых 0, новых связей с детьми ${2 * N}`);
    expect(page).toContain(`Будут зачислены в классы ${N}`);
    // The file gives no consents (152-ФЗ): the mothers' phones are not kept, and the preview says so once.
    expect(page).toContain(`Телефон и почта не сохранены у ${N} родителей: нет согласия на обработку персональных данных`);

    started = performance.now();
    const applied = await admin.post(`/import/${id}/apply`, { orderNumber: '500-К', orderDate: '2026-11-20' });
    const applyMs = Math.round(performance.now() - started);
    expect(applied.statusCode, mainText(applied.body).slice(0, 500)).toBe(303);
    console.log(`[imports] ${t.database.kind}: ${N} lines, ${(data.length / 1024 / 1024).toFixed(2)} MB — preview ${previewMs} ms, apply ${applyMs} ms`);

    expect(await countLike()).toBe(N);
    const db = t.database.db;
    const [g] = await db.select({ n: sql<number>`count(*)::int` }).from(guardians).where(like(guardians.lastName, 'Импортова%'));
    expect(Number(g!.n)).toBe(N);
    const [withPhone] = await db.select({ n: sql<number>`count(*)::int` }).from(guardians).where(and(like(guardians.lastName, 'Импортова%'), isNotNull(guardians.phone)));
    expect(Number(withPhone!.n)).toBe(0);
    const [l] = await db.select({ n: sql<number>`count(*)::int` }).from(studentGuardians)
      .innerJoin(students, and(eq(students.schoolId, studentGuardians.schoolId), eq(students.id, studentGuardians.studentId)))
      .where(like(students.personalFileNo, 'ИМ-%'));
    expect(Number(l!.n)).toBe(2 * N);
    const [m] = await db.select({ n: sql<number>`count(*)::int` }).from(classMemberships)
      .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
      .where(and(like(students.personalFileNo, 'ИМ-%'), eq(classMemberships.startsOn, '2026-11-20')));
    expect(Number(m!.n)).toBe(N);

    // The same file again: all unchanged.
    started = performance.now();
    const again = await upload(t.app, admin, 'students', { name: 'big.csv', data });
    const againMs = Math.round(performance.now() - started);
    expect(again.statusCode).toBe(303);
    const second = mainText((await admin.get(again.headers.location as string)).body);
    expect(second).toMatch(new RegExp(`Будет создано 0 Будет обновлено 0 Без изменений ${N}`));
    console.log(`[imports] ${t.database.kind}: second preview of the same file ${againMs} ms`);
  }, 300_000);
});
