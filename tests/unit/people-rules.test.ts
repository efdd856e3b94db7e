import { describe, expect, it } from 'vitest';
import {
  ageOn, byRelation, checkBirthDate, checkNamePart, classListAsOf, classStatusLabel, diff, isEmail, leftLabel, normalizePhone,
  seesWholeSchool, septemberFirstOf, staffAgeRule, staffRights, studentAgeRule, studentRights,
} from '../../src/modules/people/rules.ts';
import { staffForm, studentForm } from '../../src/modules/people/forms.ts';

describe('checkNamePart', () => {
  it.each([
    ['Иванова', null],
    ['Салтыков-Щедрин', null],
    ["Д'Артаньян", null],
    ['Д’Артаньян', null],
    ['Оглы Ахмед', null],
    ['Smith', null],
    ['Ёлкина', null],
    ['', 'Введите фамилию.'],
    ['   ', 'Введите фамилию.'],
    ['Иванова2', 'Только буквы, дефис, пробел и апостроф.'],
    ['<b>', 'Только буквы, дефис, пробел и апостроф.'],
    ['--', 'Только буквы, дефис, пробел и апостроф.'],
    ['Иван.', 'Только буквы, дефис, пробел и апостроф.'],
    ['Я'.repeat(100), null],
    ['Я'.repeat(101), 'Слишком длинно: не больше 100 символов.'],
    ['Я'.repeat(10_240), 'Слишком длинно: не больше 100 символов.'],
  ])('%j → %j', (value, message) => {
    expect(checkNamePart(value, 'фамилию')).toBe(message);
  });
});

describe('ageOn and 1 September', () => {
  it.each([
    ['2015-09-01', '2026-09-01', 11],
    ['2015-09-02', '2026-09-01', 10],
    ['2016-02-29', '2027-02-28', 10],
    ['2016-02-29', '2027-03-01', 11],
    ['2026-11-22', '2026-11-22', 0],
  ])('born %s, on %s: %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it.each([
    ['2026-11-22', '2026-09-01'],
    ['2027-05-31', '2026-09-01'],
    ['2026-08-31', '2025-09-01'],
    ['2026-09-01', '2026-09-01'],
  ])('the academic year of %s starts on %s', (date, start) => {
    expect(septemberFirstOf(date)).toBe(start);
  });
});

describe('checkBirthDate', () => {
  const today = '2026-11-22';
  const student = studentAgeRule('2026-09-01');
  const staff = staffAgeRule(today);
  it.each([
    ['a student of 11', '2015-05-03', student, null],
    ['a student exactly 5 on 1 Sep', '2021-09-01', student, null],
    ['a student 5 only on 2 Sep', '2021-09-02', student, /от 5 до 25 лет \(получается 4\)/],
    ['a student of 25', '2001-09-01', student, null],
    ['a student of 26', '2000-08-31', student, /от 5 до 25 лет \(получается 26\)/],
    ['a student born tomorrow', '2026-11-23', student, /не может быть в будущем/],
    ['a student born in 2099', '2099-01-01', student, /не может быть в будущем/],
    ['not a date', '2016-02-30', student, /настоящую дату/],
    ['staff of 16 today', '2010-11-22', staff, null],
    ['staff of 15', '2010-11-23', staff, /Сотрудник: возраст на 22\.11\.2026 должен быть от 16 до 90 лет/],
    ['staff of 90', '1936-11-22', staff, null],
    ['staff of 91', '1935-11-21', staff, /от 16 до 90 лет \(получается 91\)/],
  ])('%s', (_name, iso, rule, message) => {
    const result = checkBirthDate(iso, today, rule);
    if (message === null) expect(result).toBeNull();
    else expect(result).toMatch(message);
  });

  it('the student rule is checked on 1 September of the year, not today', () => {
    expect(studentAgeRule('2026-09-01').on).toBe('2026-09-01');
    // 5 years old on 22 Nov but not on 1 Sep: too young for this year.
    expect(checkBirthDate('2021-10-01', '2026-11-22', studentAgeRule('2026-09-01'))).toMatch(/получается 4/);
  });
});

