import type { Database } from '../../src/db/client.ts';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { buildSchool, type BuiltSchool, type SchoolSpec } from '../../src/cli/seed/builder.ts';
import { BELLS, demoCalendar, SUBJECTS } from '../../src/cli/seed/calendar.ts';

export const FIXTURE_PASSWORD = 'fixture-pass-2026';

/**
 * A small school of its own for a test: year 2026/2027, 5А (class teacher `${p}-ct`) and 5Б, three students each,
 * one guardian each; logins `${p}-admin`, `${p}-deputy`, `${p}-secretary`, `${p}-teacher`, `${p}-ct`, `${p}-parent`
 * (mother of the first 5А student), `${p}-student` (that student). Password FIXTURE_PASSWORD.
 */
export async function buildSmallSchool(database: Database, p: string, name = `Школа ${p}`): Promise<BuiltSchool> {
  const staff: SchoolSpec['staff'] = [
    { key: 'admin', login: `${p}-admin`, roles: ['admin'], lastName: 'Админова', firstName: 'Анна', middleName: 'Ивановна', sex: 'ж', position: 'Администратор' },
    { key: 'deputy', login: `${p}-deputy`, roles: ['deputy'], lastName: 'Завучева', firstName: 'Зоя', middleName: 'Петровна', sex: 'ж', position: 'Заместитель директора по УВР' },
    { key: 'secretary', login: `${p}-secretary`, roles: ['secretary'], lastName: 'Секретарёва', firstName: 'Светлана', sex: 'ж', position: 'Секретарь' },
    { key: 'teacher', login: `${p}-teacher`, roles: ['teacher'], lastName: 'Учителева', firstName: 'Ульяна', sex: 'ж', position: 'Учитель математики' },
    { key: 'ct', login: `${p}-ct`, roles: ['teacher', 'classTeacher'], lastName: 'Классов', firstName: 'Кирилл', sex: 'м', position: 'Учитель истории' },
  ];
  const students: SchoolSpec['students'] = [];
  const guardians: SchoolSpec['guardians'] = [];
  ['5А', '5Б'].forEach((classKey, c) => {
    for (let i = 1; i <= 3; i++) {
      const key = `${classKey}-${i}`;
      const first = c === 0 && i === 1;
      guardians.push({ key: `g-${key}`, ...(first ? { login: `${p}-parent` } : {}), lastName: `Родителева${c}${i}`, firstName: 'Мария', sex: 'ж', phone: '+7 900 000-00-00' });
      students.push({
        key, ...(first ? { login: `${p}-student` } : {}), lastName: `Ученик${c}${i}`, firstName: 'Пётр', sex: 'м', birthDate: '2015-01-01',
        classKey, personalFileNo: `${p}-${key}`, guardians: [{ key: `g-${key}`, relation: 'мать' }],
      });
    }
  });
  return buildSchool(database.db, {
    school: { name },
    year: demoCalendar().year, bellSchedules: BELLS.slice(0, 1), subjects: SUBJECTS.slice(0, 5), staff,
    classes: [{ key: '5А', grade: 5, letter: 'А', scheme: 'quarters', classTeacher: 'ct' }, { key: '5Б', grade: 5, letter: 'Б', scheme: 'quarters' }],
    guardians, students,
    initialOrder: { number: '1-К', date: '2026-09-01', title: 'О зачислении' },
  }, await hashPassword(FIXTURE_PASSWORD));
}
