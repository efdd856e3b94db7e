import { describe, expect, it } from 'vitest';
import { conflictsWithin, findConflicts, paritiesMeet, shortName, slotsMeet, type GroupFact, type SlotDesc, type TimetableFacts } from '../../src/modules/schedule/timetable-rules.ts';

const g = (kind: string, classId: string | null, subjectId: string, label: string, studentIds: string[], shift = 1): GroupFact =>
  ({ kind, classId, subjectId, label, studentIds, shift });

const facts: TimetableFacts = {
  groups: new Map([
    ['5a-math', g('class', '5a', 'math', '5А — Математика', ['s1', 's2', 's3', 's4'])],
    ['5a-hist', g('class', '5a', 'hist', '5А — История', ['s1', 's2', 's3', 's4'])],
    ['5a-en1', g('subgroup', '5a', 'en', '5А — Английский язык (гр. 1)', ['s1', 's2'])],
    ['5a-en2', g('subgroup', '5a', 'en', '5А — Английский язык (гр. 2)', ['s3', 's4'])],
    ['5a-inf1', g('subgroup', '5a', 'inf', '5А — Информатика (гр. 1)', ['s1', 's2'])],
    ['5b-math', g('class', '5b', 'math', '5Б — Математика', ['t1', 't2'])],
    ['elective', g('cross_class', null, 'chem', 'Кружок химии', ['s2', 't1'])],
    ['elective2', g('cross_class', null, 'bio', 'Кружок биологии', ['t2'])],
    ['6a-math', g('class', '6a', 'math', '6А — Математика', ['u1'], 2)],
  ]),
  staffNames: new Map([['ivanova', 'Иванова М. А.'], ['sokolov', 'Соколов А. Н.'], ['petrova', 'Петрова О. И.']]),
  studentNames: new Map([['s2', 'Морозов Дмитрий']]),
  classNames: new Map([['5a', '5А'], ['5b', '5Б']]),
  bells: new Map([
    [1, new Map([[1, { startsAt: '08:30', endsAt: '09:15' }], [6, { startsAt: '13:05', endsAt: '13:50' }], [7, { startsAt: '14:00', endsAt: '14:45' }]])],
    [2, new Map([[1, { startsAt: '13:30', endsAt: '14:15' }], [2, { startsAt: '14:25', endsAt: '15:10' }]])],
  ]),
};

const slot = (groupId: string, staffId: string, o: Partial<SlotDesc> = {}): SlotDesc =>
  ({ weekday: 2, lessonNumber: 3, groupId, staffId, room: null, parity: null, ...o });

