import type { SchoolSpec } from './builder.ts';

/** The 2026/2027 academic year: quarters for grades 1–9, halves for 10–11, Russian holidays and vacations. */
export const YEAR_2026: SchoolSpec['year'] = {
  name: '2026/2027',
  startsOn: '2026-09-01',
  endsOn: '2027-05-31',
  schemes: [
    {
      key: 'quarters', name: 'Четверти', kind: 'quarters', periods: [
        { name: '1 четверть', startsOn: '2026-09-01', endsOn: '2026-10-24' },
        { name: '2 четверть', startsOn: '2026-11-05', endsOn: '2026-12-28' },
        { name: '3 четверть', startsOn: '2027-01-11', endsOn: '2027-03-20' },
        { name: '4 четверть', startsOn: '2027-03-30', endsOn: '2027-05-26' },
      ],
    },
    {
      key: 'halves', name: 'Полугодия', kind: 'halves', periods: [
        { name: '1 полугодие', startsOn: '2026-09-01', endsOn: '2026-12-28' },
        { name: '2 полугодие', startsOn: '2027-01-11', endsOn: '2027-05-26' },
      ],
    },
  ],
  holidays: [
    { name: 'Осенние каникулы', kind: 'vacation', startsOn: '2026-10-26', endsOn: '2026-11-04' },
    { name: 'День народного единства', kind: 'holiday', startsOn: '2026-11-04', endsOn: '2026-11-04' },
    { name: 'Зимние каникулы', kind: 'vacation', startsOn: '2026-12-29', endsOn: '2027-01-10' },
    { name: 'Дополнительные каникулы для 1-х классов', kind: 'vacation', startsOn: '2027-02-15', endsOn: '2027-02-21', grades: [1] },
    { name: 'Выходной (перенос с 20 февраля)', kind: 'dayoff', startsOn: '2027-02-22', endsOn: '2027-02-22' },
    { name: 'День защитника Отечества', kind: 'holiday', startsOn: '2027-02-23', endsOn: '2027-02-23' },
    { name: 'Международный женский день', kind: 'holiday', startsOn: '2027-03-08', endsOn: '2027-03-08' },
    { name: 'Весенние каникулы', kind: 'vacation', startsOn: '2027-03-21', endsOn: '2027-03-29' },
    { name: 'Праздник Весны и Труда', kind: 'holiday', startsOn: '2027-05-01', endsOn: '2027-05-03' },
    { name: 'День Победы', kind: 'holiday', startsOn: '2027-05-09', endsOn: '2027-05-10' },
  ],
  transfers: [{ date: '2027-02-20', worksAs: 1, note: 'Суббота — рабочий день по расписанию понедельника' }],
};

export const BELLS: SchoolSpec['bellSchedules'] = [
  { shift: 1, name: '1 смена', bells: [['08:30', '09:15'], ['09:25', '10:10'], ['10:30', '11:15'], ['11:35', '12:20'], ['12:30', '13:15'], ['13:25', '14:10'], ['14:20', '15:05']] },
  { shift: 2, name: '2 смена', bells: [['13:30', '14:15'], ['14:25', '15:10'], ['15:25', '16:10'], ['16:25', '17:10'], ['17:20', '18:05'], ['18:15', '19:00']] },
];

export const SUBJECTS: SchoolSpec['subjects'] = [
  { name: 'Русский язык', shortName: 'Рус. яз.', area: 'Русский язык и литература' },
  { name: 'Литературное чтение', shortName: 'Лит. чт.', area: 'Русский язык и литературное чтение' },
  { name: 'Литература', shortName: 'Лит.', area: 'Русский язык и литература' },
  { name: 'Английский язык', shortName: 'Англ. яз.', area: 'Иностранные языки' },
  { name: 'Математика', shortName: 'Матем.', area: 'Математика и информатика' },
  { name: 'Алгебра', shortName: 'Алг.', area: 'Математика и информатика' },
  { name: 'Геометрия', shortName: 'Геом.', area: 'Математика и информатика' },
  { name: 'Вероятность и статистика', shortName: 'ВиС', area: 'Математика и информатика' },
  { name: 'Информатика', shortName: 'Информ.', area: 'Математика и информатика' },
  { name: 'Окружающий мир', shortName: 'Окр. мир', area: 'Обществознание и естествознание' },
  { name: 'История', shortName: 'Ист.', area: 'Общественно-научные предметы' },
  { name: 'Обществознание', shortName: 'Общ.', area: 'Общественно-научные предметы' },
  { name: 'География', shortName: 'Геогр.', area: 'Общественно-научные предметы' },
  { name: 'Биология', shortName: 'Биол.', area: 'Естественно-научные предметы' },
  { name: 'Физика', shortName: 'Физ.', area: 'Естественно-научные предметы' },
  { name: 'Химия', shortName: 'Хим.', area: 'Естественно-научные предметы' },
  { name: 'Музыка', shortName: 'Муз.', area: 'Искусство' },
  { name: 'Изобразительное искусство', shortName: 'ИЗО', area: 'Искусство' },
  { name: 'Труд (технология)', shortName: 'Труд', area: 'Технология' },
  { name: 'Физическая культура', shortName: 'Физ-ра', area: 'Физическая культура' },
  { name: 'Основы безопасности и защиты Родины', shortName: 'ОБЗР', area: 'Основы безопасности и защиты Родины' },
  { name: 'ОДНКНР', shortName: 'ОДНКНР', area: 'Основы духовно-нравственной культуры народов России' },
];
