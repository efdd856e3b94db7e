import { describe, expect, it } from 'vitest';
import type { SheetRow } from '../../src/modules/imports/decode.ts';
import {
  ageOn, checkBirthDate, checkEmail, checkName, checkPhone, checkRelation, checkSex, classKey, cleanText, duplicateErrors, nameKey,
  parseRuDate, phoneKey,
} from '../../src/modules/imports/rules.ts';
import { validateRows, type StaffRow, type StudentRow } from '../../src/modules/imports/validate.ts';

const TODAY = '2026-11-22';

describe('cells', () => {
  it.each([
    ['  Иванов  ', 'Иванов'],
    ['Анна\u00a0 Мария', 'Анна Мария'],
    ['\ufeffФамилия', 'Фамилия'],
    [undefined, ''],
  ])('cleanText(%j) = %j', (s, want) => expect(cleanText(s)).toBe(want));

  it.each([
    ['03.05.2015', '2015-05-03'],
    ['3.5.2015', '2015-05-03'],
    ['03/05/2015', '2015-05-03'],
    ['2015-05-03', '2015-05-03'],
    ['03.05.2015 0:00:00', '2015-05-03'],
    ['29.02.2016', '2016-02-29'],
    ['29.02.2015', null],
    ['31.04.2015', null],
    ['03.05.15', null],
    ['завтра', null],
    ['', null],
  ])('parseRuDate(%j) = %j', (s, want) => expect(parseRuDate(s)).toBe(want));

  it.each([
    ['2015-11-22', 11], ['2015-11-23', 10], ['2016-02-29', 10], ['1926-11-22', 100],
  ])('ageOn(%s) = %i', (birth, age) => expect(ageOn(birth, TODAY)).toBe(age));

  it.each([
    ['03.05.2015', true, '2015-05-03'],
    ['', false, null],
    ['', true, 'не заполнена дата рождения'],
    ['31.02.2015', true, 'не дата в виде ДД.ММ.ГГГГ'],
    ['01.01.2030', true, 'в будущем'],
    ['01.01.2026', true, 'неправдоподобна: возраст 0 (ожидается от 3 до 30)'],
    ['01.01.1950', true, 'неправдоподобна: возраст 76'],
  ])('student birth date %j (required %s) → %j', (value, required, want) => {
    const r = checkBirthDate(value, { today: TODAY, minAge: 3, maxAge: 30, required });
    if (want === null || /^\d{4}-/.test(want)) expect(r).toEqual({ ok: true, value: want });
    else expect(!r.ok && r.error).toContain(want);
  });

  it.each([
    ['м', 'м'], ['Ж', 'ж'], ['муж.', 'м'], ['женский', 'ж'], ['', null], ['x', 'error'], ['m', 'error'],
  ])('checkSex(%j) → %j', (v, want) => {
    const r = checkSex(v, false);
    if (want === 'error') expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, value: want });
  });

  it.each([
    ['Иванов', true], ['Салтыков-Щедрин', true], ["Д'Артаньян", true], ['Алиевич оглы', true], ['Smith', true], ['Ёлкина', true],
    ['Иванов1', false], ['-Иванов', false], ['Иванов!', false], ['', false],
  ])('checkName(%j) ok=%s', (v, ok) => expect(checkName(v, 'Фамилия', true).ok).toBe(ok));

  it('a name longer than 60 letters is refused', () => expect(checkName('А'.repeat(61), 'Имя', true).ok).toBe(false));

  it.each([
    ['a@b.ru', true], ['Anna.Morozova+school@example.com', true], ['', true], ['a@b', false], ['a b@c.ru', false], ['@c.ru', false], ['a@@c.ru', false],
  ])('checkEmail(%j) ok=%s', (v, ok) => expect(checkEmail(v).ok).toBe(ok));

  it.each([
    ['+7 900 123-45-67', true], ['8 (900) 123-45-67', true], ['9001234567', true], ['', true], ['12-34', false], ['+7 900 abc', false], ['1'.repeat(16), false],
  ])('checkPhone(%j) ok=%s', (v, ok) => expect(checkPhone(v).ok).toBe(ok));

  it.each([
    ['+7 900 123-45-67', '79001234567'], ['8 (900) 123-45-67', '79001234567'], ['900 123 45 67', '79001234567'], [null, ''],
  ])('phoneKey(%j) = %j', (v, want) => expect(phoneKey(v)).toBe(want));

  it.each([
    ['мать', 'мать'], ['Мать', 'мать'], ['ПРИЕМНЫЙ РОДИТЕЛЬ', 'приёмный родитель'], ['опекун', 'опекун'], ['сосед', null], ['', null],
  ])('checkRelation(%j) → %j', (v, want) => {
    const r = checkRelation(v, 'Кем приходится');
    expect(r.ok ? r.value : null).toBe(want);
  });

  it.each([
    ['5А', '5А'], ['5 а', '5А'], ['5-А', '5А'], ['5A', '5А'], ['11б', '11Б'], ['10 «Б»', '10Б'], ['ИСП-21', 'ИСП21'],
  ])('classKey(%j) = %j', (v, want) => expect(classKey(v)).toBe(want));

  it('nameKey ignores case, ё and spacing', () => {
    expect(nameKey('Ёлкина', ' анна ')).toBe(nameKey('ЕЛКИНА', 'Анна'));
  });

  it('duplicateErrors points each repeat to the first line', () => {
    const rows = [{ line: 2, k: 'a' }, { line: 3, k: 'b' }, { line: 4, k: 'a' }, { line: 5, k: null }, { line: 6, k: 'a' }];
    expect([...duplicateErrors(rows, (r) => r.k, (r) => `ключ ${r.k}`)]).toEqual([[4, 'ключ a уже встречается в строке 2'], [6, 'ключ a уже встречается в строке 2']]);
  });
});

