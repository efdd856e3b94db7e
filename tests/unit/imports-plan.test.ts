import { describe, expect, it } from 'vitest';
import { diffFields, planStaff, sameValue, type ExistingStaff } from '../../src/modules/imports/plan-staff.ts';
import { planStudents, sameName, type StudentsState } from '../../src/modules/imports/plan-students.ts';
import type { StaffRow, StudentRow } from '../../src/modules/imports/validate.ts';

const ids = () => { let n = 0; return () => `new-${++n}`; };

describe('diffFields: what a line changes', () => {
  it.each([
    ['a new value', { phone: '1' }, { phone: '2' }, ['phone']],
    ['an empty cell never erases', { phone: '1' }, { phone: null }, []],
    ['a value where there was none', { phone: null }, { phone: '+7 900 000-00-00' }, ['phone']],
    ['the same phone written differently', { phone: '+7 900 123-45-67' }, { phone: '8 (900) 1234567' }, []],
    ['the same e-mail in capitals', { email: 'a@b.ru' }, { email: 'A@B.RU' }, []],
    ['a name in capitals is a change', { lastName: 'Иванов' }, { lastName: 'ИВАНОВ' }, ['lastName']],
  ] as const)('%s', (_n, current, incoming, changed) => {
    const fields = ['lastName', 'phone', 'email'] as const;
    expect(diffFields(fields, current, incoming).changed).toEqual(changed);
  });

  it('sameValue compares phones by digits', () => {
    expect(sameValue('g1Phone', '8 900 123 45 67', '+79001234567')).toBe(true);
    expect(sameValue('position', 'Учитель', 'учитель')).toBe(false);
  });
});

const card = (o: Partial<ExistingStaff>): ExistingStaff => ({
  id: 'x', lastName: 'Петрова', firstName: 'Анна', middleName: null, sex: null, birthDate: '1985-03-14', position: null, category: null,
  rank: null, diplomaSpecialty: null, phone: null, email: null, externalId: null, ...o,
});
const staffRow = (o: Partial<StaffRow>): StaffRow => ({
  line: 2, lastName: 'Петрова', firstName: 'Анна', middleName: null, sex: null, birthDate: '1985-03-14', position: null, category: null,
  rank: null, diplomaSpecialty: null, phone: null, email: null, externalId: null, ...o,
});

describe('planStaff: matching', () => {
  it.each([
    ['by personnel number (another name is an update)', [card({ id: 's1', externalId: '7' })], staffRow({ externalId: '7', lastName: 'Сидорова' }), { action: 'update', id: 's1' }],
    ['by ФИО + birth date when the line has no number', [card({ id: 's1' })], staffRow({}), { action: 'same', id: 's1' }],
    ['ФИО in other case and ё: found, and the file’s spelling is taken', [card({ id: 's1', lastName: 'Ёлкина' })], staffRow({ lastName: 'ЕЛКИНА' }), { action: 'update', id: 's1' }],
    ['a number given: a card without a number and the same ФИО + birth date gets it', [card({ id: 's1' })], staffRow({ externalId: '9' }), { action: 'update', id: 's1' }],
    ['a number given: a card with another number is another person', [card({ id: 's1', externalId: '8' })], staffRow({ externalId: '9' }), { action: 'create', id: null }],
    ['another birth date is another person', [card({ id: 's1' })], staffRow({ birthDate: '1986-03-14' }), { action: 'create', id: null }],
  ] as const)('%s', (_n, existing, row, want) => {
    const plan = planStaff([row], existing, ids());
    expect(plan.outcomes[0]!.action).toBe(want.action);
    if (want.action === 'create') expect(plan.creates).toHaveLength(1);
    if (want.action === 'update') expect(plan.updates[0]!.id).toBe(want.id);
    if (want.action === 'same') expect(plan.updates).toEqual([]);
  });

  it('two lines that land on the same card are refused', () => {
    const plan = planStaff([staffRow({ line: 2, externalId: '7' }), staffRow({ line: 3 })], [card({ id: 's1' })], ids());
    expect(plan.errors).toEqual([{ line: 3, messages: ['это тот же сотрудник, что и в строке 2 (Петрова Анна)'] }]);
  });

  it('an update keeps the old values for the audit', () => {
    const plan = planStaff([staffRow({ phone: '+7 900 000-00-01', position: 'Учитель' })], [card({ id: 's1', position: 'Завуч' })], ids());
    expect(plan.updates).toEqual([{ id: 's1', line: 2, old: { position: 'Завуч', phone: null }, set: { position: 'Учитель', phone: '+7 900 000-00-01' } }]);
    expect(plan.outcomes[0]!.fields).toEqual(['должность, телефон']);
  });
});

