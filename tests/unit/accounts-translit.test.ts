import { describe, expect, it } from 'vitest';
import { loginBase, manualLoginProblem, stripSuffix, transliterate, uniqueLogin } from '../../src/modules/accounts/translit.ts';

describe('transliterate (passport style, ъ and ь dropped)', () => {
  it.each([
    ['Жанна', 'zhanna'], ['Харитонов', 'kharitonov'], ['Царёв', 'tsarev'], ['Чайка', 'chaika'], ['Шишкин', 'shishkin'],
    ['Щукин', 'shchukin'], ['Юрий', 'iurii'], ['Яна', 'iana'], ['Ёлкин', 'elkin'], ['Майя', 'maiia'], ['Рыбаков', 'rybakov'],
    ['Подъячев', 'podiachev'], ['Ольга', 'olga'], ['Эдуард', 'eduard'], ['Аксёнов', 'aksenov'], ['Smith', 'smith'], ['Ґалина', 'galina'],
  ])('%s → %s', (ru, en) => {
    expect(transliterate(ru)).toBe(en);
  });
});

describe('loginBase: surname, dot, initials', () => {
  it.each([
    [['Иванова', 'Мария', 'Александровна'], 'ivanova.ma'],
    [['Соколов', 'Андрей', 'Николаевич'], 'sokolov.an'],
    [['Морозов', 'Дмитрий', null], 'morozov.d'],
    [['Щукина-Юдина', 'Ядвига', null], 'shchukina-iudina.ia'],
    [['Ли', 'Юн', null], 'li.iu'],
    [['Жуков', 'Ёжик', 'Щ'], 'zhukov.eshch'],
    [['Петров - Водкин', 'Кузьма', 'Сергеевич'], 'petrov-vodkin.ks'],
    [["О'Коннор", 'Шон', null], 'okonnor.sh'],
    [['Ъ', 'Ь', null], 'user'],
    [['Ю', '', null], 'iu.user'],
    [['Ким', 'Анна', 'Ён'], 'kim.ae'],
    [['Константинопольская-Константинопольская-Константинопольская', 'Анна', 'Павловна'], 'konstantinopolskaia-konstantinopolskaia-konstantinopolskaia'.slice(0, 58)],
  ])('%j → %s', ([lastName, firstName, middleName], expected) => {
    const base = loginBase({ lastName: lastName!, firstName, middleName });
    expect(base).toBe(expected);
    expect(base).toMatch(/^[a-z.-]{3,58}$/);
  });
});

describe('uniqueLogin: the base, else the first free number from 2', () => {
  it.each([
    ['ivanova.ma', [], 'ivanova.ma'],
    ['ivanova.ma', ['ivanova.ma'], 'ivanova.ma2'],
    ['ivanova.ma', ['ivanova.ma', 'ivanova.ma2', 'ivanova.ma3'], 'ivanova.ma4'],
    ['ivanova.ma', ['ivanova.ma', 'ivanova.ma3'], 'ivanova.ma2'],
    ['ivanova.ma', ['ivanova.ma2'], 'ivanova.ma'],
    ['ivanova.m', ['ivanova.ma', 'ivanova.ma2'], 'ivanova.m'],
  ])('%s with %j taken → %s', (base, taken, expected) => {
    expect(uniqueLogin(base, new Set(taken))).toBe(expected);
  });

  it('hands out distinct logins to namesakes in one batch', () => {
    const taken = new Set(['petrov.ii']);
    const out = Array.from({ length: 12 }, () => {
      const login = uniqueLogin('petrov.ii', taken);
      taken.add(login);
      return login;
    });
    expect(new Set(out).size).toBe(12);
    expect(out[0]).toBe('petrov.ii2');
    expect(out[11]).toBe('petrov.ii13');
    expect(out.map(stripSuffix).every((b) => b === 'petrov.ii')).toBe(true);
  });
});

describe('manualLoginProblem', () => {
  it.each([
    ['ivanova', false, null],
    ['a.b-c_9', false, null],
    ['ab', false, 'Логин: от 3 до 64 символов — строчные латинские буквы, цифры, точка, дефис, подчёркивание.'],
    ['иванова', false, 'Логин: от 3 до 64 символов — строчные латинские буквы, цифры, точка, дефис, подчёркивание.'],
    ['with space', false, 'Логин: от 3 до 64 символов — строчные латинские буквы, цифры, точка, дефис, подчёркивание.'],
    ['x'.repeat(65), false, 'Логин: от 3 до 64 символов — строчные латинские буквы, цифры, точка, дефис, подчёркивание.'],
    ['teacher', true, 'Этот логин уже занят. Выберите другой.'],
    ['', false, 'Введите логин.'],
  ])('%s (taken: %s)', (login, taken, expected) => {
    expect(manualLoginProblem(login, taken)).toBe(expected);
  });
});
