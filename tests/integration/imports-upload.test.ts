// Import: what is refused before any line is looked at, encodings, access and CSRF on the upload.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBatches } from '../../src/modules/imports/schema.ts';
import { guardians, staff, students } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';
import {
  batchIdOf, csvText, encode, multipart, STAFF_HEADERS, STUDENT_HEADERS, studentLine, upload, xlsxFile,
} from '../fixtures/imports/files.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(async () => { await t.close(); });

async function counts() {
  const one = async (table: typeof staff | typeof students | typeof guardians | typeof importBatches) =>
    Number((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n);
  return { staff: await one(staff), students: await one(students), guardians: await one(guardians), batches: await one(importBatches) };
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('the import page', () => {
  it('shows both kinds, the template links and what each column means; "Импорт" is in the admin navigation', async () => {
    const res = await admin.get('/import');
    expect(res.statusCode).toBe(200);
    expect(navLabels(res.body)).toContain('Импорт');
    const text = mainText(res.body);
    for (const s of ['Сотрудники', 'Обучающиеся и родители', 'Табельный номер', 'Номер личного дела', 'Родитель 2 Кем приходится', 'ДД.ММ.ГГГГ']) expect(text).toContain(s);
    for (const href of ['/import/templates/staff.xlsx', '/import/templates/staff.csv', '/import/templates/students.xlsx', '/import/templates/students.csv']) {
      expect(res.body).toContain(`href="${href}"`);
    }
    expect(res.body).toContain('enctype="multipart/form-data"');
  });

  it.each(['deputy', 'secretary', 'teacher', 'classteacher', 'parent', 'student'])('answers 403 to %s on every import route', async (login) => {
    const c = await loginAs(t.app, login);
    expect(navLabels((await c.get('/')).body)).not.toContain('Импорт');
    for (const url of ['/import', '/import/templates/staff.csv', `/import/${crypto.randomUUID()}`]) {
      const res = await c.get(url);
      expect(res.statusCode, `${login} ${url}`).toBe(403);
    }
    const before = await counts();
    const res = await upload(t.app, c, 'students', { name: 'a.csv', data: encode(csvText(STUDENT_HEADERS, [studentLine(1)]), 'utf-8') });
    expect(res.statusCode).toBe(403);
    expect((await c.post(`/import/${crypto.randomUUID()}/apply`)).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('templates', () => {
  it('CSV: UTF-8 with BOM, ";"-separated, Russian headers and one example row', async () => {
    const res = await admin.get('/import/templates/students.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(';')).toEqual(STUDENT_HEADERS);
    expect(lines[1]).toContain('Соколова;Мария');
  });

  it('XLSX: a workbook whose first sheet has the headers and the example row', async () => {
    const res = await admin.get('/import/templates/staff.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(STAFF_HEADERS);
    expect(ws.getRow(2).getCell(1).value).toBe('Петрова');
  });

  it('the templates themselves pass the check (the example row is a valid line)', async () => {
    for (const kind of ['staff', 'students'] as const) {
      for (const format of ['csv', 'xlsx']) {
        const file = (await admin.get(`/import/templates/${kind}.${format}`)).rawPayload;
        const res = await upload(t.app, admin, kind, { name: `t.${format}`, data: file });
        expect(res.statusCode, `${kind}.${format}: ${mainText(res.body)}`).toBe(303);
      }
    }
  });

  it('an unknown template is a 404', async () => {
    expect((await admin.get('/import/templates/other.csv')).statusCode).toBe(404);
  });
});

describe('files that cannot be read: a clear Russian message, nothing written', () => {
  const header = csvText(STUDENT_HEADERS, []);
  it.each([
    ['a PNG renamed .csv', 'photo.csv', PNG, 'Это не таблица CSV или XLSX'],
    ['an empty file', 'empty.csv', Buffer.alloc(0), 'Файл пустой'],
    ['only a BOM and blank lines', 'blank.csv', encode('\r\n\r\n;;;\r\n', 'utf-8-bom'), 'Файл пустой'],
    ['headers only', 'headers.csv', encode(header, 'utf-8-bom'), 'только строка заголовков'],
    ['wrong headers', 'wrong.csv', encode('ФИО;Класс;Адрес\r\nИванов;5А;Москва\r\n', 'utf-8'), 'Неизвестные столбцы: «ФИО», «Адрес»'],
    ['a malformed CSV (unclosed quote)', 'broken.csv', encode(`${header}Иванов;"Иван;Петрович\r\n`, 'utf-8'), 'кавычка, открытая в строке 2, не закрыта'],
    ['an old .xls file', 'old.xls', Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'), 'старого формата Excel (.xls)'],
    ['a zip that is not a workbook', 'x.xlsx', Buffer.from('504b0506000000000000000000000000000000000000', 'hex'), 'Не удалось прочитать файл XLSX'],
  ])('%s', async (_what, name, data, message) => {
    const before = await counts();
    const res = await upload(t.app, admin, 'students', { name, data });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(message);
    expect(res.body).toMatch(/<input type="radio" name="kind" value="students" checked/);
    expect(await counts()).toEqual(before);
  });

  it('names the missing required columns, and says when the file is of the other kind', async () => {
    const res = await upload(t.app, admin, 'students', { name: 's.csv', data: encode('Фамилия;Имя\r\nИванов;Иван\r\n', 'utf-8') });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Нет обязательных столбцов: «Пол», «Дата рождения», «Номер личного дела»');
    const staffFile = encode(csvText(STAFF_HEADERS, [{ Фамилия: 'Петрова', Имя: 'Анна', 'Табельный номер': '1' }]), 'utf-8');
    const wrong = await upload(t.app, admin, 'students', { name: 'staff.csv', data: staffFile });
    expect(mainText(wrong.body)).toContain('Похоже, это файл вида «Сотрудники», а выбран импорт «Обучающиеся и родители»');
  });

  it('asks for the kind and for the file', async () => {
    const noKind = await upload(t.app, admin, '', { name: 'a.csv', data: encode(csvText(STUDENT_HEADERS, [studentLine(1)]), 'utf-8') });
    expect(noKind.statusCode).toBe(422);
    expect(mainText(noKind.body)).toContain('Выберите, что загружаете');
    const noFile = await upload(t.app, admin, 'staff', null);
    expect(noFile.statusCode).toBe(422);
    expect(mainText(noFile.body)).toContain('Выберите файл CSV или XLSX');
  });

  it('a file over 5 MB gets a 413 page in Russian', async () => {
    const before = await counts();
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x41);
    const res = await upload(t.app, admin, 'students', { name: 'big.csv', data: big });
    expect(res.statusCode).toBe(413);
    expect(mainText(res.body)).toContain('Файл больше 5 МБ');
    expect(await counts()).toEqual(before);
  });

  it('two files in one upload are refused', async () => {
    const { payload, contentType } = multipart({ kind: 'staff', _csrf: admin.csrfToken });
    const second = Buffer.from(`Content-Disposition: form-data; name="file2"; filename="b.csv"\r\n\r\nx\r\n`);
    const boundary = contentType.split('boundary=')[1]!;
    const file1 = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--${boundary}\r\n`);
    const body = Buffer.concat([payload.subarray(0, payload.length - `--${boundary}--\r\n`.length), file1, second, Buffer.from(`--${boundary}--\r\n`)]);
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.inject({ method: 'POST', url: '/import', payload: body, headers: { cookie, 'content-type': contentType } });
    expect(res.statusCode).toBe(413);
    expect(mainText(res.body)).toContain('Загрузите один файл за раз');
  });

  it('a malformed upload (no boundary, a body cut short) is a bad request in Russian, not a 500', async () => {
    // The form fuzz found both answering 500 («Multipart: Boundary not found», «Unexpected end of form»).
    const before = await counts();
    const { payload, contentType } = multipart({ kind: 'staff', _csrf: admin.csrfToken }, { name: 'a.csv', data: Buffer.from('Фамилия;Имя\r\n') });
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const cut = payload.subarray(0, payload.length - 30);
    for (const [body, type] of [[payload, 'multipart/form-data'], [cut, contentType]] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/import', payload: body, headers: { cookie, 'content-type': type } });
      expect(res.statusCode).toBe(400);
      expect(mainText(res.body)).toContain('Запрос не удалось разобрать');
    }
    expect(await counts()).toEqual(before);
  });
});

describe('CSRF on the multipart upload', () => {
  it('refuses an upload without the token, and one with a wrong token', async () => {
    const before = await counts();
    const data = encode(csvText(STUDENT_HEADERS, [studentLine(1)]), 'utf-8');
    const none = await upload(t.app, admin, 'students', { name: 'a.csv', data }, { csrf: false });
    expect(none.statusCode).toBe(403);
    expect(mainText(none.body)).toContain('Форма устарела');
    const { payload, contentType } = multipart({ kind: 'students', _csrf: 'forged-token' }, { name: 'a.csv', data });
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const forged = await t.app.inject({ method: 'POST', url: '/import', payload, headers: { cookie, 'content-type': contentType } });
    expect(forged.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    // The same upload with the page's token is accepted.
    const ok = await upload(t.app, admin, 'students', { name: 'a.csv', data });
    expect(ok.statusCode).toBe(303);
    expect(batchIdOf(ok.headers.location)).toBeTruthy();
  });

  it('multipart is accepted only by the import upload', async () => {
    const { payload, contentType } = multipart({ _csrf: admin.csrfToken, current: 'x', password: 'y', confirm: 'y' });
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.inject({ method: 'POST', url: '/password', payload, headers: { cookie, 'content-type': contentType } });
    expect(res.statusCode).toBe(415);
  });
});

describe('encodings and formats', () => {
  const line = studentLine(7001, { Фамилия: 'Ёлкина', Имя: 'Софья', Пол: 'ж', 'Родитель 1 Фамилия': 'Ёлкина', 'Родитель 1 Имя': 'Наталья' });
  it.each([
    ['UTF-8 with BOM', 'utf-8-bom', ';', 'CSV, UTF-8 (с BOM)'],
    ['UTF-8 without BOM', 'utf-8', ',', 'CSV, UTF-8'],
    ['Windows-1251', 'windows-1251', ';', 'CSV, Windows-1251'],
    ['UTF-16 (Excel «Unicode text», tab-separated)', 'utf-16le', '\t', 'CSV, UTF-16 (Юникод)'],
  ] as const)('reads %s', async (_what, encoding, delimiter, title) => {
    const data = encode(csvText(STUDENT_HEADERS, [line], delimiter), encoding);
    const res = await upload(t.app, admin, 'students', { name: 'list.csv', data });
    expect(res.statusCode, mainText(res.body)).toBe(303);
    const page = await admin.get(res.headers.location as string);
    const text = mainText(page.body);
    expect(text).toContain(title);
    expect(text).toContain('Ёлкина Софья Петрович');
  });

  it('reads XLSX with real date cells and numbers', async () => {
    const data = await xlsxFile(STUDENT_HEADERS, [{ ...line, 'Дата рождения': new Date(Date.UTC(2015, 4, 3)), 'Номер личного дела': 12345 }]);
    const res = await upload(t.app, admin, 'students', { name: 'list.xlsx', data });
    expect(res.statusCode, mainText(res.body)).toBe(303);
    expect(mainText((await admin.get(res.headers.location as string)).body)).toContain('XLSX');
  });

  it('matches headers in any order, case and spacing', async () => {
    const headers = ['  НОМЕР ЛИЧНОГО  ДЕЛА', 'фамилия', 'Имя', 'пол (м/ж)', 'Дата рождения (ДД.ММ.ГГГГ)'];
    const text = `${headers.join(';')}\r\nК-1;Тестова;Ольга;ж;01.02.2014\r\n`;
    const res = await upload(t.app, admin, 'students', { name: 'order.csv', data: encode(text, 'utf-8') });
    expect(res.statusCode, mainText(res.body)).toBe(303);
  });
});
