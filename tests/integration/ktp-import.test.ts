// КТП import (templates, encodings, every bad line, confirmation, replace) and copy to a parallel group.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { ktpTopics } from '../../src/modules/curriculum/schema.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { applyChecked, csv, dates, lessonTopics, makeGroup, makeLessons, topicTitles, uploadKtp } from './ktp-support.ts';

let t: TestApp;
let teacher: Client;
let a: Awaited<ReturnType<typeof makeGroup>>;
let b: Awaited<ReturnType<typeof makeGroup>>;
let other: Awaited<ReturnType<typeof makeGroup>>;
let history: Awaited<ReturnType<typeof makeGroup>>;
beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await makeGroup(db, { className: '5А', subject: 'Математика', name: 'ИМП 5А матем.', teacher: 'teacher' });
  b = await makeGroup(db, { className: '5Б', subject: 'Математика', name: 'ИМП 5Б матем.', teacher: 'teacher' });
  other = await makeGroup(db, { className: '5Б', subject: 'Математика', name: 'ИМП 5Б матем. (другая)', teacher: 'classteacher' });
  history = await makeGroup(db, { className: '5Б', subject: 'История', name: 'ИМП 5Б история', teacher: 'teacher' });
  await makeLessons(db, { ...a, teacher: 'teacher', dates: dates(5, addDays(todayIso(), 1)) }); // not given yet: the КТП fills them
  teacher = await loginAs(t.app, 'teacher');
});
afterAll(async () => { await t.close(); });

const H = ['№', 'Раздел', 'Тема урока', 'Часы'];
const count = async (groupId: string) => (await t.database.db.select().from(ktpTopics).where(eq(ktpTopics.groupId, groupId))).length;

const applyFrom = (html: string, groupId: string) => applyChecked(teacher, html, groupId);

describe('templates', () => {
  it('CSV: UTF-8 with BOM, `;`, Russian headers', async () => {
    const res = await teacher.get('/ktp/template.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.rawPayload.subarray(3).toString('utf8').split('\r\n')[0]).toBe('№;Раздел;Тема урока;Часы');
  });
  it('XLSX: the same headers on the first sheet; the template itself imports', async () => {
    const res = await teacher.get('/ktp/template.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(H);
    const up = await uploadKtp(t.app, teacher, history.groupId, { name: 'Шаблон КТП.xlsx', data: res.rawPayload });
    expect(up.statusCode).toBe(200);
    expect(mainText(up.body)).toContain('В файле 2 тем, 3 часов');
    expect(await count(history.groupId)).toBe(0);
  });
  it('an unknown format is a 404', async () => {
    expect((await teacher.get('/ktp/template.pdf')).statusCode).toBe(404);
  });
});

describe('import', () => {
  it('checks a Windows-1251 CSV, writes nothing until confirmed, then fills the lessons', async () => {
    const text = [H, ['1', 'Натуральные числа', 'Ряд натуральных чисел', '2'], ['2', '', 'Сложение', '1'], ['3', 'Дроби', 'Доли', '3']].map((r) => r.join(';')).join('\r\n');
    const res = await uploadKtp(t.app, teacher, a.groupId, { name: 'ктп.csv', data: iconv.encode(text, 'win1251') });
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('В файле 3 тем, 6 часов');
    expect(mainText(res.body)).toContain('Загрузить 3 тем');
    expect(await count(a.groupId)).toBe(0);
    const applied = await applyFrom(res.body, a.groupId);
    expect(applied.statusCode).toBe(303);
    const page = await teacher.get(`/ktp/groups/${a.groupId}`);
    expect(topicTitles(page.body)).toEqual(['1. Ряд натуральных чисел', '2. Сложение', '3. Доли']);
    expect((await lessonTopics(t.database.db, a.groupId)).map((l) => l.topic)).toEqual(['Ряд натуральных чисел', 'Ряд натуральных чисел', 'Сложение', 'Доли', 'Доли']);
  });

  it('a second file replaces the КТП after "заменить N тем на M"', async () => {
    const res = await uploadKtp(t.app, teacher, a.groupId, { name: 'new.csv', data: csv([['Тема урока', 'Часы'], ['Делимость', '1'], ['Простые числа', '1']]) });
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Заменить 3 тем на 2');
    expect(await count(a.groupId)).toBe(3);
    expect((await applyFrom(res.body, a.groupId)).statusCode).toBe(303);
    expect(topicTitles((await teacher.get(`/ktp/groups/${a.groupId}`)).body)).toEqual(['1. Делимость', '2. Простые числа']);
    expect((await lessonTopics(t.database.db, a.groupId)).map((l) => l.topic)).toEqual(['Делимость', 'Простые числа', null, null, null]);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, a.groupId));
    expect(audit.filter((r) => r.action === 'import')).toHaveLength(2);
  });

  it('lists every bad line with why, and writes nothing', async () => {
    const res = await uploadKtp(t.app, teacher, a.groupId, {
      name: 'bad.csv',
      data: csv([H, ['1', '', 'Хорошая тема', '1'], ['2', '', '', '1'], ['3', '', 'Тема', '0'], ['4', '', 'Тема', '11'], ['5', '', 'x'.repeat(10_240), '1'], ['6', '', 'Ещё', 'два']]),
    });
    expect(res.statusCode).toBe(422);
    const text = mainText(res.body);
    expect(text).toContain('5 из 6 строк');
    expect(text).toMatch(/3 Укажите тему урока\./);
    expect(text).toMatch(/4 Часы — целое число от 1 до 10 \(указано «0»\)/);
    expect(text).toMatch(/5 Часы — целое число от 1 до 10 \(указано «11»\)/);
    expect(text).toMatch(/6 Тема длиннее 500 символов/);
    expect(text).toMatch(/7 Часы — целое число от 1 до 10 \(указано «два»\)/);
    expect(res.body).not.toContain('name="payload"');
    expect(await count(a.groupId)).toBe(2);
  });

  it('refuses a file without the needed columns, no file, and a tampered payload', async () => {
    const res = await uploadKtp(t.app, teacher, a.groupId, { name: 'x.csv', data: csv([['Фамилия', 'Имя'], ['Иванов', 'Иван']]) });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Нет обязательных столбцов: «Тема урока», «Часы»');
    const big = await uploadKtp(t.app, teacher, a.groupId, { name: 'big.csv', data: Buffer.alloc(6 * 1024 * 1024, 0x41) });
    expect(big.statusCode).toBe(413);
    expect(mainText(big.body)).toContain('Файл больше 5 МБ.');
    const none = await uploadKtp(t.app, teacher, a.groupId, null);
    expect(none.statusCode).toBe(422);
    expect(mainText(none.body)).toContain('Выберите файл CSV или XLSX.');
    await teacher.get(`/ktp/groups/${a.groupId}`);
    const bad = await teacher.post(`/ktp/groups/${a.groupId}/import/apply`, { payload: JSON.stringify([{ section: null, title: '', hours: 99 }]), expected: '2' });
    expect(bad.statusCode).toBe(422);
    expect(await count(a.groupId)).toBe(2);
    const stale = await teacher.post(`/ktp/groups/${a.groupId}/import/apply`, { payload: JSON.stringify([{ section: null, title: 'Новая', hours: 1 }]), expected: '5' });
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain('КТП изменился (сейчас тем: 2)');
    expect(await count(a.groupId)).toBe(2);
  });
});

