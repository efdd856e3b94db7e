// Russian names for generated demo people, and a small deterministic random generator.

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Surnames in the masculine form; the feminine is derived. */
const SURNAMES = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев',
  'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев',
  'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв',
  'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов',
  'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров',
  'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов', 'Мельников', 'Денисов',
  'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев', 'Тимофеев', 'Фомин', 'Чернов', 'Абрамов',
];
const MALE = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Никита', 'Матвей', 'Роман', 'Егор', 'Арсений', 'Иван', 'Денис', 'Евгений', 'Даниил', 'Тимофей', 'Владислав', 'Игорь', 'Павел', 'Глеб', 'Марк', 'Лев', 'Фёдор', 'Степан'];
const FEMALE = ['Анастасия', 'Мария', 'Анна', 'Виктория', 'Екатерина', 'Наталья', 'Марина', 'Полина', 'София', 'Дарья', 'Алиса', 'Ксения', 'Александра', 'Елена', 'Ольга', 'Татьяна', 'Ирина', 'Юлия', 'Вероника', 'Варвара', 'Ева', 'Милана', 'Арина', 'Василиса', 'Светлана', 'Людмила'];
/** Fathers' names for patronymics: [masculine patronymic, feminine patronymic]. */
const PATRONYMICS: Array<[string, string]> = [
  ['Александрович', 'Александровна'], ['Дмитриевич', 'Дмитриевна'], ['Сергеевич', 'Сергеевна'], ['Андреевич', 'Андреевна'],
  ['Алексеевич', 'Алексеевна'], ['Михайлович', 'Михайловна'], ['Игоревич', 'Игоревна'], ['Николаевич', 'Николаевна'],
  ['Владимирович', 'Владимировна'], ['Евгеньевич', 'Евгеньевна'], ['Олегович', 'Олеговна'], ['Викторович', 'Викторовна'],
  ['Павлович', 'Павловна'], ['Юрьевич', 'Юрьевна'], ['Иванович', 'Ивановна'], ['Петрович', 'Петровна'],
];

export function feminine(surname: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  if (/ий$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  return surname;
}

export type GeneratedName = { lastName: string; firstName: string; middleName: string; sex: 'м' | 'ж' };

export function surname(r: () => number): string {
  return pick(r, SURNAMES);
}

/** A person of the given family (masculine surname) and sex; the patronymic comes from `fatherIndex` when given. */
export function person(r: () => number, family: string, sex: 'м' | 'ж', fatherIndex?: number): GeneratedName {
  const p = PATRONYMICS[fatherIndex ?? Math.floor(r() * PATRONYMICS.length)]!;
  return {
    lastName: sex === 'м' ? family : feminine(family),
    firstName: pick(r, sex === 'м' ? MALE : FEMALE),
    middleName: sex === 'м' ? p[0] : p[1],
    sex,
  };
}

/** The index into PATRONYMICS matching a father's first name, so children's patronymics agree with the father. */
export function patronymicIndexFor(firstName: string): number {
  const stem = firstName.replace(/(ий|ей|ь|й)$/, '');
  const i = PATRONYMICS.findIndex(([m]) => m.startsWith(stem));
  return i >= 0 ? i : 0;
}
