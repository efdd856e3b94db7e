// Demo КТП: 5th-grade maths (170 h) for the 5А and 5Б maths groups, 5th-grade history (68 h) for 5А; lesson topics filled.
// Run last, after the groups (curriculum) and the lessons (layout) exist; groups that do not exist are skipped.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { ktpTopics, teachingGroups } from '../../modules/curriculum/schema.ts';
import { fillTopicsFromKtp, lessonsForFill, topicsForFill, writeTopics, type GroupWhere } from '../../modules/ktp/fill.ts';
import { assignTopics } from '../../modules/ktp/rules.ts';
import { schoolClasses } from '../../modules/setup/schema.ts';
import { todayIso } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';
import { seedAudit } from './seed-audit.ts';

type Plan = Array<[section: string, topics: Array<[title: string, hours: number]>]>;

export const MATH_5: Plan = [
  ['Натуральные числа и нуль', [
    ['Десятичная система счисления', 1], ['Ряд натуральных чисел', 1], ['Натуральный ряд. Число 0', 1],
    ['Натуральные числа на координатной прямой', 2], ['Сравнение, округление натуральных чисел', 3], ['Входная контрольная работа', 1],
    ['Решение текстовых задач', 2], ['Контрольная работа № 1 «Натуральные числа»', 1],
  ]],
  ['Действия с натуральными числами', [
    ['Сложение натуральных чисел и его свойства', 3], ['Вычитание натуральных чисел', 2], ['Числовые и буквенные выражения', 2],
    ['Умножение натуральных чисел и его свойства', 3], ['Деление натуральных чисел', 3], ['Деление с остатком', 2],
    ['Простые и составные числа', 1], ['Признаки делимости на 2, 5, 10, 3, 9', 2], ['Степень с натуральным показателем', 1],
    ['Порядок действий в числовых выражениях', 2], ['Решение текстовых задач на все арифметические действия', 1],
    ['Контрольная работа № 2 «Действия с натуральными числами»', 1],
  ]],
  ['Наглядная геометрия. Линии на плоскости', [
    ['Точка, прямая, отрезок, луч', 2], ['Ломаная', 1], ['Измерение длины отрезка, метрические единицы длины', 2], ['Окружность и круг', 1],
    ['Практическая работа «Построение узора из окружностей»', 1], ['Угол. Прямой, острый, тупой и развёрнутый углы', 2],
    ['Измерение углов. Транспортир', 2], ['Практическая работа «Построение углов»', 1],
  ]],
  ['Обыкновенные дроби', [
    ['Доли и дроби', 2], ['Обыкновенная дробь. Числитель и знаменатель', 2], ['Правильные и неправильные дроби', 2],
    ['Основное свойство дроби', 3], ['Сокращение дробей', 3], ['Приведение дроби к новому знаменателю', 2], ['Сравнение дробей', 3],
    ['Сложение и вычитание дробей с одинаковыми знаменателями', 3], ['Сложение и вычитание дробей с разными знаменателями', 4],
    ['Смешанная дробь', 3], ['Сложение и вычитание смешанных дробей', 3], ['Контрольная работа № 3 «Сложение и вычитание дробей»', 1],
    ['Умножение обыкновенных дробей', 3], ['Деление обыкновенных дробей', 3], ['Умножение и деление смешанных дробей', 3],
    ['Нахождение части целого и целого по его части', 3], ['Решение текстовых задач, содержащих дроби', 4],
    ['Контрольная работа № 4 «Умножение и деление дробей»', 1],
  ]],
  ['Наглядная геометрия. Многоугольники', [
    ['Многоугольники. Четырёхугольник, прямоугольник, квадрат', 2],
    ['Практическая работа «Построение прямоугольника с заданными сторонами на нелинованной бумаге»', 1], ['Треугольник', 1],
    ['Площадь и периметр прямоугольника и многоугольников, составленных из прямоугольников', 3], ['Единицы измерения площади', 1],
    ['Периметр многоугольника', 1], ['Контрольная работа № 5 «Многоугольники»', 1],
  ]],
  ['Десятичные дроби', [
    ['Десятичная запись дробей', 2], ['Сравнение десятичных дробей', 3], ['Сложение и вычитание десятичных дробей', 4],
    ['Контрольная работа № 6 «Сложение и вычитание десятичных дробей»', 1], ['Умножение десятичной дроби на натуральное число', 3],
    ['Умножение десятичных дробей', 4], ['Деление десятичной дроби на натуральное число', 3], ['Деление на десятичную дробь', 4],
    ['Контрольная работа № 7 «Умножение и деление десятичных дробей»', 1], ['Округление десятичных дробей', 2],
    ['Решение текстовых задач с десятичными дробями', 4], ['Основные задачи на дроби', 3], ['Среднее арифметическое', 3],
    ['Контрольная работа № 8 «Десятичные дроби»', 1],
  ]],
  ['Наглядная геометрия. Тела и фигуры в пространстве', [
    ['Многогранники. Изображение многогранников', 1], ['Модели пространственных тел', 1],
    ['Прямоугольный параллелепипед, куб. Развёртки куба и параллелепипеда', 2], ['Практическая работа «Развёртка куба»', 1],
    ['Объём куба, прямоугольного параллелепипеда', 2], ['Единицы измерения объёма', 1], ['Контрольная работа № 9 «Тела и фигуры в пространстве»', 1],
  ]],
  ['Повторение и обобщение', [
    ['Повторение основных понятий и методов курса 5 класса', 2], ['Вычисления с натуральными числами', 2],
    ['Вычисления с обыкновенными дробями', 3], ['Вычисления с десятичными дробями', 3], ['Решение текстовых задач', 3],
    ['Итоговая контрольная работа', 2], ['Анализ итоговой контрольной работы', 1], ['Обобщение и систематизация знаний', 2],
  ]],
];

