// Demo curriculum of school № 1: a plausible plan for every class, one whole-class group per item, English split into
// two subgroups per class from grade 2 (students alphabetically), the elective «Олимпиадная математика» for 8А+8Б+9А,
// and teacher assignments from the first day of the year (with a mid-year change: physics in 7Б from early November).
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { classMemberships } from '../../modules/contingent/schema.ts';
import { curriculumItems, groupMembers, groupTeachers, teachingGroups } from '../../modules/curriculum/schema.ts';
import { staff, students } from '../../modules/people/schema.ts';
import { schoolClasses } from '../../modules/setup/schema.ts';
import type { BuiltSchool } from './builder.ts';
import { demoCalendar, type DemoCalendar } from './calendar.ts';

const MAX_LOAD = 30;

type Line = [subject: string, hours: number];

/** The weekly plan of a grade (ФОП-like). */
export function demoPlan(grade: number): Line[] {
  if (grade <= 4) {
    const lines: Line[] = [['Русский язык', 5], ['Литературное чтение', 4], ['Математика', 4], ['Окружающий мир', 2]];
    if (grade >= 2) lines.push(['Английский язык', 2]);
    lines.push(['Музыка', 1], ['Изобразительное искусство', 1], ['Труд (технология)', 1], ['Физическая культура', 2]);
    return lines;
  }
  if (grade >= 10) {
    return [['Русский язык', 2], ['Литература', 3], ['Английский язык', 3], ['Алгебра', 3], ['Геометрия', 2], ['Вероятность и статистика', 1],
      ['Информатика', 1], ['История', 2], ['Обществознание', 2], ['География', 1], ['Физика', 2], ['Химия', 1], ['Биология', 1],
      ['Физическая культура', 2], ['Основы безопасности и защиты Родины', 1]];
  }
  const i = grade - 5; // 5..9 → 0..4
  const lines: Line[] = [['Русский язык', [5, 6, 4, 3, 3][i]!], ['Литература', [3, 3, 2, 2, 3][i]!], ['Английский язык', 3]];
  if (grade <= 6) lines.push(['Математика', 5]);
  else lines.push(['Алгебра', 3], ['Геометрия', 2], ['Вероятность и статистика', 1], ['Информатика', 1]);
  lines.push(['История', [2, 2, 2, 2, 3][i]!]);
  if (grade >= 6) lines.push(['Обществознание', 1]);
  lines.push(['География', [1, 1, 2, 2, 2][i]!], ['Биология', [1, 1, 1, 2, 2][i]!]);
  if (grade >= 7) lines.push(['Физика', [0, 0, 2, 2, 3][i]!]);
  if (grade >= 8) lines.push(['Химия', 2]);
  if (grade <= 8) lines.push(['Музыка', 1]);
  if (grade <= 7) lines.push(['Изобразительное искусство', 1]);
  lines.push(['Труд (технология)', [2, 2, 1, 1, 1][i]!]);
  if (grade >= 8) lines.push(['Основы безопасности и защиты Родины', 1]);
  lines.push(['Физическая культура', 2]);
  return lines;
}

/** Subject → who may teach it (staff keys), for grades 5–11. */
const POOLS: Record<string, string[]> = {
  'Русский язык': ['t9', 't10', 't11'], 'Литература': ['t9', 't10', 't11'], 'Английский язык': ['t14', 't15', 't16', 'en4'],
  'Математика': ['t12', 't13'], 'Алгебра': ['t12', 't13'], 'Геометрия': ['t12', 't13'], 'Вероятность и статистика': ['t12', 't13'],
  'Информатика': ['multi'], 'История': ['t21'], 'Обществознание': ['t21'], 'География': ['t20'], 'Биология': ['t19'], 'Физика': ['t17'], 'Химия': ['t18'],
  'Музыка': ['t22'], 'Изобразительное искусство': ['t23'], 'Труд (технология)': ['t24'], 'Физическая культура': ['t25', 't26'],
  'Основы безопасности и защиты Родины': ['t27'], 'Окружающий мир': [], 'Литературное чтение': [],
};
/** Subjects taught by one teacher together in a class (so Russian and literature, algebra/geometry/statistics stay with one person). */
const FAMILY: Record<string, string> = { 'Литература': 'Русский язык', 'Геометрия': 'Алгебра', 'Вероятность и статистика': 'Алгебра' };

