// The demo schools: a realistic school № 1 (1А…11Б, ~25 students each, guardians, ~35 staff) and a small gymnasium № 2.
import type { SchoolSpec } from './builder.ts';
import { BELLS, demoCalendar, SUBJECTS, type DemoCalendar } from './calendar.ts';
import { patronymicIndexFor, person, pick, rng, surname } from './names.ts';
import { DEMO_SCHOOL, DEMO_SCHOOL_2 } from '../demo-data.ts';

type Staff = SchoolSpec['staff'][number];

const TEACHER_POSITIONS = [
  'Учитель начальных классов', 'Учитель начальных классов', 'Учитель начальных классов', 'Учитель начальных классов',
  'Учитель начальных классов', 'Учитель начальных классов', 'Учитель начальных классов', 'Учитель начальных классов',
  'Учитель русского языка и литературы', 'Учитель русского языка и литературы', 'Учитель русского языка и литературы',
  'Учитель математики', 'Учитель математики', 'Учитель английского языка', 'Учитель английского языка', 'Учитель английского языка',
  'Учитель физики', 'Учитель химии', 'Учитель биологии', 'Учитель географии', 'Учитель истории и обществознания',
  'Учитель музыки', 'Учитель изобразительного искусства', 'Учитель труда (технологии)', 'Учитель физической культуры',
  'Учитель физической культуры', 'Преподаватель-организатор ОБЗР', 'Педагог-психолог',
];
const CATEGORIES = ['высшая', 'первая', 'первая', 'соответствие занимаемой должности', 'без категории'];

function namedStaff(): Staff[] {
  return [
    { key: 'director', lastName: 'Белова', firstName: 'Галина', middleName: 'Ивановна', sex: 'ж', birthDate: '1968-03-14', position: 'Директор', category: 'высшая', diplomaSpecialty: 'Математика' },
    { key: 'admin', login: 'admin', roles: ['admin'], lastName: 'Смирнова', firstName: 'Ольга', middleName: 'Петровна', sex: 'ж', birthDate: '1979-06-02', position: 'Заместитель директора по информатизации', category: 'первая', diplomaSpecialty: 'Информатика' },
    { key: 'deputy', login: 'deputy', roles: ['deputy', 'teacher'], lastName: 'Кузнецова', firstName: 'Елена', middleName: 'Викторовна', sex: 'ж', birthDate: '1974-11-20', position: 'Заместитель директора по УВР', category: 'высшая', rank: 'Почётный работник воспитания и просвещения РФ', diplomaSpecialty: 'Русский язык и литература' },
    { key: 'secretary', login: 'secretary', roles: ['secretary'], lastName: 'Павлова', firstName: 'Ирина', middleName: 'Сергеевна', sex: 'ж', birthDate: '1985-01-09', position: 'Секретарь учебной части' },
    { key: 'teacher', login: 'teacher', roles: ['teacher'], lastName: 'Иванова', firstName: 'Мария', middleName: 'Александровна', sex: 'ж', birthDate: '1988-04-17', position: 'Учитель математики', category: 'первая', diplomaSpecialty: 'Математика' },
    { key: 'classteacher', login: 'classteacher', roles: ['teacher', 'classTeacher'], lastName: 'Соколов', firstName: 'Андрей', middleName: 'Николаевич', sex: 'м', birthDate: '1982-09-30', position: 'Учитель истории и обществознания', category: 'высшая', diplomaSpecialty: 'История' },
    { key: 'multi', login: 'multi', roles: ['teacher'], lastName: 'Васильев', firstName: 'Павел', middleName: 'Олегович', sex: 'м', birthDate: '1990-12-05', position: 'Учитель информатики', category: 'первая', diplomaSpecialty: 'Прикладная информатика' },
  ];
}