export const HISTORY_5: Plan = [
  ['Введение', [['Что изучает история. Источники исторических знаний', 1], ['Историческая хронология. Историческая карта', 1]]],
  ['Первобытность', [
    ['Происхождение, расселение и эволюция древнейшего человека', 1], ['Условия жизни и занятия первобытных людей', 1],
    ['Возникновение земледелия и скотоводства', 1], ['Появление ремёсел. Переход от первобытности к цивилизации', 1],
  ]],
  ['Древний Восток', [
    ['Понятие «Древний Восток». Карта древневосточного мира', 1], ['Древний Египет: природа и занятия населения', 2],
    ['Возникновение государственной власти. Объединение Египта', 1], ['Управление государством (фараон, вельможи, чиновники)', 1],
    ['Положение и повинности населения', 1], ['Религиозные верования египтян', 1], ['Военные походы фараонов', 1],
    ['Познания древних египтян. Письменность. Храмы и пирамиды', 2], ['Древние цивилизации Месопотамии', 2],
    ['Вавилонское царство. Законы Хаммурапи', 1], ['Восточное Средиземноморье: Финикия, Древняя Палестина', 2], ['Ассирия', 1],
    ['Персидская держава', 1], ['Древняя Индия', 1], ['Древний Китай', 2],
  ]],
  ['Древняя Греция. Эллинизм', [
    ['Природа Древней Греции. Древнейшие государства на Крите', 1], ['Микены и Троя. Поэмы Гомера', 2],
    ['Греческие полисы. Великая греческая колонизация', 2], ['Афины: утверждение демократии. Законы Солона', 1],
    ['Спарта: общество и военная организация', 1], ['Греко-персидские войны', 2], ['Возвышение Афинского государства. Перикл', 1],
    ['Пелопоннесская война', 1], ['Культура Древней Греции: религия, наука, образование', 2], ['Архитектура и скульптура. Театр', 2],
    ['Олимпийские игры', 1], ['Возвышение Македонии. Походы Александра Македонского', 2],
    ['Эллинистические государства Востока. Александрия Египетская', 1], ['Повторение: Древняя Греция', 1],
  ]],
  ['Древний Рим', [
    ['Природа и население Апеннинского полуострова. Основание Рима', 1], ['Римская республика. Патриции и плебеи', 2],
    ['Завоевание Римом Италии', 1], ['Пунические войны. Ганнибал', 2], ['Установление господства Рима в Средиземноморье', 1],
    ['Гражданские войны в Риме. Реформы Гракхов', 2], ['Гай Юлий Цезарь. Установление единоличной власти', 1],
    ['Римская империя: территория, управление', 1], ['Римское гражданство. Повседневная жизнь в Риме', 1],
    ['Возникновение и распространение христианства', 1], ['Император Константин. Перенос столицы', 1],
    ['Разделение Римской империи. Падение Западной Римской империи', 2], ['Культура Древнего Рима: архитектура, скульптура, литература', 2],
    ['Историческое и культурное наследие Древнего Рима', 1], ['Контрольная работа «Древний Рим»', 1],
  ]],
  ['Обобщение', [['Историческое и культурное наследие цивилизаций Древнего мира', 1], ['Итоговое повторение', 1]]],
];