describe('normalizePhone and isEmail', () => {
  it.each([
    ['+7 (916) 123-45-67', '+79161234567'],
    ['8 916 123 45 67', '89161234567'],
    ['8.916.123.45.67', '89161234567'],
    ['  +7 916 1234567 ', '+79161234567'],
    ['12-34-5', '12345'],
    ['1234', null],
    ['+1234567890123456', null],
    ['звонить маме', null],
    ['+7 916 123-45-67 доб. 2', null],
    ['7+916', null],
    ['', null],
  ])('%j → %j', (input, out) => {
    expect(normalizePhone(input)).toBe(out);
  });

  it.each([
    ['ivanova@example.ru', true],
    ['i.ivanova+school@mail.example.ru', true],
    ['ivanova@example', false],
    ['ivanova@', false],
    ['@example.ru', false],
    ['iva nova@example.ru', false],
    ['ivanova@@example.ru', false],
    [`${'a'.repeat(200)}@example.ru`, false],
  ])('%j is an e-mail: %s', (s, ok) => {
    expect(isEmail(s)).toBe(ok);
  });
});

describe('who may do what', () => {
  it.each([
    [['admin'], 'write'], [['deputy', 'teacher'], 'read'], [['secretary'], 'none'], [['teacher'], 'none'],
    [['teacher', 'classTeacher'], 'none'], [['parent'], 'none'], [['student'], 'none'], [['admin', 'deputy'], 'write'],
  ] as const)('staff cards for %j: %s', (roles, rights) => {
    expect(staffRights(roles)).toBe(rights);
  });

  it.each([
    [['admin'], false, 'write'],
    [['secretary'], false, 'write'],
    [['deputy'], false, 'read'],
    [['deputy', 'classTeacher'], true, 'write'],
    [['deputy', 'classTeacher'], false, 'read'],
    [['teacher', 'classTeacher'], true, 'write'],
    [['teacher', 'classTeacher'], false, 'none'],
    [['teacher'], true, 'none'],
    [['teacher'], false, 'none'],
    [['parent'], true, 'none'],
    [['student'], true, 'none'],
  ] as const)('a student card for %j (in a class they lead: %s): %s', (roles, inLed, rights) => {
    expect(studentRights(roles, inLed)).toBe(rights);
  });

  it.each([
    [['admin'], true], [['secretary'], true], [['deputy'], true], [['teacher', 'classTeacher'], false], [['teacher'], false],
  ] as const)('%j sees the whole school: %s', (roles, whole) => {
    expect(seesWholeSchool(roles)).toBe(whole);
  });
});

describe('classListAsOf', () => {
  const m = (studentId: string, startsOn: string, endsOn: string | null = null) => ({ studentId, startsOn, endsOn });
  const history = [
    m('stays', '2026-09-01'),
    m('left', '2026-09-01', '2026-11-12'),
    m('later', '2026-11-20'),
    m('back', '2026-09-01', '2026-10-01'), m('back', '2026-11-01'),
    m('twice', '2026-09-01', '2026-09-15'), m('twice', '2026-10-01', '2026-10-20'),
  ];
  const on = (date: string) => Object.fromEntries(classListAsOf(history, date).map((e) => [e.studentId, e.status === 'in' ? 'in' : `left ${e.leftOn}`]));

  it.each([
    ['2026-08-31', {}],
    ['2026-09-01', { stays: 'in', left: 'in', back: 'in', twice: 'in' }],
    ['2026-10-05', { stays: 'in', left: 'in', back: 'left 2026-10-01', twice: 'in' }],
    ['2026-11-11', { stays: 'in', left: 'in', back: 'in', twice: 'left 2026-10-20' }],
    ['2026-11-12', { stays: 'in', left: 'left 2026-11-12', back: 'in', twice: 'left 2026-10-20' }],
    ['2026-11-22', { stays: 'in', left: 'left 2026-11-12', later: 'in', back: 'in', twice: 'left 2026-10-20' }],
  ])('on %s', (date, expected) => {
    expect(on(date)).toEqual(expected);
  });
});