// The mother's consent to the processing of personal data comes in the file: her contacts may be kept (152-ФЗ).
const mother = { lastName: 'Лесная', firstName: 'Ольга', middleName: 'Павловна', relation: 'мать', phone: '+7 901 555-44-33', email: null, consent: 'Заявление № 1' };
const student = (o: Partial<StudentRow>): StudentRow => ({
  line: 2, lastName: 'Лесной', firstName: 'Глеб', middleName: null, sex: 'м', birthDate: '2015-01-01', personalFileNo: 'Л-1', className: null, guardians: [mother], ...o,
});
const empty: StudentsState = { students: [], guardians: [], links: [], memberships: [], classes: [{ id: 'c5a', name: '5А' }, { id: 'c6a', name: '6А' }] };

describe('planStudents', () => {
  it('siblings in one file share one new mother', () => {
    const plan = planStudents([student({}), student({ line: 3, firstName: 'Ева', personalFileNo: 'Л-2', guardians: [{ ...mother, phone: '8 901 555 44 33' }] })], empty, ids());
    expect(plan.studentCreates).toHaveLength(2);
    expect(plan.guardianCreates).toHaveLength(1);
    expect(plan.guardianCreates[0]).toMatchObject({ sex: 'ж', phone: '+7 901 555-44-33' });
    expect(plan.linkCreates.map((l) => l.guardianId)).toEqual([plan.guardianCreates[0]!.id, plan.guardianCreates[0]!.id]);
    expect(plan.guardianUpdates).toEqual([]);
  });

  it('a school guardian with the same ФИО and phone is linked, not duplicated; without a phone she is not', () => {
    const state: StudentsState = { ...empty, guardians: [{ id: 'g1', lastName: 'Лесная', firstName: 'Ольга', middleName: 'Павловна', sex: 'ж', phone: '+79015554433', email: null }] };
    const linked = planStudents([student({})], state, ids());
    expect(linked.guardianCreates).toEqual([]);
    expect(linked.linkCreates).toEqual([{ studentId: 'new-1', guardianId: 'g1', relation: 'мать', line: 2 }]);
    const noPhone = planStudents([student({ guardians: [{ ...mother, phone: null }] })], state, ids());
    expect(noPhone.guardianCreates).toHaveLength(1);
  });

  it('without a consent a new guardian keeps no contacts (siblings still share her) and the report says so once', () => {
    const noConsent = { ...mother, consent: null };
    const plan = planStudents([student({ guardians: [noConsent] }), student({ line: 3, firstName: 'Ева', personalFileNo: 'Л-2', guardians: [noConsent] })], empty, ids());
    expect(plan.guardianCreates).toHaveLength(1);
    expect(plan.guardianCreates[0]).toMatchObject({ phone: null, email: null });
    expect(plan.consentCreates).toEqual([]);
    expect(plan.warnings).toEqual([{ line: 2, message: expect.stringMatching(/^Телефон и почта не сохранены у 1 родителей: нет согласия .*Лесная Ольга Павловна \(строка 2\)\.$/) }]);
    const given = planStudents([student({ guardians: [noConsent] }), student({ line: 3, firstName: 'Ева', personalFileNo: 'Л-2' })], empty, ids());
    expect(given.guardianCreates[0]).toMatchObject({ phone: '+7 901 555-44-33' }); // the consent on a later line of the file
    expect(given.consentCreates).toEqual([{ guardianId: given.guardianCreates[0]!.id, document: 'Заявление № 1', line: 3 }]);
    expect(given.warnings).toEqual([]);
  });

  it('an existing guardian\'s new phone needs a consent on file or on the line', () => {
    const state: StudentsState = {
      ...empty,
      students: [{ id: 's1', lastName: 'Лесной', firstName: 'Глеб', middleName: null, sex: 'м', birthDate: '2015-01-01', personalFileNo: 'Л-1' }],
      guardians: [{ id: 'g1', lastName: 'Лесная', firstName: 'Ольга', middleName: 'Павловна', sex: 'ж', phone: null, email: null }],
      links: [{ studentId: 's1', guardianId: 'g1', relation: 'мать' }],
    };
    const refused = planStudents([student({ guardians: [{ ...mother, consent: null }] })], state, ids());
    expect(refused.guardianUpdates).toEqual([]);
    expect(refused.outcomes[0]!.action).toBe('same');
    expect(refused.warnings).toHaveLength(1);
    const onFile = planStudents([student({ guardians: [{ ...mother, consent: null }] })], { ...state, consented: new Set(['g1']) }, ids());
    expect(onFile.guardianUpdates).toEqual([{ id: 'g1', line: 2, old: { phone: null }, set: { phone: '+7 901 555-44-33' } }]);
    expect(onFile.warnings).toEqual([]);
  });

  it('the student’s own guardian is found by ФИО alone; a new phone updates her, a new relation updates the link', () => {
    const state: StudentsState = {
      ...empty,
      students: [{ id: 's1', lastName: 'Лесной', firstName: 'Глеб', middleName: null, sex: 'м', birthDate: '2015-01-01', personalFileNo: 'Л-1' }],
      guardians: [{ id: 'g1', lastName: 'Лесная', firstName: 'Ольга', middleName: null, sex: 'ж', phone: '+7 999 000-00-00', email: null }],
      links: [{ studentId: 's1', guardianId: 'g1', relation: 'опекун' }],
    };
    const plan = planStudents([student({})], state, ids());
    expect(plan.studentCreates).toEqual([]);
    expect(plan.guardianCreates).toEqual([]);
    expect(plan.guardianUpdates).toEqual([{ id: 'g1', line: 2, old: { middleName: null, phone: '+7 999 000-00-00' }, set: { middleName: 'Павловна', phone: '+7 901 555-44-33' } }]);
    expect(plan.linkUpdates).toEqual([{ studentId: 's1', guardianId: 'g1', relation: 'мать', oldRelation: 'опекун', line: 2 }]);
    expect(plan.outcomes[0]!.action).toBe('update');
  });

  const known = { id: 's1', lastName: 'Лесной', firstName: 'Глеб', middleName: null, sex: 'м', birthDate: '2015-01-01', personalFileNo: 'Л-1' };
  it.each([
    ['a new student with a class is enrolled', false, null, 1, 0],
    ['an existing student in no class is enrolled', true, null, 1, 0],
    ['a student already in that class: nothing', true, '5А', 0, 0],
    ['a student in another class: a warning, no change', true, '6А', 0, 1],
  ] as const)('%s', (_n, exists, inClass, enrolments, warnings) => {
    const memberships = inClass ? [{ studentId: 's1', classId: inClass === '5А' ? 'c5a' : 'c6a', className: inClass }] : [];
    const state: StudentsState = { ...empty, students: exists ? [known] : [], memberships };
    const plan = planStudents([student({ className: '5А', guardians: [] })], state, ids());
    expect(plan.enrolments).toEqual(enrolments ? [{ studentId: exists ? 's1' : 'new-1', classId: 'c5a', line: 2 }] : []);
    expect(plan.warnings).toHaveLength(warnings);
    if (warnings) expect(plan.warnings[0]!.message).toContain('уже в классе 6А, а в файле — 5А');
  });

  it('the same line against its own result is unchanged', () => {
    const state: StudentsState = {
      ...empty,
      students: [{ id: 's1', lastName: 'Лесной', firstName: 'Глеб', middleName: null, sex: 'м', birthDate: '2015-01-01', personalFileNo: 'л-1' }],
      guardians: [{ id: 'g1', lastName: 'Лесная', firstName: 'Ольга', middleName: 'Павловна', sex: 'ж', phone: '+7 901 555-44-33', email: null }],
      links: [{ studentId: 's1', guardianId: 'g1', relation: 'мать' }],
      memberships: [{ studentId: 's1', classId: 'c5a', className: '5А' }],
    };
    const plan = planStudents([student({ className: '5А' })], state, ids());
    expect(plan.outcomes).toEqual([{ line: 2, name: 'Лесной Глеб', action: 'same', fields: [] }]);
  });

  it.each([
    ['Иванова Анна Петровна', 'Иванова Анна Петровна', true],
    ['Иванова Анна', 'Иванова Анна Петровна', true],
    ['ИВАНОВА анна петровна', 'Иванова Анна Петровна', true],
    ['Иванова Анна Ивановна', 'Иванова Анна Петровна', false],
    ['Иванова Мария', 'Иванова Анна', false],
  ])('sameName(%s, %s) = %s', (a, b, want) => {
    const p = (s: string) => { const [lastName, firstName, middleName] = s.split(' '); return { lastName: lastName!, firstName: firstName!, middleName: middleName ?? null }; };
    expect(sameName(p(a), p(b))).toBe(want);
  });
});