function generatedStaff(r: () => number): Staff[] {
  return TEACHER_POSITIONS.map((position, i) => {
    const sex = position.includes('физической') || position.includes('ОБЗР') || r() < 0.15 ? 'м' : 'ж';
    const n = person(r, surname(r), sex);
    const year = 1965 + Math.floor(r() * 35);
    return {
      key: `t${i + 1}`, ...n, birthDate: `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
      position, category: pick(r, CATEGORIES), diplomaSpecialty: position.replace(/^Учитель |^Преподаватель-организатор /, ''),
    };
  });
}

const date = (y: number, r: () => number) => `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
const phone = (r: () => number) => `+7 9${Math.floor(10 + r() * 89)} ${Math.floor(100 + r() * 899)}-${Math.floor(10 + r() * 89)}-${Math.floor(10 + r() * 89)}`;

type Family = { guardians: SchoolSpec['guardians']; students: SchoolSpec['students'] };

/** Students of a class with their families: a mother always, a father in most families. */
function classFamilies(r: () => number, classKey: string, grade: number, count: number, seq: { n: number; g: number }, startYear: number): Family {
  const out: Family = { guardians: [], students: [] };
  for (let i = 0; i < count; i++) {
    const family = surname(r);
    const father = person(r, family, 'м');
    const mother = person(r, family, 'ж');
    const sex = r() < 0.5 ? 'м' : 'ж';
    const child = person(r, family, sex, patronymicIndexFor(father.firstName));
    const birthYear = startYear - grade - 7 + (r() < 0.7 ? 1 : 0);
    const motherKey = `g${++seq.g}`;
    out.guardians.push({ key: motherKey, ...mother, birthDate: date(birthYear - 24 - Math.floor(r() * 12), r), phone: phone(r) });
    const links = [{ key: motherKey, relation: 'мать' }];
    if (r() < 0.7) {
      const fatherKey = `g${++seq.g}`;
      out.guardians.push({ key: fatherKey, ...father, birthDate: date(birthYear - 26 - Math.floor(r() * 12), r), phone: phone(r) });
      links.push({ key: fatherKey, relation: 'отец' });
    }
    seq.n += 1;
    out.students.push({ key: `s${seq.n}`, ...child, birthDate: date(birthYear, r), classKey, personalFileNo: `${child.lastName[0]}-${String(seq.n).padStart(4, '0')}`, guardians: links });
  }
  return out;
}

/** The Morozov family: the demo parent (two children: 5А and 2А) and the demo student. */
/** The Morozovs: the demo parent's children, in 5А and 2А whatever the year (birthdays move with it). */
function morozovs(cal: DemoCalendar): Family {
  return {
    guardians: [
      { key: 'parent', login: 'parent', lastName: 'Морозова', firstName: 'Анна', middleName: 'Игоревна', sex: 'ж', birthDate: '1987-07-21', phone: '+7 915 123-45-67', email: 'morozova.anna@example.ru', snils: '11223344595' },
      { key: 'father', lastName: 'Морозов', firstName: 'Сергей', middleName: 'Викторович', sex: 'м', birthDate: '1985-02-11', phone: '+7 916 765-43-21' },
    ],
    students: [
      { key: 'student', login: 'student', lastName: 'Морозов', firstName: 'Дмитрий', middleName: 'Сергеевич', sex: 'м', birthDate: cal.years('2015-05-03'), classKey: '5А', personalFileNo: 'М-0001', snils: '98765432183', guardians: [{ key: 'parent', relation: 'мать' }, { key: 'father', relation: 'отец' }] },
      { key: 'sister', lastName: 'Морозова', firstName: 'Алиса', middleName: 'Сергеевна', sex: 'ж', birthDate: cal.years('2018-10-12'), classKey: '2А', personalFileNo: 'М-0002', guardians: [{ key: 'parent', relation: 'мать' }, { key: 'father', relation: 'отец' }] },
    ],
  };
}

export function demoSchoolSpec(cal: DemoCalendar = demoCalendar()): SchoolSpec {
  const r = rng(20261122);
  const staff = [...namedStaff(), ...generatedStaff(r)];
  const classTeachers = ['classteacher', ...staff.filter((s) => /^t\d+$/.test(s.key)).map((s) => s.key)];
  const classes: SchoolSpec['classes'] = [];
  for (let grade = 1; grade <= 11; grade++) {
    for (const letter of ['А', 'Б']) {
      const key = `${grade}${letter}`;
      classes.push({
        key, grade, letter, shift: grade >= 2 && grade <= 4 && letter === 'Б' ? 2 : 1, scheme: grade >= 10 ? 'halves' : 'quarters',
        classTeacher: key === '5А' ? 'classteacher' : classTeachers[(classes.length % (classTeachers.length - 1)) + 1]!,
      });
    }
  }
  const family = morozovs(cal);
  const seq = { n: 2, g: 0 };
  for (const c of classes) {
    const count = 23 + Math.floor(r() * 5) - family.students.filter((s) => s.classKey === c.key).length;
    const f = classFamilies(r, c.key, c.grade!, count, seq, cal.startYear);
    family.guardians.push(...f.guardians);
    family.students.push(...f.students);
  }
  return {
    school: { ...DEMO_SCHOOL, collectContacts: true },
    year: cal.year, bellSchedules: BELLS, subjects: SUBJECTS, staff, classes,
    guardians: family.guardians, students: family.students,
    initialOrder: { number: '112-К', date: cal.year.startsOn, title: `О контингенте обучающихся на ${cal.year.name} учебный год` },
  };
}

export function demoSchool2Spec(cal: DemoCalendar = demoCalendar()): SchoolSpec {
  const r = rng(2);
  const staff: Staff[] = [
    { key: 'admin2', login: 'admin2', roles: ['admin'], lastName: 'Новикова', firstName: 'Татьяна', middleName: 'Юрьевна', sex: 'ж', birthDate: '1976-08-08', position: 'Заместитель директора' },
    { key: 'multi', login: 'multi', roles: ['teacher'], lastName: 'Васильев', firstName: 'Павел', middleName: 'Олегович', sex: 'м', birthDate: '1990-12-05', position: 'Учитель информатики (совместитель)' },
    ...generatedStaff(r).slice(8, 14),
  ];
  const classes: SchoolSpec['classes'] = [5, 6, 7].map((grade, i) => ({ key: `${grade}А`, grade, letter: 'А', scheme: 'quarters', classTeacher: staff[2 + i]!.key }));
  const family: Family = { guardians: [], students: [] };
  const seq = { n: 0, g: 0 };
  for (const c of classes) {
    const f = classFamilies(r, c.key, c.grade!, 20, seq, cal.startYear);
    family.guardians.push(...f.guardians);
    family.students.push(...f.students);
  }
  return {
    school: DEMO_SCHOOL_2, year: cal.year, bellSchedules: BELLS.slice(0, 1), subjects: SUBJECTS, staff, classes,
    guardians: family.guardians, students: family.students,
    initialOrder: { number: '45-у', date: cal.year.startsOn, title: 'О зачислении обучающихся' },
  };
}