export const planTopics = (plan: Plan) => plan.flatMap(([section, topics]) => topics.map(([title, hours]) => ({ section, title, hours })));

/** The whole-class group of a subject in a class of the demo year, if the curriculum has made it. */
async function classGroup(db: Db, built: BuiltSchool, className: string, subject: string): Promise<string | undefined> {
  const classId = built.classes.get(className);
  const subjectId = built.subjects.get(subject);
  if (!classId || !subjectId) return undefined;
  const [row] = await db.select({ id: teachingGroups.id }).from(teachingGroups)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(teachingGroups.schoolId, built.schoolId), eq(teachingGroups.yearId, built.yearId), eq(teachingGroups.classId, classId),
      eq(teachingGroups.subjectId, subjectId), eq(teachingGroups.kind, 'class')))
    .limit(1);
  return row?.id;
}

/**
 * The demo's history, not the КТП fill: the lessons up to today were given with the topic the plan puts at their place
 * (the plan laid over every lesson as on the first of September, cancelled and overridden lessons as the fill treats
 * them), written directly like the demo's marks — with no audit rows, as a school's past that the seed starts from.
 */
async function writeGivenTopics(tx: Tx, where: GroupWhere, today: string): Promise<void> {
  const [lessons, topics] = await Promise.all([lessonsForFill(tx, where), topicsForFill(tx, where)]);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const given = assignTopics(lessons, topics).map((a) => ({ a, l: byId.get(a.lessonId)! })).filter(({ l }) => l.date <= today);
  await writeTopics(tx, where, given.map(({ a, l }) => ({
    lessonId: l.id, date: l.date, from: { topic: l.topic, ktpTopicId: l.ktpTopicId }, to: { topic: a.title, ktpTopicId: a.topicId },
  })));
}

/**
 * Seeds the demo КТП: the lessons up to today get their topics as the demo's history (writeGivenTopics), the lessons
 * after today from the КТП as any КТП change fills them (audited as the group's teacher, request 'seed-demo').
 * Returns the groups seeded (class/subject keys).
 */
export async function seedDemoKtp(db: Db, built: BuiltSchool): Promise<string[]> {
  const seeded: string[] = [];
  const today = todayIso();
  for (const [className, subject, plan, login] of [
    ['5А', 'Математика', MATH_5, 'teacher'], ['5Б', 'Математика', MATH_5, 'teacher'], ['5А', 'История', HISTORY_5, 'classteacher'],
  ] as const) {
    const groupId = await classGroup(db, built, className, subject);
    if (!groupId) continue;
    const where = { schoolId: built.schoolId, groupId };
    const by = { audit: await seedAudit(db, built.schoolId, login), today };
    await withSchool(db, built.schoolId, async (tx) => {
      const existing = await tx.select({ id: ktpTopics.id }).from(ktpTopics).where(and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, groupId))).limit(1);
      if (existing.length) return;
      await tx.insert(ktpTopics).values(planTopics(plan).map((t, i) => ({ ...where, ordinal: i + 1, ...t })));
      await writeGivenTopics(tx, where, today);
      await fillTopicsFromKtp(tx, by, where);
      seeded.push(`${className} ${subject}`);
    });
  }
  return seeded;
}