describe('copy to a parallel group', () => {
  it('offers only parallel groups the teacher may edit', async () => {
    const res = await teacher.get(`/ktp/groups/${a.groupId}/copy`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`value="${b.groupId}"`);
    expect(res.body).not.toContain(`value="${other.groupId}"`);   // another teacher's
    expect(res.body).not.toContain(`value="${history.groupId}"`); // another subject
    expect(res.body).not.toContain(`value="${a.groupId}"`);
  });

  it('copies into an empty group at once, asks before replacing a filled one', async () => {
    await teacher.get(`/ktp/groups/${a.groupId}/copy`);
    const first = await teacher.post(`/ktp/groups/${a.groupId}/copy`, { targetId: b.groupId });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/ktp/groups/${b.groupId}`);
    expect(await count(b.groupId)).toBe(2);
    await teacher.post(`/ktp/groups/${b.groupId}/topics`, { title: 'Только в 5Б', hours: '1' });
    expect(await count(b.groupId)).toBe(3);
    await teacher.get(`/ktp/groups/${a.groupId}/copy`);
    const ask = await teacher.post(`/ktp/groups/${a.groupId}/copy`, { targetId: b.groupId });
    expect(ask.statusCode).toBe(200);
    expect(mainText(ask.body)).toContain('Заменить 3 тем на 2');
    expect(await count(b.groupId)).toBe(3);
    const done = await teacher.post(`/ktp/groups/${a.groupId}/copy`, { targetId: b.groupId, confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect(topicTitles((await teacher.get(`/ktp/groups/${b.groupId}`)).body)).toEqual(['1. Делимость', '2. Простые числа']);
  });

  it('refuses a non-parallel or foreign target with 422 and changes nothing', async () => {
    for (const targetId of [other.groupId, history.groupId, crypto.randomUUID(), 'nope']) {
      await teacher.get(`/ktp/groups/${a.groupId}/copy`);
      const res = await teacher.post(`/ktp/groups/${a.groupId}/copy`, { targetId, confirm: 'yes' });
      expect(res.statusCode, targetId).toBe(422);
    }
    expect(await count(other.groupId)).toBe(0);
    expect(await count(history.groupId)).toBe(0);
  });
});
