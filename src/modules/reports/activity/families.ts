// Families' week per class: who logged in, opened the diary, acknowledged the week, received the weekly digest.
import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { classMemberships } from '../../contingent/schema.ts';
import { diaryAcknowledgements, diaryViews, outbox } from '../../diary/schema.ts';
import { digestKey } from '../../diary/outbox.ts';
import { studentGuardians, students } from '../../people/schema.ts';
import { academicYears, schoolClasses } from '../../setup/schema.ts';
import type { Q } from '../lesson-rows.ts';
import type { Column, ReportTable } from '../core/table.ts';
import { accountsOf, loginCounts } from './logins.ts';
import { classActivity, weekBounds, type FamilyWeek } from './rules.ts';

/** The classes of the years the week touches (all, or these), in grade and name order. */
async function weekClasses(db: Q, { schoolId, from, to, classIds }: { schoolId: string; from: string; to: string; classIds: readonly string[] | null }) {
  return db.select({ id: schoolClasses.id, name: schoolClasses.name }).from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), lte(academicYears.startsOn, to), gte(academicYears.endsOn, from),
      classIds ? inArray(schoolClasses.id, [...classIds]) : undefined))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
}

/** Students in these classes on some day of the week (one who joined or left mid-week too), in name order. */
async function weekStudents(db: Q, { schoolId, classIds, from, to }: { schoolId: string; classIds: string[]; from: string; to: string }) {
  if (classIds.length === 0) return [];
  return db.selectDistinct({ classId: classMemberships.classId, id: students.id, lastName: students.lastName, firstName: students.firstName })
    .from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, schoolId), inArray(classMemberships.classId, classIds), lte(classMemberships.startsOn, to),
      or(isNull(classMemberships.endsOn), sql`${classMemberships.endsOn} > ${from}`)))
    .orderBy(asc(students.lastName), asc(students.firstName));
}

/** Per student: their family's week (FamilyWeek); diary views of the week by any account (guardians, the student). */
async function familyWeeks(db: Q, { schoolId, studentIds, monday, timeZone }: {
  schoolId: string; studentIds: string[]; monday: string; timeZone: string;
}): Promise<Map<string, FamilyWeek>> {
  const week = weekBounds(monday, timeZone);
  const links = studentIds.length ? await db.select({ studentId: studentGuardians.studentId, guardianId: studentGuardians.guardianId })
    .from(studentGuardians).where(and(eq(studentGuardians.schoolId, schoolId), inArray(studentGuardians.studentId, studentIds))) : [];
  const guardianIds = [...new Set(links.map((l) => l.guardianId))];
  const [guardianAccounts, studentAccounts, acks, digests, views] = await Promise.all([
    accountsOf(db, schoolId, 'guardian', guardianIds),
    accountsOf(db, schoolId, 'student', studentIds),
    studentIds.length ? db.selectDistinct({ studentId: diaryAcknowledgements.studentId }).from(diaryAcknowledgements)
      .where(and(eq(diaryAcknowledgements.schoolId, schoolId), eq(diaryAcknowledgements.weekStart, monday),
        inArray(diaryAcknowledgements.studentId, studentIds))) : [],
    guardianIds.length ? db.select({ key: outbox.dedupeKey }).from(outbox)
      .where(and(eq(outbox.schoolId, schoolId), inArray(outbox.dedupeKey, guardianIds.map((g) => digestKey(g, monday))),
        isNotNull(outbox.sentAt), isNull(outbox.error))) : [],
    studentIds.length ? db.select({ studentId: diaryViews.studentId, views: sql<number>`sum(${diaryViews.views})::int` }).from(diaryViews)
      .where(and(eq(diaryViews.schoolId, schoolId), eq(diaryViews.weekStart, monday), inArray(diaryViews.studentId, studentIds)))
      .groupBy(diaryViews.studentId) : [],
  ]);
  const logins = await loginCounts(db, {
    schoolId, accountIds: [...guardianAccounts.values(), ...studentAccounts.values()], start: week.start, end: week.end, timeZone,
  });
  const acked = new Set(acks.map((a) => a.studentId));
  const sent = new Set(digests.map((d) => d.key));
  const viewed = new Map(views.map((v) => [v.studentId, Number(v.views)]));
  const out = new Map<string, FamilyWeek>();
  for (const id of studentIds) {
    const own = links.filter((l) => l.studentId === id).map((l) => l.guardianId);
    const accounts = own.map((g) => guardianAccounts.get(g)).filter((a): a is string => !!a);
    out.set(id, {
      guardianAccounts: accounts.length,
      guardianLogins: accounts.reduce((n, a) => n + (logins.get(a)?.logins ?? 0), 0),
      studentLogins: logins.get(studentAccounts.get(id) ?? '')?.logins ?? 0,
      diaryViews: viewed.get(id) ?? 0,
      acknowledged: acked.has(id),
      digestReceived: own.some((g) => sent.has(digestKey(g, monday))),
    });
  }
  return out;
}

