/** The demo logins printed at start and listed in the README. One password for all demo accounts. */
export const DEMO_PASSWORD = 'otmetka-demo';

export const DEMO_SCHOOL = { name: 'МБОУ «Средняя общеобразовательная школа № 1» (демо)', address: 'г. Демоград, ул. Школьная, д. 1' };
export const DEMO_SCHOOL_2 = { name: 'МАОУ «Гимназия № 2» (демо)', address: 'г. Демоград, пр. Мира, д. 12' };

export type DemoAccount = { login: string; fullName: string; roles: string[]; schools: Array<1 | 2>; operator?: boolean; note: string };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { login: 'operator', fullName: 'Оператор Платформы', roles: [], schools: [], operator: true, note: 'оператор платформы' },
  { login: 'admin', fullName: 'Смирнова Ольга Петровна', roles: ['admin'], schools: [1], note: 'администратор школы' },
  { login: 'deputy', fullName: 'Кузнецова Елена Викторовна', roles: ['deputy', 'teacher'], schools: [1], note: 'заместитель директора по УВР' },
  { login: 'secretary', fullName: 'Павлова Ирина Сергеевна', roles: ['secretary'], schools: [1], note: 'секретарь' },
  { login: 'teacher', fullName: 'Иванова Мария Александровна', roles: ['teacher'], schools: [1], note: 'учитель (математика)' },
  { login: 'classteacher', fullName: 'Соколов Андрей Николаевич', roles: ['teacher', 'classTeacher'], schools: [1], note: 'учитель и классный руководитель' },
  { login: 'parent', fullName: 'Морозова Анна Игоревна', roles: ['parent'], schools: [1], note: 'родитель' },
  { login: 'student', fullName: 'Морозов Дмитрий Сергеевич', roles: ['student'], schools: [1], note: 'обучающийся' },
  { login: 'multi', fullName: 'Васильев Павел Олегович', roles: ['teacher'], schools: [1, 2], note: 'учитель в двух школах (выбор школы)' },
  { login: 'admin2', fullName: 'Новикова Татьяна Юрьевна', roles: ['admin'], schools: [2], note: 'администратор второй школы' },
];
