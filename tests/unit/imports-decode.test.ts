import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cellText, decodeText, detectDelimiter, looksBinary, parseCsv, readTable, sniff } from '../../src/modules/imports/decode.ts';
import { matchHeaders, normalizeHeader } from '../../src/modules/imports/headers.ts';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const bom = (s: string) => new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]));
const cp1251 = (s: string) => new Uint8Array(iconv.encode(s, 'win1251'));

describe('sniff: what the bytes are', () => {
  it.each([
    ['empty', new Uint8Array(), 'empty'],
    ['xlsx (zip)', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'xlsx'],
    ['empty zip', new Uint8Array([0x50, 0x4b, 0x05, 0x06]), 'xlsx'],
    ['old xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]), 'xls'],
    ['png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'binary'],
    ['utf-16 with BOM', new Uint8Array([0xff, 0xfe, 0x1f, 0x04]), 'utf-16le'],
    ['text', utf8('Фамилия;Имя'), 'text'],
  ])('%s', (_n, bytes, want) => expect(sniff(bytes)).toBe(want));
});

describe('decodeText: UTF-8 with or without BOM, else Windows-1251', () => {
  const text = 'Фамилия;Имя\r\nЁлкина;Софья\r\n';
  it.each([
    ['UTF-8', utf8(text), 'utf-8'],
    ['UTF-8 with BOM', bom(text), 'utf-8-bom'],
    ['Windows-1251', cp1251(text), 'windows-1251'],
    ['UTF-16LE with BOM', new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), 'utf-16le'],
  ])('%s', (_n, bytes, encoding) => {
    const d = decodeText(bytes);
    expect(d.encoding).toBe(encoding);
    expect(d.text).toBe(text);
  });

  it('plain ASCII is UTF-8', () => expect(decodeText(utf8('a;b')).encoding).toBe('utf-8'));
  it('a single byte invalid in UTF-8 makes it Windows-1251', () => {
    expect(decodeText(new Uint8Array([0x41, 0xc0, 0x42])).text).toBe('AАB');
  });
});

describe('looksBinary', () => {
  it.each([
    ['text', 'Фамилия;Имя\nИванов;Иван\n', false],
    ['tabs and CR', 'a\tb\r\n', false],
    ['control characters', '\u0001\u0002\u0003abc\u0004', true],
    ['empty', '', false],
  ])('%s', (_n, s, want) => expect(looksBinary(s)).toBe(want));
});

describe('detectDelimiter: from the header line', () => {
  it.each([
    ['Фамилия;Имя;Отчество\n1,2,3', ';'],
    ['Фамилия,Имя,Отчество\n1;2;3', ','],
    ['Фамилия\tИмя\tОтчество', '\t'],
    ['"Фамилия; и имя",Отчество,Пол', ','],
    ['Фамилия', ';'],
  ])('%j → %j', (text, want) => expect(detectDelimiter(text)).toBe(want));
});

describe('parseCsv', () => {
  it('numbers rows by the lines of the file, a quoted value spanning two lines included', () => {
    const r = parseCsv('a;b\n1;"x\ny"\n\n3;4\n');
    expect(r).toEqual({ ok: true, rows: [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['1', 'x\ny'] }, { line: 4, cells: [''] }, { line: 5, cells: ['3', '4'] }] });
  });
  it('keeps quotes inside an unquoted value (ООО "Ромашка")', () => {
    const r = parseCsv('a;b\nООО "Ромашка";2\n');
    expect(r.ok && r.rows[1]!.cells).toEqual(['ООО "Ромашка"', '2']);
  });
  it('names the line of an unclosed quote', () => {
    const r = parseCsv('a;b\n1;2\n3;"4\n5;6\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('открытая в строке 3');
  });
});

describe('cellText: exceljs values as a person sees them', () => {
  it.each([
    [null, ''],
    ['Иванов', 'Иванов'],
    [42, '42'],
    [0.1 + 0.2, '0.3'],
    [new Date(Date.UTC(2015, 4, 3)), '03.05.2015'],
    [{ richText: [{ text: 'Ива' }, { text: 'нов' }] }, 'Иванов'],
    [{ text: 'a@b.ru', hyperlink: 'mailto:a@b.ru' }, 'a@b.ru'],
    [{ formula: 'A1', result: 7 }, '7'],
    [{ formula: 'A1' }, ''],
    [{ error: '#N/A' }, '#N/A'],
    [true, 'ИСТИНА'],
  ])('%j → %j', (value, want) => expect(cellText(value)).toBe(want));
});

describe('readTable', () => {
  it.each([
    ['empty', new Uint8Array(), 'Файл пустой'],
    ['only blank lines', utf8('\n\n;;\n'), 'Файл пустой'],
    ['headers only', bom('Фамилия;Имя\r\n'), 'только строка заголовков'],
    ['binary', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0]), 'Это не таблица CSV или XLSX'],
  ])('%s: %s', async (_n, bytes, message) => {
    const r = await readTable(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(message);
  });
  it('drops blank lines and keeps line numbers', async () => {
    const r = await readTable(utf8('Фамилия;Имя\n\nИванов;Иван\n;\n'));
    expect(r.ok && r.rows).toEqual([{ line: 1, cells: ['Фамилия', 'Имя'] }, { line: 3, cells: ['Иванов', 'Иван'] }]);
  });
});

