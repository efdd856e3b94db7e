// The OneRoster export's mapping rules, case by case: grades, session types and dates, roles, scores, lists, ids, names.
import { describe, expect, it } from 'vitest';
import {
  derivedId, exclusiveEnd, gradeCode, guardianRole, lessonItemTitle, listCell, numberText, periodMarkResult, periodMarkTitle, periodTitles,
  schoolYearOf, sessionType, sexCode, staffRoles, zipFileName,
} from '../../src/modules/export/oneroster/rules.ts';
import { GRADE_CODES, HEADERS, ROLES } from '../../src/modules/export/oneroster/spec.ts';
import { manifestCsv, fileOrder } from '../../src/modules/export/oneroster/writer.ts';

describe('grades (CEDS codes)', () => {
  it.each([
    [0, 'KG'], [1, '01'], [5, '05'], [9, '09'], [10, '10'], [11, '11'], [12, '12'],
    [13, ''], [-1, ''], [null, ''], [undefined, ''], [2.5, ''],
  ])('%s → «%s»', (grade, code) => {
    expect(gradeCode(grade)).toBe(code);
    if (code) expect(GRADE_CODES).toContain(code);
  });
});

describe('academic sessions', () => {
  it.each([['quarters', 'term'], ['trimesters', 'term'], ['halves', 'semester'], ['semesters', 'semester'], ['other', 'term']])(
    'a period of %s is a %s', (kind, type) => expect(sessionType(kind)).toBe(type),
  );
  it('names the school year by the year it ends in, and makes end dates exclusive (the day after)', () => {
    expect(schoolYearOf('2027-08-31')).toBe('2027');
    expect(exclusiveEnd('2027-08-31')).toBe('2027-09-01');
    expect(exclusiveEnd('2026-12-31')).toBe('2027-01-01');
    expect(exclusiveEnd('2028-02-28')).toBe('2028-02-29');
  });
  it('adds the scheme to a period title only when the name repeats in the year', () => {
    const titles = periodTitles([
      { id: 'a', name: '1 четверть', schemeName: 'Четверти' }, { id: 'b', name: '1 полугодие', schemeName: 'Полугодия' },
      { id: 'c', name: '1 полугодие', schemeName: 'Полугодия 10–11' },
    ]);
    expect([...titles.values()]).toEqual(['1 четверть', '1 полугодие (Полугодия)', '1 полугодие (Полугодия 10–11)']);
  });
});

describe('roles', () => {
  it.each([
    [{ roles: ['admin'], teaches: false }, ['siteAdministrator']],
    [{ roles: ['deputy', 'teacher'], teaches: true }, ['siteAdministrator', 'teacher']],
    [{ roles: ['teacher', 'classTeacher'], teaches: true }, ['teacher']],
    [{ roles: ['classTeacher'], teaches: false }, ['teacher']],
    [{ roles: [], teaches: true }, ['teacher']],
    [{ roles: ['secretary'], teaches: false }, ['ext:secretary']],
    [{ roles: [], teaches: false }, ['ext:staff']],
  ])('staff %j → %j', (facts, roles) => {
    expect(staffRoles(facts)).toEqual(roles);
    for (const r of staffRoles(facts)) expect(r.startsWith('ext:') || (ROLES as readonly string[]).includes(r)).toBe(true);
  });
  it.each([
    [['мать'], 'parent'], [['отец', 'опекун'], 'parent'], [['опекун'], 'guardian'], [['попечитель'], 'guardian'],
    [['бабушка'], 'relative'], [['бабушка', 'дедушка'], 'relative'], [['бабушка', 'другое'], 'guardian'],
    [['другое'], 'guardian'], [[], 'guardian'],
  ])('a guardian who is %j → %s', (relations, role) => expect(guardianRole(relations)).toBe(role));
});

describe('scores', () => {
  it.each([
    ['5', { scoreStatus: 'fully graded', score: 5, textScore: '5' }],
    ['1', { scoreStatus: 'fully graded', score: 1, textScore: '1' }],
    ['осв', { scoreStatus: 'exempt', score: null, textScore: 'осв' }],
    ['н/а', { scoreStatus: 'not submitted', score: null, textScore: 'н/а', incomplete: true }],
    ['зач', { scoreStatus: 'fully graded', score: null, textScore: 'зач' }],
    ['незач', { scoreStatus: 'fully graded', score: null, textScore: 'незач' }],
  ])('a period mark «%s»', (value, result) => expect(periodMarkResult(value)).toEqual(result));
  it('writes weights as plain decimals', () => {
    expect(['1.0', '1.5', '2.0', '0.5'].map(numberText)).toEqual(['1', '1.5', '2', '0.5']);
  });
  it('titles line items', () => {
    expect(periodMarkTitle('period', '2 четверть')).toBe('Отметка за 2 четверть');
    expect(periodMarkTitle('year', null)).toBe('Годовая отметка');
    expect(periodMarkTitle('final', null)).toBe('Итоговая отметка');
    expect(lessonItemTitle({ workType: 'Контрольная работа', date: '2026-10-12', lessonNumber: 3, columnNo: 1, columns: 1 }))
      .toBe('Контрольная работа, 12.10.2026, урок 3');
    expect(lessonItemTitle({ workType: 'Ответ на уроке', date: '2026-10-12', lessonNumber: 3, columnNo: 2, columns: 2 }))
      .toBe('Ответ на уроке, 12.10.2026, урок 3, колонка 2');
  });
});

describe('cells and names', () => {
  it('lists: drops empties, turns a comma inside an item into a semicolon', () => {
    expect(listCell(['a', null, '', 'b, c'])).toBe('a,b; c');
    expect(listCell([])).toBe('');
  });
  it('sex: м / ж, nothing else', () => {
    expect([sexCode('м'), sexCode('ж'), sexCode(null), sexCode('x')]).toEqual(['male', 'female', '', '']);
  });
  it('derived ids are UUID-shaped, stable and differ by their parts', () => {
    const a = derivedId('course', 'y', 's', 5);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId('course', 'y', 's', 5)).toBe(a);
    expect(derivedId('course', 'y', 's', 6)).not.toBe(a);
    expect(derivedId('ab', 'c')).not.toBe(derivedId('a', 'bc'));
  });
  it('names the ZIP in latin letters', () => {
    expect(zipFileName('МБОУ «Школа № 1»', '2026/2027')).toBe('oneroster-mbou-shkola-1-2026-2027.zip');
    expect(zipFileName('***', '2026/2027')).toBe('oneroster-school-2026-2027.zip');
  });
});

describe('manifest', () => {
  it('declares the written files bulk and every other file of the binding absent', () => {
    const text = manifestCsv(fileOrder(false));
    expect(text.split('\r\n')[0]).toBe('propertyName,value');
    expect(text).toContain('manifest.version,1.0\r\noneroster.version,1.2\r\n');
    expect(text).toContain('file.results,bulk');
    expect(text).toContain('file.demographics,absent');
    expect(text).toContain('file.scoreScales,absent');
    expect(fileOrder(true)).toEqual(Object.keys(HEADERS));
  });
});