describe('labels', () => {
  it.each([
    ['м', '2026-11-12', 'выбыл 12.11.2026'],
    ['ж', '2026-11-12', 'выбыла 12.11.2026'],
    [null, '2026-11-12', 'выбыл(а) 12.11.2026'],
    ['ж', null, 'выбыла'],
  ])('leftLabel(%s, %s) = %s', (sex, date, label) => {
    expect(leftLabel(sex, date)).toBe(label);
  });

  it.each([
    ['5А', true, 'м', '5А'],
    [null, true, 'м', 'выбыл'],
    [null, true, 'ж', 'выбыла'],
    [null, false, 'ж', 'не зачислена'],
    [null, false, null, 'не зачислен(а)'],
  ])('classStatusLabel(%s, %s, %s) = %s', (cls, ever, sex, label) => {
    expect(classStatusLabel(cls, ever, sex)).toBe(label);
  });

  it('orders guardians mother, father, others, then by name', () => {
    const g = (relation: string, lastName: string) => ({ relation, lastName, firstName: 'А', middleName: null });
    const sorted = [g('другое', 'Б'), g('отец', 'А'), g('бабушка', 'В'), g('мать', 'Я'), g('бабушка', 'А')].sort(byRelation);
    expect(sorted.map((x) => `${x.relation} ${x.lastName}`)).toEqual(['мать Я', 'отец А', 'бабушка А', 'бабушка В', 'другое Б']);
  });
});

describe('diff', () => {
  it('keeps only the changed fields, treating undefined as null', () => {
    expect(diff({ a: 1, b: 'x', c: null, d: 'keep' }, { a: 1, b: 'y', c: undefined })).toEqual({ old: { b: 'x' }, new: { b: 'y' } });
    expect(diff({ a: 1 }, { a: 1 })).toBeNull();
    expect(diff({ phone: null as string | null }, { phone: '+7916' })).toEqual({ old: { phone: null }, new: { phone: '+7916' } });
  });
});

describe('the forms', () => {
  const student = (contacts: boolean) => studentForm({ today: '2026-11-22', yearStartsOn: '2026-09-01', contacts });
  const valid = { lastName: ' Морозов ', firstName: 'Дмитрий', middleName: '', sex: 'м', birthDate: '03.05.2015', personalFileNo: ' М-1 ' };

  it('trims, turns empty optional fields into null and reads a Russian date', () => {
    const r = student(false).safeParse(valid);
    expect(r.success && r.data).toEqual({ lastName: 'Морозов', firstName: 'Дмитрий', middleName: null, sex: 'м', birthDate: '2015-05-03', personalFileNo: 'М-1', snils: null });
  });

  it('leaves contacts out unless the school collects them', () => {
    const off = student(false).safeParse({ ...valid, phone: '+7 916 000-00-00', email: 'x@example.ru', address: 'Москва' });
    expect(off.success && 'phone' in off.data).toBe(false);
    const on = student(true).safeParse({ ...valid, phone: '+7 916 000-00-00', email: 'x@example.ru', address: 'Москва' });
    expect(on.success && on.data).toMatchObject({ phone: '+79160000000', email: 'x@example.ru', address: 'Москва' });
  });

  it('reports one message per bad field', () => {
    const r = staffForm('2026-11-22').safeParse({ lastName: '', firstName: 'Ann4', sex: 'x', birthDate: '2030-01-01', email: 'no', phone: 'abc' });
    expect(r.success).toBe(false);
    const fields = new Set(r.error!.issues.map((i) => String(i.path[0])));
    expect([...fields].sort()).toEqual(['birthDate', 'email', 'firstName', 'lastName', 'phone', 'sex']);
  });
});