export async function seedDemoCurriculum(db: Db, built: BuiltSchool, cal: DemoCalendar = demoCalendar()): Promise<void> {
  await db.transaction((tx) => seed(tx, built, cal));
}

async function seed(tx: Tx, built: BuiltSchool, cal: DemoCalendar): Promise<void> {
  const schoolId = built.schoolId;
  const start = cal.year.startsOn;
  const change = cal.on('2026-11-09');
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`seedDemoCurriculum: ${what} is missing`);
    return v;
  };
  // English in two subgroups from grade 2 needs 108 hours a week: three English teachers would carry 36 each, so the
  // demo school gets a fourth (a part-timer) to keep every load within 30 hours.
  const [extra] = await tx.insert(staff).values({ schoolId, lastName: 'Лебедева', firstName: 'Ольга', middleName: 'Викторовна', sex: 'ж',
    birthDate: '1991-03-08', position: 'Учитель английского языка', category: 'первая', diplomaSpecialty: 'Английский язык' }).returning({ id: staff.id });
  const local = new Map([['en4', extra!.id]]);
  const staffId = (key: string) => need(local.get(key) ?? built.staff.get(key), `staff ${key}`);
  const subjectId = (name: string) => need(built.subjects.get(name), `subject ${name}`);
  const classes = await tx.select({ id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, classTeacherId: schoolClasses.classTeacherId })
    .from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, built.yearId)))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
  const memberships = await tx.select({ studentId: students.id, classId: classMemberships.classId, startsOn: classMemberships.startsOn })
    .from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, schoolId), lte(classMemberships.startsOn, start), or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, start))))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.middleName));
  const pupils = (classId: string) => memberships.filter((m) => m.classId === classId).map((m) => m.studentId);

  const items: Array<typeof curriculumItems.$inferInsert> = [];
  const groups: Array<typeof teachingGroups.$inferInsert> = [];
  const members: Array<typeof groupMembers.$inferInsert> = [];
  const teachers: Array<typeof groupTeachers.$inferInsert> = [];
  const load = new Map<string, number>();
  const teach = (groupId: string, who: string, hours: number, startsOn = start, endsOn: string | null = null) => {
    teachers.push({ schoolId, groupId, staffId: who, startsOn, endsOn });
    if (endsOn === null) load.set(who, (load.get(who) ?? 0) + hours);
  };
  /** The least loaded of a pool, preferring those who stay within MAX_LOAD. */
  const pick = (pool: string[], hours: number, avoid?: string) => {
    const ids = pool.map(staffId).filter((id) => id !== avoid);
    const fits = ids.filter((id) => (load.get(id) ?? 0) + hours <= MAX_LOAD);
    return (fits.length ? fits : ids).sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0))[0]!;
  };
  const group = (g: Omit<typeof teachingGroups.$inferInsert, 'schoolId' | 'yearId' | 'id'>) => {
    const id = randomUUID();
    groups.push({ ...g, id, schoolId, yearId: built.yearId });
    return id;
  };

  for (const cls of classes) {
    const grade = cls.grade ?? 0;
    const plan = demoPlan(grade);
    const familyTeacher = new Map<string, string>();
    const familyHours = (s: string) => plan.filter(([n]) => n === s || FAMILY[n] === s).reduce((a, [, h]) => a + h, 0);
    for (const [subject, hours] of plan) {
      const itemId = randomUUID();
      items.push({ schoolId, id: itemId, classId: cls.id, subjectId: subjectId(subject), hoursPerWeek: String(hours), lessonKind: 'regular' });
      const base = { subjectId: subjectId(subject), classId: cls.id, curriculumItemId: itemId, lessonKind: 'regular', hoursPerWeek: String(hours) };
      if (subject === 'Английский язык') {
        const list = pupils(cls.id);
        const half = Math.ceil(list.length / 2);
        const pool = POOLS[subject]!;
        let prev: string | undefined;
        for (const part of [1, 2]) {
          const id = group({ ...base, kind: 'subgroup', name: `${cls.name} — ${subject}, гр. ${part}` });
          for (const studentId of part === 1 ? list.slice(0, half) : list.slice(half)) members.push({ schoolId, groupId: id, studentId, startsOn: start });
          prev = pick(pool, hours, prev);
          teach(id, prev, hours);
        }
        continue;
      }
      const id = group({ ...base, kind: 'class', name: `${cls.name} — ${subject}` });
      teach(id, teacherFor(cls, grade, subject, hours), hours);
    }

    function teacherFor(c: typeof cls, g: number, subject: string, hours: number): string {
      if (subject === 'Математика' && ['5А', '5Б', '6А', '6Б'].includes(c.name)) return staffId('teacher');
      if (subject === 'История' && g >= 5 && g <= 9) return staffId('classteacher');
      if (subject === 'Русский язык' && c.name === '9А') return staffId('deputy');
      if (g <= 4 && !['Музыка', 'Физическая культура'].includes(subject) && c.classTeacherId) return c.classTeacherId;
      const head = FAMILY[subject] ?? subject;
      const known = familyTeacher.get(head);
      if (known && !(subject === 'Литература' && c.name === '9А')) return known;
      const chosen = pick(POOLS[subject] ?? [], head === subject ? familyHours(head) : hours);
      familyTeacher.set(head, chosen);
      return chosen;
    }
  }

  // The mid-year change: physics in 7Б passes from the physics teacher to the chemistry teacher in early November.
  const physics7B = groups.find((g) => g.name === '7Б — Физика')!;
  const row = teachers.find((t) => t.groupId === physics7B.id)!;
  row.endsOn = change;
  load.set(row.staffId, (load.get(row.staffId) ?? 0) - 2);
  teach(physics7B.id!, staffId('t18'), 2, change);

  // The elective of three classes: ten students, taught by the maths teacher.
  const pickFrom = (name: string, n: number) => pupils(need(built.classes.get(name), `class ${name}`)).filter((_, i) => i % 3 === 1).slice(0, n);
  const elective = group({ subjectId: subjectId('Математика'), kind: 'cross_class', classId: null, name: 'Олимпиадная математика', lessonKind: 'elective', hoursPerWeek: '1' });
  for (const studentId of [...pickFrom('8А', 4), ...pickFrom('8Б', 3), ...pickFrom('9А', 3)]) members.push({ schoolId, groupId: elective, studentId, startsOn: start });
  teach(elective, staffId('teacher'), 1);

  // A newcomer enrolled into 7А mid-September joins the second English subgroup from her first day.
  const seventhA = need(built.classes.get('7А'), 'class 7А');
  const newcomers = await tx.select({ studentId: classMemberships.studentId, startsOn: classMemberships.startsOn }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, seventhA), gt(classMemberships.startsOn, start)));
  const english7A2 = groups.find((g) => g.name === '7А — Английский язык, гр. 2');
  for (const n of newcomers) if (english7A2) members.push({ schoolId, groupId: english7A2.id!, studentId: n.studentId, startsOn: n.startsOn });

  const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 500) }, (_, i) => xs.slice(i * 500, i * 500 + 500));
  for (const part of chunks(items)) await tx.insert(curriculumItems).values(part);
  for (const part of chunks(groups)) await tx.insert(teachingGroups).values(part);
  for (const part of chunks(members)) await tx.insert(groupMembers).values(part);
  for (const part of chunks(teachers)) await tx.insert(groupTeachers).values(part);
}
