// The lesson page's forms: minutes 0–240, the control flag, per-student fields named by id, junk refused.
import { describe, expect, it } from 'vitest';
import { attendanceForm, columnsForm, homeworkForm, marksForm, planForm } from '../../src/modules/journal/lesson-forms.ts';

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const WT = '33333333-3333-4333-8333-333333333333';

describe('planForm', () => {
  it.each([
    ['', null], ['0', 0], ['45', 45], ['240', 240], [' 30 ', 30],
  ])('minutes %j → %j', (minutes, expected) => {
    const r = planForm.safeParse({ topic: ' Дроби ', homework: 'стр. 5', homeworkMinutes: minutes });
    expect(r.success && r.data.homeworkMinutes).toBe(expected);
    expect(r.success && r.data.topic).toBe('Дроби');
  });

  it.each(['241', '-1', '1.5', 'abc', '1e2', '0240x'])('minutes %j refused with the message', (minutes) => {
    const r = planForm.safeParse({ homework: 'стр. 5', homeworkMinutes: minutes });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Время на домашнее задание — целое число минут от 0 до 240.');
  });

  it('minutes without homework are refused at the homework field; the checkbox and empty texts', () => {
    const r = planForm.safeParse({ homeworkMinutes: '10' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['homework']);
    const ok = planForm.safeParse({ topic: '', workDone: '  ', controlWork: 'on' });
    expect(ok.success && ok.data).toMatchObject({ topic: '', workDone: null, homework: null, homeworkMinutes: null, controlWork: true, action: 'save' });
    expect(planForm.safeParse({ action: 'ktp' }).success).toBe(true);
    expect(planForm.safeParse({ action: 'drop' }).success).toBe(false);
    expect(planForm.safeParse({ topic: ['a', 'b'] }).success).toBe(false);
  });
});

describe('per-student forms', () => {
  it('marks: m_<student>_<column> with its w_ field; other keys ignored', () => {
    const r = marksForm.parse({ [`m_${S1}_1`]: '5', [`w_${S1}_1`]: '', [`m_${S2}_3`]: 'н', m_bad_1: '5', [`m_${S1}_6`]: '4', reason: 'ошибка' });
    expect(r.cells).toEqual([{ studentId: S1, column: 1, value: '5', was: '' }, { studentId: S2, column: 3, value: 'н', was: '' }]);
    expect(r.reason).toBe('ошибка');
  });

  it('attendance: present / absent / late, the shown value defaults to present, junk refused', () => {
    const r = attendanceForm.parse({ [`a_${S1}`]: 'absent', [`aw_${S1}`]: 'present', [`a_${S2}`]: 'late', action: 'save' });
    expect(r).toMatchObject({ all: false, entries: [{ studentId: S1, value: 'absent', was: 'present' }, { studentId: S2, value: 'late', was: 'present' }] });
    expect(attendanceForm.parse({ action: 'all' }).all).toBe(true);
    const bad = attendanceForm.safeParse({ [`a_${S1}`]: 'maybe' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual([`row:${S1}`]);
  });

  it('individual homework: trimmed, at most 1000 characters', () => {
    expect(homeworkForm.parse({ [`h_${S1}`]: ' карточка 3 ', [`hw_${S1}`]: '' }).entries).toEqual([{ studentId: S1, value: 'карточка 3', was: '' }]);
    expect(homeworkForm.safeParse({ [`h_${S1}`]: 'x'.repeat(1001) }).success).toBe(false);
  });

  it('columns: type_<n> must be ids; the action is one of save, add, remove', () => {
    expect(columnsForm.parse({ action: 'add', type_1: WT, newType: WT })).toMatchObject({ action: 'add', types: { 1: WT }, newType: WT });
    expect(columnsForm.safeParse({ type_1: 'КР' }).success).toBe(false);
    expect(columnsForm.safeParse({ action: 'add', newType: 'x' }).success).toBe(false);
    expect(columnsForm.safeParse({ action: 'explode' }).success).toBe(false);
  });
});
