// The archive of a closed year through HTTP: the admin of a small school (archive-support.ts) downloads the ZIP of its
// closed 2026/2027; unzipped, it holds every file the manifest lists with the right hashes, the marks and attendance
// rows equal the database's, the book of movements and the journal pages show the withdrawal; `verify` says it is
// intact, then names the file whose byte was flipped, refuses a manifest changed after signing, a key that is not the
// server's, and a file that is not an archive. Access: only the admin; another school's year 404; an open year 422.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveVerifyCommand } from '../../src/cli/archive.ts';
import { rowsOf } from '../../src/db/client.ts';
import { marks } from '../../src/modules/journal/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { academicYears } from '../../src/modules/setup/schema.ts';
import { existingKey } from '../../src/modules/archive/keys.ts';
import { parseManifest, verdictText } from '../../src/modules/archive/rules.ts';
import { verifyArchive } from '../../src/modules/archive/verify.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { schoolOf } from './journal-support.ts';
import { buildArchiveSchool, csvRows, D, dataOffset, readBytes, sha256, unzipAll, zipAll } from './archive-support.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof buildArchiveSchool>>;
let dir: string;
let admin: Client;
let zipFile: string;
let files: Map<string, Buffer>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'otmetka-archive-'));
  t = await startTestApp({ env: { ARCHIVE_KEY_FILE: path.join(dir, 'keys', 'archive-key.pem') } });
  s = await buildArchiveSchool(t.database, 'arc');
  admin = await loginAs(t.app, 'arc-admin', FIXTURE_PASSWORD);
  const res = await admin.get(`/year/archive/${s.yearId}/zip`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="otmetka-archive-${D.yearName.replace('/', '-')}.zip"`);
  zipFile = path.join(dir, 'year.zip');
  await writeFile(zipFile, res.rawPayload);
  files = await unzipAll(zipFile);
}, 180_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const manifest = () => parseManifest(files.get('manifest.json')!.toString('utf8'))!;
const csv = (name: string) => csvRows(files.get(name)!);

describe('the ZIP of a closed year', () => {
  it('lists every file in the manifest with its size and SHA-256; the manifest and its signature come last', () => {
    const m = manifest();
    expect(m.school).toEqual({ id: s.schoolId, name: 'Школа arc' });
    expect(m.year).toMatchObject({ id: s.yearId, name: '2026/2027', status: 'closed' });
    const names = [...files.keys()];
    expect(names.slice(-2)).toEqual(['manifest.json', 'manifest.sig']);
    expect(m.files.map((f) => f.path)).toEqual(names.slice(0, -2));
    for (const f of m.files) {
      expect(files.get(f.path)!.length, f.path).toBe(f.size);
      expect(sha256(files.get(f.path)!), f.path).toBe(f.sha256);
    }
    expect(m.totals.files).toBe(m.files.length);
    expect(names).toEqual(expect.arrayContaining([
      'README.txt', 'index.html', 'classes.csv', 'students.csv', 'class-lists.csv', 'marks.csv', 'attendance.csv', 'lessons.csv',
      'period-marks.csv', 'summary-sheets/5a.csv', 'summary-sheets/5a.xlsx', 'summary-sheets/5a.html', 'summary-sheets/5b.html',
      'journal/5a/matematika-5a.html', 'journal/5b/matematika-5b.html', 'contingent/orders.csv', 'contingent/movements.csv',
      'audit/audit-events.csv',
    ]));
    expect(m.signature.fingerprint).toBe(existingKey(path.join(dir, 'keys', 'archive-key.pem'))!.fingerprint);
  });

  it('marks.csv and attendance.csv hold exactly the rows of the database, with dates and work types', async () => {
    const db = t.database.db;
    const rows = await db.select({ date: lessons.date, value: marks.value }).from(marks)
      .innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId)))
      .where(eq(marks.schoolId, s.schoolId)).orderBy(asc(lessons.date));
    const [header, ...data] = csv('marks.csv');
    expect(header!.slice(0, 3)).toEqual(['Дата урока', '№ урока', 'ID урока']);
    expect(data).toHaveLength(rows.length);
    expect(manifest().counts.marks).toBe(rows.length);
    expect(manifest().files.find((f) => f.path === 'marks.csv')!.rows).toBe(rows.length);
    const at = (h: string) => header!.indexOf(h);
    expect(data.map((r) => [r[0], r[at('Группа')], r[at('Обучающийся')], r[at('Колонка')], r[at('Вид работы')], r[at('Вес')], r[at('Отметка')],
      r[at('Комментарий')]])).toEqual([
      [D.one, 'Математика 5А', 'Ученик01 Пётр', '1', 'Ответ на уроке', '1', '5', ''],
      [D.one, 'Математика 5А', 'Ученик02 Пётр', '1', 'Ответ на уроке', '1', '4', 'у доски'],
      [D.two, 'Математика 5А', 'Ученик01 Пётр', '1', 'Ответ на уроке', '1', '3', ''],
      [D.two, 'Математика 5А', 'Ученик01 Пётр', '2', 'Контрольная работа', '2', '4', ''],
      [D.two, 'Математика 5А', 'Ученик03 Пётр', '2', 'Контрольная работа', '2', '2', ''],
      [D.b, 'Математика 5Б', 'Ученик11 Пётр', '1', 'Ответ на уроке', '1', '5', ''],
    ]);
    const [aHeader, ...absences] = csv('attendance.csv');
    const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from attendance where school_id = ${s.schoolId}`)) as [{ n: number }];
    expect(absences).toHaveLength(Number(n));
    expect(absences.map((r) => [r[0], r[aHeader!.indexOf('Обучающийся')], r[aHeader!.indexOf('Отметка')], r[aHeader!.indexOf('Причина')]])).toEqual([
      [D.one, 'Ученик03 Пётр', 'отсутствие', 'по болезни'], [D.two, 'Ученик02 Пётр', 'опоздание', ''],
    ]);
  });

  it('lessons.csv keeps topics (typed or from the КТП) and homework exactly, quotes and line breaks included', () => {
    const [header, ...rows] = csv('lessons.csv');
    const col = (h: string) => header!.indexOf(h);
    const mine = rows.filter((r) => r[col('Группа')] === 'Математика 5А');
    expect(mine.map((r) => [r[col('Дата')], r[col('Тема')], r[col('Откуда тема')], r[col('Домашнее задание')], r[col('Контрольная работа')]])).toEqual([
      [D.one, 'Натуральные числа', 'из КТП', '№ 1–5', 'нет'],
      [D.two, 'Сложение; «кавычки» и перенос\nстроки', '', '', 'да'],
      [D.three, '', '', '', 'нет'],
    ]);
    expect(files.get('lessons.csv')!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('the class lists on each date of change, the withdrawal in the book of movements and on the journal page', () => {
    const lists = csv('class-lists.csv').slice(1).filter((r) => r[0] === '5А');
    expect(lists.map((r) => [r[1], r[4]])).toEqual([
      [D.start, 'Ученик01 Пётр'], [D.start, 'Ученик02 Пётр'], [D.start, 'Ученик03 Пётр'],
      [D.left, 'Ученик01 Пётр'], [D.left, 'Ученик02 Пётр'],
    ]);
    const moves = csv('contingent/movements.csv');
    expect(moves.slice(1).find((r) => r[1] === '7-К')).toEqual(expect.arrayContaining([D.left, 'Выбытие', 'Ученик03 Пётр', '5А', 'Переезд в Тверь']));
    const page = files.get('journal/5a/matematika-5a.html')!.toString('utf8');
    expect(page).toContain('выбыл(а) 12.11.2026');
    expect(page).toContain('Натуральные числа');
    expect(page).toMatch(/<style>[\s\S]*@page \{ size: A4 landscape/);
    expect(page).not.toMatch(/<script|<link|src="\/|href="\//);
  });

  it('the summary sheets: the report\'s CSV, an XLSX workbook and the printed page, self-contained', () => {
    const sheet = csv('summary-sheets/5a.csv');
    expect(sheet[0]!.slice(0, 3)).toEqual(['№', 'Обучающийся', 'Движение']);
    expect(sheet.slice(1).map((r) => r[1])).toEqual(['Ученик01 Пётр', 'Ученик02 Пётр', 'Ученик03 Пётр']);
    expect(files.get('summary-sheets/5a.xlsx')!.subarray(0, 2).toString()).toBe('PK');
    const html = files.get('summary-sheets/5a.html')!.toString('utf8');
    expect(html).toContain('Сводная ведомость итоговых отметок');
    expect(html).toContain('.ss-table');
    expect(html).not.toMatch(/<script|<link/);
  });
});

describe('verify', () => {
  it('says the archive is intact', async () => {
    const v = await verifyArchive(zipFile);
    expect(v).toMatchObject({ ok: true, files: manifest().files.length, keyGiven: false });
    expect(verdictText(v)).toMatch(/^Архив цел: \d+ файл(а|ов)?, подпись верна/);
  });

  it('names the file whose byte was flipped', async () => {
    const bytes = await readBytes(zipFile);
    const { start, length } = await dataOffset(zipFile, 'marks.csv');
    bytes[start + Math.floor(length / 2)]! ^= 0x01;
    const broken = path.join(dir, 'flipped.zip');
    await writeFile(broken, bytes);
    const v = await verifyArchive(broken);
    expect(v).toMatchObject({ ok: false, kind: 'file', path: 'marks.csv' });
    expect(verdictText(v)).toMatch(/^Архив повреждён: marks\.csv — /);
  });

  it('refuses a manifest changed after signing, and a file changed behind the manifest\'s back', async () => {
    const m = manifest();
    const changed = new Map(files);
    changed.set('manifest.json', Buffer.from(files.get('manifest.json')!.toString('utf8').replace(`"marks": ${m.counts.marks}`, '"marks": 999')));
    const tampered = path.join(dir, 'tampered.zip');
    await writeFile(tampered, await zipAll(changed));
    expect(await verifyArchive(tampered)).toEqual({ ok: false, kind: 'signature' });

    const rewritten = new Map(files);
    rewritten.set('students.csv', Buffer.concat([files.get('students.csv')!, Buffer.from('x;Подставной;Ученик\r\n')]));
    const edited = path.join(dir, 'edited.zip');
    await writeFile(edited, await zipAll(rewritten));
    expect(await verifyArchive(edited)).toMatchObject({ ok: false, kind: 'file', path: 'students.csv', problem: 'size' });
  });

  it('with --key: the server\'s key holds, another key is named as another', async () => {
    const ours = await verifyArchive(zipFile, { publicKey: existingKey(path.join(dir, 'keys', 'archive-key.pem'))!.publicKey });
    expect(ours).toMatchObject({ ok: true, keyGiven: true });
    const stranger = generateKeyPairSync('ed25519').publicKey;
    expect(await verifyArchive(zipFile, { publicKey: stranger })).toMatchObject({ ok: false, kind: 'other-key', fingerprint: manifest().signature.fingerprint });
  });

  it('a file that is not ours gets a Russian message and exit code 1', async () => {
    const random = path.join(dir, 'random.bin');
    await writeFile(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    expect(await verifyArchive(random)).toEqual({ ok: false, kind: 'not-ours', detail: 'файл не является ZIP-архивом' });
    const plainZip = path.join(dir, 'plain.zip');
    await writeFile(plainZip, await zipAll(new Map([['a.txt', Buffer.from('hello')]])));
    expect(verdictText(await verifyArchive(plainZip))).toBe('Это не архив Отметки: в нём нет описи manifest.json и подписи manifest.sig.');
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => { errors.push(line); };
    try {
      expect(await archiveVerifyCommand([random], 'usage')).toBe(1);
      expect(await archiveVerifyCommand([zipFile, '--key', random], 'usage')).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors).toEqual(['Это не архив Отметки: файл не является ZIP-архивом.', `В файле ${random} нет ключа Ed25519 (PEM).`]);
  });
});

describe('who may have it', () => {
  it('the admin\'s page lists the years, offers a closed year\'s ZIP and shows the key', async () => {
    const res = await admin.get('/year/archive');
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('2026/2027');
    expect(res.body).toContain(`href="/year/archive/${s.yearId}/zip"`);
    expect(text).toContain(manifest().signature.fingerprint);
    expect(res.body).toContain('BEGIN PUBLIC KEY');
  });

  it('an open year is not offered, and asked for, answers 422 with a Russian message', async () => {
    await t.database.db.update(academicYears).set({ status: 'open' }).where(eq(academicYears.id, s.yearId));
    try {
      const page = await admin.get('/year/archive');
      expect(page.body).not.toContain(`/year/archive/${s.yearId}/zip`);
      expect(mainText(page.body)).toContain('2026/2027 01.09.2026 — 31.08.2027 · идёт Архив — после закрытия года.');
      const res = await admin.get(`/year/archive/${s.yearId}/zip`);
      expect(res.statusCode).toBe(422);
      expect(mainText(res.body)).toContain('Учебный год ещё не закрыт: архив составляется для закрытого года.');
    } finally {
      await t.database.db.update(academicYears).set({ status: 'closed' }).where(eq(academicYears.id, s.yearId));
    }
  });

  it.each(['arc-deputy', 'arc-teacher', 'arc-secretary', 'arc-ct', 'arc-parent', 'arc-student'])('%s is refused', async (login) => {
    const c = await loginAs(t.app, login, FIXTURE_PASSWORD);
    expect((await c.get('/year/archive')).statusCode).toBe(403);
    expect((await c.get(`/year/archive/${s.yearId}/zip`)).statusCode).toBe(403);
  });

  it('another school\'s year, or no year at all, is 404', async () => {
    const demo = await loginAs(t.app, 'admin');
    expect((await demo.get(`/year/archive/${s.yearId}/zip`)).statusCode).toBe(404);
    expect((await demo.get('/year/archive/not-a-year/zip')).statusCode).toBe(404);
    expect((await demo.get(`/year/archive/${crypto.randomUUID()}/zip`)).statusCode).toBe(404);
  });

  it('the demo admin downloads the demo\'s closed previous year; the download is in the school\'s audit trail', async () => {
    const demo = await loginAs(t.app, 'admin');
    const schoolId = await schoolOf(t.database.db, 'admin');
    const [prev] = await t.database.db.select().from(academicYears)
      .where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.status, 'closed')));
    const res = await demo.get(`/year/archive/${prev!.id}/zip`);
    expect(res.statusCode).toBe(200);
    const file = path.join(dir, 'demo.zip');
    await writeFile(file, res.rawPayload);
    expect(await verifyArchive(file)).toMatchObject({ ok: true, school: 'МБОУ «Средняя общеобразовательная школа № 1» (демо)' });
    const audit = await t.database.db.execute(sql`select count(*)::int as n from audit_events
      where school_id = ${schoolId} and entity = 'academic_year' and action = 'archive_download' and entity_id = ${prev!.id}`);
    expect(Number(rowsOf<{ n: number }>(audit)[0]!.n)).toBe(1);
  });
});