const row = (line: number, cells: string[]): SheetRow => ({ line, cells });
const classes = new Map([['5А', '5А'], ['2А', '2А']]);

describe('validateRows: students', () => {
  const keys = ['lastName', 'firstName', 'middleName', 'sex', 'birthDate', 'personalFileNo', 'className', 'g1LastName', 'g1FirstName', 'g1Relation', 'g1Phone', 'g2LastName', 'g2FirstName', 'g2Relation'];
  const good = ['Иванов', 'Иван', '', 'м', '03.05.2015', 'Д-1', '5 а', 'Иванова', 'Анна', 'мать', '+7 900 111-22-33', '', '', ''];
  const withCell = (i: number, v: string) => good.map((c, j) => (j === i ? v : c));

  it('a good line becomes a clean row (class by its real name, empty middle name as null)', () => {
    const v = validateRows('students', [row(2, good)], keys, { today: TODAY, classes });
    expect(v.errors).toEqual([]);
    expect(v.rows[0]).toEqual({
      line: 2, lastName: 'Иванов', firstName: 'Иван', middleName: null, sex: 'м', birthDate: '2015-05-03', personalFileNo: 'Д-1', className: '5А',
      guardians: [{ lastName: 'Иванова', firstName: 'Анна', middleName: null, relation: 'мать', phone: '+7 900 111-22-33', email: null, consent: null }],
    } satisfies StudentRow);
  });

  it.each([
    ['no last name', withCell(0, ''), 'не заполнено поле «Фамилия»'],
    ['no sex', withCell(3, ''), 'не заполнен пол'],
    ['no personal file number', withCell(5, ''), 'не заполнен «Номер личного дела»'],
    ['unknown class', withCell(6, '5В'), 'класса «5В» нет в текущем учебном году'],
    ['guardian without a relation', withCell(9, ''), 'не заполнено «Родитель 1 Кем приходится»'],
    ['second guardian without names', [...good.slice(0, 11), '', '', 'отец'], 'не заполнено поле «Родитель 2 Фамилия»'],
    ['the same guardian twice', [...good.slice(0, 11), 'Иванова', 'Анна', 'мать'], 'родитель 2 совпадает с родителем 1'],
    ['a value under no header', [...good, 'лишнее'], 'значение «лишнее» в столбце 15, у которого нет заголовка'],
  ])('%s', (_n, cells, message) => {
    const v = validateRows('students', [row(7, cells)], keys, { today: TODAY, classes });
    expect(v.rows).toEqual([]);
    expect(v.errors).toHaveLength(1);
    expect(v.errors[0]!.line).toBe(7);
    expect(v.errors[0]!.messages.join('; ')).toContain(message);
  });

  it('a class cannot be named when the school has no current year', () => {
    const v = validateRows('students', [row(2, good)], keys, { today: TODAY, classes: null });
    expect(v.errors[0]!.messages).toEqual(['класс «5 а» указать нельзя: в школе нет текущего учебного года']);
  });

  it('a personal file number twice (case and spaces ignored): the second line is bad, the first is kept', () => {
    const v = validateRows('students', [row(2, good), row(3, withCell(5, 'д-1 '))], keys, { today: TODAY, classes });
    expect(v.rows.map((r) => r.line)).toEqual([2]);
    expect(v.errors).toEqual([{ line: 3, messages: ['номер личного дела «д-1» уже встречается в строке 2'] }]);
  });

  it('collects every reason of a line', () => {
    const v = validateRows('students', [row(4, ['', 'Иван', '', 'x', '31.02.2015', '', '', '', '', '', '', '', '', ''])], keys, { today: TODAY, classes });
    expect(v.errors[0]!.messages).toHaveLength(4);
  });
});

