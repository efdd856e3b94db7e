// The two import templates: their columns (Russian headers), what each means, and an example row.

export type ImportKind = 'staff' | 'students';

export const IMPORT_KINDS: readonly ImportKind[] = ['staff', 'students'];

export const KIND_TITLES: Record<ImportKind, string> = {
  staff: 'Сотрудники',
  students: 'Обучающиеся и родители',
};

export type Column = {
  /** Field key in a parsed row. */
  key: string;
  /** The header as written in the template. */
  header: string;
  /** Other spellings accepted for the header. */
  aliases?: readonly string[];
  /** The column must be present in the file (its values may still be optional, see the rules). */
  required: boolean;
  description: string;
  example: string;
};

const EMAIL_ALIASES = ['Электронная почта', 'E-mail', 'Email', 'Почта'];

export const STAFF_COLUMNS: readonly Column[] = [
  { key: 'lastName', header: 'Фамилия', required: true, description: 'Обязательно.', example: 'Петрова' },
  { key: 'firstName', header: 'Имя', required: true, description: 'Обязательно.', example: 'Наталья' },
  { key: 'middleName', header: 'Отчество', required: false, description: 'Если есть.', example: 'Сергеевна' },
  { key: 'sex', header: 'Пол', required: false, description: '«м» или «ж».', example: 'ж' },
  { key: 'birthDate', header: 'Дата рождения', required: false, description: 'ДД.ММ.ГГГГ. Обязательна, если не указан табельный номер.', example: '14.03.1985' },
  { key: 'position', header: 'Должность', required: false, description: 'Например, «Учитель математики».', example: 'Учитель математики' },
  { key: 'category', header: 'Категория', required: false, description: 'Квалификационная категория: высшая, первая, соответствие занимаемой должности, без категории.', example: 'первая' },
  { key: 'rank', header: 'Разряд/звание', aliases: ['Разряд', 'Звание'], required: false, description: 'Почётное звание, разряд — если есть.', example: '' },
  { key: 'diplomaSpecialty', header: 'Специальность по диплому', aliases: ['Специальность'], required: false, description: 'Как записано в дипломе.', example: 'Математика' },
  { key: 'phone', header: 'Телефон', required: false, description: 'Например, +7 900 123-45-67.', example: '+7 900 123-45-67' },
  { key: 'email', header: 'Эл. почта', aliases: EMAIL_ALIASES, required: false, description: 'Адрес электронной почты.', example: 'petrova@example.ru' },
  { key: 'externalId', header: 'Табельный номер', required: false, description: 'Необязательный постоянный номер сотрудника. Если указан, повторный импорт находит сотрудника по нему; иначе — по ФИО и дате рождения.', example: '0042' },
];

const RELATIONS_HINT = 'мать, отец, опекун, попечитель, приёмный родитель, бабушка, дедушка, законный представитель';

type GuardianExample = {
  lastName: string; firstName: string; middleName: string; relation: string; phone: string; email: string; consent: string;
};

function guardianColumns(n: 1 | 2, example: GuardianExample): Column[] {
  const p = `Родитель ${n}`;
  const optional = n === 1 ? 'Если заполнен хоть один столбец родителя, обязательны его фамилия, имя и «кем приходится».' : 'Второй родитель, по тем же правилам.';
  return [
    { key: `g${n}LastName`, header: `${p} Фамилия`, required: false, description: optional, example: example.lastName },
    { key: `g${n}FirstName`, header: `${p} Имя`, required: false, description: '', example: example.firstName },
    { key: `g${n}MiddleName`, header: `${p} Отчество`, required: false, description: '', example: example.middleName },
    { key: `g${n}Relation`, header: `${p} Кем приходится`, required: false, description: RELATIONS_HINT + '.', example: example.relation },
    { key: `g${n}Phone`, header: `${p} Телефон`, required: false, description: 'По телефону и ФИО родитель находится у братьев и сестёр (без дубликатов).', example: example.phone },
    { key: `g${n}Email`, header: `${p} Эл. почта`, aliases: EMAIL_ALIASES.map((a) => `${p} ${a}`), required: false, description: '', example: example.email },
    {
      key: `g${n}Consent`, header: `${p} Согласие`, required: false, example: example.consent,
      description: 'Документ согласия родителя на обработку персональных данных (цели: журнал и дневник, контакты, уведомления). '
        + 'Без него и без согласия в карточке телефон и почта родителя не сохраняются (152-ФЗ).',
    },
  ];
}

export const STUDENT_COLUMNS: readonly Column[] = [
  { key: 'lastName', header: 'Фамилия', required: true, description: 'Обязательно.', example: 'Соколова' },
  { key: 'firstName', header: 'Имя', required: true, description: 'Обязательно.', example: 'Мария' },
  { key: 'middleName', header: 'Отчество', required: false, description: 'Если есть.', example: 'Игоревна' },
  { key: 'sex', header: 'Пол', required: true, description: 'Обязательно: «м» или «ж».', example: 'ж' },
  { key: 'birthDate', header: 'Дата рождения', required: true, description: 'Обязательно, ДД.ММ.ГГГГ.', example: '03.05.2015' },
  { key: 'personalFileNo', header: 'Номер личного дела', required: true, description: 'Обязательно; постоянный ключ: повторный импорт обновляет карточку с этим номером.', example: 'С-1024' },
  { key: 'className', header: 'Класс', required: false, description: 'Например, 5А; класс должен быть в текущем учебном году. Ученик, ещё не состоящий в классе, зачисляется приказом (номер и дату спросим на странице проверки).', example: '5А' },
  ...guardianColumns(1, {
    lastName: 'Соколова', firstName: 'Ирина', middleName: 'Петровна', relation: 'мать', phone: '+7 915 000-11-22',
    email: 'sokolova@example.ru', consent: 'Заявление № 12 от 01.09.2026',
  }),
  ...guardianColumns(2, {
    lastName: 'Соколов', firstName: 'Игорь', middleName: 'Андреевич', relation: 'отец', phone: '+7 916 000-33-44', email: '',
    consent: 'Заявление № 13 от 01.09.2026',
  }),
];

export function columnsOf(kind: ImportKind): readonly Column[] {
  return kind === 'staff' ? STAFF_COLUMNS : STUDENT_COLUMNS;
}

/** The relations a guardian may have (as typed; matched without regard to case and ё). */
export const RELATIONS: readonly string[] = [
  'мать', 'отец', 'опекун', 'попечитель', 'приёмный родитель', 'приёмная мать', 'приёмный отец',
  'бабушка', 'дедушка', 'тётя', 'дядя', 'брат', 'сестра', 'законный представитель',
];