export const CLASS_COLUMNS: Column[] = [
  { key: 'class', title: 'Класс', kind: 'text' },
  { key: 'students', title: 'Обучающихся', kind: 'int' },
  { key: 'familiesLoggedIn', title: 'Родители входили', kind: 'int' },
  { key: 'studentsLoggedIn', title: 'Ученики входили', kind: 'int' },
  { key: 'diaryOpened', title: 'Открыли дневник', kind: 'int' },
  { key: 'acknowledged', title: 'Ознакомились с неделей', kind: 'int' },
  { key: 'digestReceived', title: 'Получили рассылку', kind: 'int' },
  { key: 'informed', title: 'Информированы', kind: 'int' },
  { key: 'informedShare', title: 'Информированы, %', kind: 'percent' },
];
export const STUDENT_COLUMNS: Column[] = [
  { key: 'class', title: 'Класс', kind: 'text' },
  { key: 'student', title: 'Обучающийся', kind: 'text' },
  { key: 'guardianAccounts', title: 'Родителей с учётной записью', kind: 'int' },
  { key: 'guardianLogins', title: 'Входов родителей', kind: 'int' },
  { key: 'studentLogins', title: 'Входов ученика', kind: 'int' },
  { key: 'diaryViews', title: 'Просмотров дневника', kind: 'int' },
  { key: 'acknowledged', title: 'Ознакомлены', kind: 'text' },
  { key: 'digestReceived', title: 'Рассылка получена', kind: 'text' },
];

const yesNo = (b: boolean) => (b ? 'да' : 'нет');

/** Per class totals (all classes of the week's year, or `classIds`); with `perStudent`, each student's line too. */
export async function familyActivityTables(db: Q, { schoolId, monday, timeZone, classIds, perStudent }: {
  schoolId: string; monday: string; timeZone: string; classIds: readonly string[] | null; perStudent: boolean;
}): Promise<ReportTable[]> {
  const week = weekBounds(monday, timeZone);
  const classes = await weekClasses(db, { schoolId, from: week.from, to: week.to, classIds });
  const list = await weekStudents(db, { schoolId, classIds: classes.map((c) => c.id), from: week.from, to: week.to });
  const families = await familyWeeks(db, { schoolId, studentIds: [...new Set(list.map((s) => s.id))], monday, timeZone });
  const classRows = classes.map((c) => {
    const a = classActivity(list.filter((s) => s.classId === c.id).map((s) => families.get(s.id)!));
    return { class: c.name, ...a };
  });
  const tables: ReportTable[] = [{ name: 'classes', title: 'Семьи по классам', columns: CLASS_COLUMNS, rows: classRows }];
  if (!perStudent) return tables;
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const studentRows = list.map((s) => {
    const f = families.get(s.id)!;
    return {
      class: className.get(s.classId) ?? '', student: `${s.lastName} ${s.firstName}`, guardianAccounts: f.guardianAccounts,
      guardianLogins: f.guardianLogins, studentLogins: f.studentLogins, diaryViews: f.diaryViews,
      acknowledged: yesNo(f.acknowledged), digestReceived: yesNo(f.digestReceived),
    };
  });
  tables.push({ name: 'families', title: 'Семьи обучающихся', columns: STUDENT_COLUMNS, rows: studentRows });
  return tables;
}
