import { describe, expect, it } from 'vitest';
import {
  allowedRecipient, bodyError, cleanBody, cleanSubject, isUnread, recipientRole, sideIn, sidesOf, sortRecipients, subjectError, teacherOf, unreadLabel,
  type Recipient,
} from '../../src/modules/messages/rules.ts';

const person = { guardianId: 'g1', staffId: 's1', studentId: null };

describe('sides of an actor', () => {
  it.each([
    [['parent'], { guardianId: 'g1', staffId: null }],
    [['teacher'], { guardianId: null, staffId: 's1' }],
    [['classTeacher'], { guardianId: null, staffId: 's1' }],
    [['parent', 'teacher'], { guardianId: 'g1', staffId: 's1' }],
    [['admin', 'secretary', 'deputy'], { guardianId: null, staffId: null }],
    [['student'], { guardianId: null, staffId: null }],
  ])('%j → %j', (roles, sides) => expect(sidesOf(roles, person)).toEqual(sides));

  it('finds the side in a thread, or null for somebody else’s', () => {
    const thread = { guardianId: 'g1', staffId: 's2' };
    expect(sideIn(thread, { guardianId: 'g1', staffId: null })).toBe('guardian');
    expect(sideIn(thread, { guardianId: null, staffId: 's2' })).toBe('staff');
    expect(sideIn(thread, { guardianId: 'g9', staffId: 's9' })).toBeNull();
    expect(sideIn(thread, { guardianId: null, staffId: null })).toBeNull();
  });
});

describe('unread', () => {
  const at = (s: string) => new Date(`2026-11-20T${s}:00Z`);
  it.each([
    ['the other side after my read', { authorSide: 'staff', createdAt: at('10:01') }, 'guardian', at('10:00'), true],
    ['the other side before my read', { authorSide: 'staff', createdAt: at('09:59') }, 'guardian', at('10:00'), false],
    ['the other side at my read', { authorSide: 'staff', createdAt: at('10:00') }, 'guardian', at('10:00'), false],
    ['never read', { authorSide: 'guardian', createdAt: at('09:00') }, 'staff', null, true],
    ['my own message', { authorSide: 'guardian', createdAt: at('11:00') }, 'guardian', null, false],
  ] as const)('%s', (_name, message, side, readAt, expected) => expect(isUnread(message, side, readAt)).toBe(expected));

  it.each([[1, '1 новое'], [2, '2 новых'], [5, '5 новых'], [11, '11 новых'], [21, '21 новое'], [111, '111 новых']])('%i → %s', (n, label) =>
    expect(unreadLabel(n)).toBe(label));
});

describe('message body', () => {
  it.each([
    ['', 'Напишите сообщение'],
    ['   \n\t\n  ', 'Напишите сообщение'],
    ['Добрый день', null],
    ['x'.repeat(5000), null],
    ['x'.repeat(5001), 'Сообщение длиннее 5000 символов'],
    ['x'.repeat(100_000), 'Сообщение длиннее 5000 символов'],
  ])('%#', (raw, error) => expect(bodyError(cleanBody(raw))).toBe(error));

  it('keeps inner line breaks and indentation, drops blank lines around and CR', () => {
    expect(cleanBody('\r\n\r\n  Строка 1\r\n\r\n    Строка 2  \r\n\n')).toBe('  Строка 1\n\n    Строка 2');
    expect(cleanBody(undefined)).toBe('');
    expect(cleanBody(['a'])).toBe('');
  });
});

describe('subject', () => {
  it.each([
    ['', 'Укажите тему'], ['  \n ', 'Укажите тему'], ['Домашнее задание', null], ['т'.repeat(200), null], ['т'.repeat(201), 'Тема длиннее 200 символов'],
  ])('%#', (raw, error) => expect(subjectError(cleanSubject(raw))).toBe(error));

  it('is one line', () => expect(cleanSubject('  О\r\nконтрольной   работе ')).toBe('О контрольной работе'));
});

describe('recipients', () => {
  it.each([
    [['Математика'], 'учитель математики'],
    [['Литература', 'Русский язык'], 'учитель литературы и русского языка'],
    [['Алгебра', 'Геометрия', 'Вероятность и статистика'], 'учитель алгебры, геометрии и вероятности и статистики'],
    [['Астрономия'], 'учитель (предмет: Астрономия)'],
    [['Математика', 'Астрономия'], 'учитель (предметы: Математика, Астрономия)'],
    [[], ''],
  ])('%j → %s', (subjects, label) => expect(teacherOf(subjects)).toBe(label));

  it('names the class teacher first', () => {
    expect(recipientRole({ subjects: ['История'], classTeacher: true })).toBe('классный руководитель, учитель истории');
    expect(recipientRole({ subjects: [], classTeacher: true })).toBe('классный руководитель');
  });

  const list: Recipient[] = [
    { staffId: 'a', name: 'Иванова', subjects: ['Математика'], classTeacher: false },
    { staffId: 'b', name: 'Соколов', subjects: ['История'], classTeacher: true },
    { staffId: 'c', name: 'Андреева', subjects: ['Английский язык'], classTeacher: false },
  ];

  it('sorts: the class teacher, then by subject', () => expect(sortRecipients(list).map((r) => r.staffId)).toEqual(['b', 'c', 'a']));

  it('accepts only a recipient of the list', () => {
    expect(allowedRecipient(list, 'a')?.name).toBe('Иванова');
    expect(allowedRecipient(list, 'z')).toBeUndefined();
    expect(allowedRecipient(list, undefined)).toBeUndefined();
    expect(allowedRecipient(list, ['a'])).toBeUndefined();
  });
});