describe('validateRows: staff', () => {
  const keys = ['lastName', 'firstName', 'middleName', 'sex', 'birthDate', 'position', 'email', 'externalId'];
  it.each([
    ['with a personnel number, no birth date', ['Петрова', 'Анна', '', 'ж', '', 'Учитель', '', '0042'], null],
    ['with a birth date, no number', ['Петрова', 'Анна', '', '', '14.03.1985', '', '', ''], null],
    ['neither', ['Петрова', 'Анна', '', '', '', '', '', ''], 'нужна дата рождения или табельный номер'],
    ['too young', ['Петрова', 'Анна', '', '', '01.01.2015', '', '', ''], 'неправдоподобна'],
    ['bad e-mail', ['Петрова', 'Анна', '', '', '14.03.1985', '', 'petrova', ''], 'не адрес электронной почты'],
  ])('%s', (_n, cells, message) => {
    const v = validateRows('staff', [row(2, cells)], keys, { today: TODAY, classes: null });
    if (message === null) expect(v.errors).toEqual([]);
    else expect(v.errors[0]!.messages.join('; ')).toContain(message);
  });

  it('keeps the personnel number as text (leading zeros)', () => {
    const v = validateRows('staff', [row(2, ['Петрова', 'Анна', '', 'ж', '', 'Учитель', '', '0042'])], keys, { today: TODAY, classes: null });
    expect((v.rows[0] as StaffRow).externalId).toBe('0042');
  });

  it('the same person twice without a number, or the same number twice, is refused', () => {
    const a = ['Петрова', 'Анна', '', '', '14.03.1985', '', '', ''];
    const b = ['Петрова', 'Анна', '', '', '', '', '', '7'];
    const v = validateRows('staff', [row(2, a), row(3, a), row(4, b), row(5, b)], keys, { today: TODAY, classes: null });
    expect(v.errors).toEqual([
      { line: 3, messages: ['сотрудник Петрова Анна с той же датой рождения уже встречается в строке 2'] },
      { line: 5, messages: ['табельный номер «7» уже встречается в строке 4'] },
    ]);
  });
});