describe('header matching', () => {
  it.each([
    ['Фамилия', 'фамилия'],
    ['  ФАМИЛИЯ ', 'фамилия'],
    ['Пол (м/ж)', 'пол'],
    ['Эл. почта', 'элпочта'],
    ['Родитель 1: Фамилия', 'родитель1фамилия'],
    ['Разряд/звание', 'разрядзвание'],
    ['Приёмный', 'приемный'],
  ])('normalizeHeader(%j) = %j', (h, want) => expect(normalizeHeader(h)).toBe(want));

  it.each([
    ['the template order', ['Фамилия', 'Имя', 'Пол', 'Дата рождения', 'Номер личного дела'], ['lastName', 'firstName', 'sex', 'birthDate', 'personalFileNo']],
    ['any order, case and spaces', ['номер личного  дела', 'ИМЯ', 'Фамилия ', 'дата рождения (ДД.ММ.ГГГГ)', 'пол'], ['personalFileNo', 'firstName', 'lastName', 'birthDate', 'sex']],
    ['aliases and an empty header cell', ['Фамилия', 'Имя', 'Пол', 'Дата рождения', 'Номер личного дела', '', 'Родитель 1 E-mail'], ['lastName', 'firstName', 'sex', 'birthDate', 'personalFileNo', null, 'g1Email']],
  ])('students: %s', (_n, cells, keys) => {
    expect(matchHeaders(cells, 'students')).toEqual({ ok: true, keys });
  });

  it.each([
    ['unknown', ['Фамилия', 'Имя', 'Пол', 'Дата рождения', 'Номер личного дела', 'СНИЛС'], 'Неизвестный столбец: «СНИЛС».'],
    ['missing', ['Фамилия', 'Пол', 'Дата рождения'], 'Нет обязательных столбцов: «Имя», «Номер личного дела».'],
    ['repeated', ['Фамилия', 'фамилия', 'Имя', 'Пол', 'Дата рождения', 'Номер личного дела'], 'Повторяется столбец: «Фамилия».'],
    ['all at once', ['ФИО', 'Имя', 'Имя'], 'Неизвестный столбец: «ФИО». Повторяется столбец: «Имя». Нет обязательных столбцов: «Фамилия», «Пол», «Дата рождения», «Номер личного дела».'],
    ['a staff file', ['Фамилия', 'Имя', 'Должность', 'Табельный номер'], 'Похоже, это файл вида «Сотрудники», а выбран импорт «Обучающиеся и родители».'],
  ])('students: %s', (_n, cells, message) => {
    const r = matchHeaders(cells, 'students');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(message);
  });

  it('staff need only Фамилия and Имя as columns', () => {
    expect(matchHeaders(['Имя', 'Фамилия'], 'staff')).toEqual({ ok: true, keys: ['firstName', 'lastName'] });
  });
});