describe('findConflicts', () => {
  const cases: Array<{ name: string; candidate: SlotDesc; existing: SlotDesc; kinds: string[] }> = [
    { name: 'same teacher, same time', candidate: slot('5a-math', 'ivanova'), existing: slot('5b-math', 'ivanova'), kinds: ['teacher'] },
    { name: 'same teacher, other lesson', candidate: slot('5a-math', 'ivanova', { lessonNumber: 4 }), existing: slot('5b-math', 'ivanova'), kinds: [] },
    { name: 'same teacher, other weekday', candidate: slot('5a-math', 'ivanova', { weekday: 3 }), existing: slot('5b-math', 'ivanova'), kinds: [] },
    { name: 'teacher: week A vs week B do not clash', candidate: slot('5a-math', 'ivanova', { parity: 'A' }), existing: slot('5b-math', 'ivanova', { parity: 'B' }), kinds: [] },
    { name: 'teacher: week A vs week A clash', candidate: slot('5a-math', 'ivanova', { parity: 'A' }), existing: slot('5b-math', 'ivanova', { parity: 'A' }), kinds: ['teacher'] },
    { name: 'teacher: every week vs week B clash', candidate: slot('5a-math', 'ivanova'), existing: slot('5b-math', 'ivanova', { parity: 'B' }), kinds: ['teacher'] },
    { name: 'same room', candidate: slot('5a-math', 'ivanova', { room: 'каб. 201' }), existing: slot('5b-math', 'sokolov', { room: ' КАБ.  201 ' }), kinds: ['room'] },
    { name: 'same room with and without the prefix', candidate: slot('5a-math', 'ivanova', { room: '201' }), existing: slot('5b-math', 'sokolov', { room: 'Каб.201' }), kinds: ['room'] },
    { name: 'different rooms', candidate: slot('5a-math', 'ivanova', { room: '201' }), existing: slot('5b-math', 'sokolov', { room: '202' }), kinds: [] },
    { name: 'no room given never clashes on rooms', candidate: slot('5a-math', 'ivanova'), existing: slot('5b-math', 'sokolov'), kinds: [] },
    { name: 'class: two whole-class groups', candidate: slot('5a-math', 'ivanova'), existing: slot('5a-hist', 'sokolov'), kinds: ['class'] },
    { name: 'class: whole class vs its subgroup', candidate: slot('5a-math', 'ivanova'), existing: slot('5a-en1', 'petrova'), kinds: ['class'] },
    { name: 'class: subgroups of the same split run in parallel', candidate: slot('5a-en2', 'ivanova', { room: '201' }), existing: slot('5a-en1', 'petrova', { room: '202' }), kinds: [] },
    { name: 'class: subgroups of different splits clash', candidate: slot('5a-inf1', 'ivanova'), existing: slot('5a-en2', 'petrova'), kinds: ['class'] },
    { name: 'class: the same group twice', candidate: slot('5a-math', 'ivanova'), existing: slot('5a-math', 'sokolov'), kinds: ['class'] },
    { name: 'class: week A vs week B of one class', candidate: slot('5a-math', 'ivanova', { parity: 'A' }), existing: slot('5a-hist', 'sokolov', { parity: 'B' }), kinds: [] },
    { name: 'student: elective vs the class of a member', candidate: slot('elective', 'petrova'), existing: slot('5a-hist', 'sokolov'), kinds: ['student'] },
    { name: 'student: elective vs the subgroup of a member', candidate: slot('elective', 'petrova'), existing: slot('5a-en1', 'sokolov'), kinds: ['student'] },
    { name: 'student: elective vs a subgroup without its members', candidate: slot('elective', 'petrova'), existing: slot('5a-en2', 'sokolov'), kinds: [] },
    { name: 'student: two electives sharing no one', candidate: slot('elective', 'petrova'), existing: slot('elective2', 'sokolov'), kinds: [] },
    { name: 'shift 2 lesson 1 overlaps shift 1 lesson 7 in time', candidate: slot('6a-math', 'ivanova', { lessonNumber: 1 }), existing: slot('5b-math', 'ivanova', { lessonNumber: 7 }), kinds: ['teacher'] },
    { name: 'shift 2 lesson 1 does not meet shift 1 lesson 1', candidate: slot('6a-math', 'ivanova', { lessonNumber: 1 }), existing: slot('5b-math', 'ivanova', { lessonNumber: 1 }), kinds: [] },
    { name: 'shift 2 lesson 2 after shift 1 lesson 6', candidate: slot('6a-math', 'ivanova', { lessonNumber: 2 }), existing: slot('5b-math', 'ivanova', { lessonNumber: 6 }), kinds: [] },
    { name: 'teacher and room together', candidate: slot('5a-math', 'ivanova', { room: '201' }), existing: slot('5b-math', 'ivanova', { room: '201' }), kinds: ['teacher', 'room'] },
  ];
  it.each(cases)('$name', ({ candidate, existing, kinds }) => {
    expect(findConflicts(candidate, [existing], facts).map((c) => c.kind).sort()).toEqual([...kinds].sort());
  });

  it('names the teacher, the other class, subject, weekday and lesson', () => {
    const [c] = findConflicts(slot('5a-math', 'ivanova'), [slot('5b-math', 'ivanova')], facts);
    expect(c!.message).toBe('Конфликт: учитель Иванова М. А. в это время ведёт 5Б — Математика (вторник, 3 урок)');
  });

  it('names the student for a roster clash', () => {
    const [c] = findConflicts(slot('elective', 'petrova'), [slot('5a-hist', 'sokolov')], facts);
    expect(c!.message).toContain('Морозов Дмитрий');
    expect(c!.message).toContain('5А — История');
  });

  it('ignores the slot itself (same id)', () => {
    const s = slot('5a-math', 'ivanova', { id: 'x' });
    expect(findConflicts(s, [s], facts)).toEqual([]);
  });
});

describe('conflictsWithin', () => {
  it('finds each clashing pair once', () => {
    const slots = [slot('5a-math', 'ivanova'), slot('5b-math', 'ivanova'), slot('5a-en1', 'petrova', { weekday: 1 })];
    expect(conflictsWithin(slots, facts).map((c) => c.kind)).toEqual(['teacher']);
  });
});

describe('small helpers', () => {
  it.each([[null, null, true], [null, 'A', true], ['A', 'A', true], ['A', 'B', false], ['B', null, true]] as const)('paritiesMeet(%s, %s) = %s', (a, b, r) => {
    expect(paritiesMeet(a, b)).toBe(r);
  });
  it('slotsMeet needs the same weekday', () => {
    expect(slotsMeet(slot('5a-math', 'x', { weekday: 1 }), slot('5b-math', 'y'), facts)).toBe(false);
  });
  it('shortName', () => {
    expect(shortName({ lastName: 'Иванова', firstName: 'Мария', middleName: 'Андреевна' })).toBe('Иванова М. А.');
    expect(shortName({ lastName: 'Smith', firstName: 'John', middleName: null })).toBe('Smith J.');
  });
});
