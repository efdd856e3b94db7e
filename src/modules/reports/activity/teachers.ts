// Teachers' week: logins and the lessons they gave that they filled on the lesson's day.
import { percent } from '../core/percent.ts';
import { and, arrayContains, eq } from 'drizzle-orm';
import { memberships } from '../../accounts/schema.ts';
import { teachingGroups } from '../../curriculum/schema.ts';
import { staffNames } from '../../schedule/timetable-facts.ts';
import { lessonRows, type Q } from '../lesson-rows.ts';
import type { Column, ReportTable } from '../core/table.ts';
import { lessonTally, lessonTeachers } from '../timesheet/rules.ts';
import { accountsOf, loginCounts } from './logins.ts';
import { filledOnDay, weekBounds } from './rules.ts';

export const TEACHER_COLUMNS: Column[] = [
  { key: 'teacher', title: 'Учитель', kind: 'text' },
  { key: 'logins', title: 'Входов', kind: 'int' },
  { key: 'loginDays', title: 'Дней со входом', kind: 'int' },
  { key: 'lessons', title: 'Уроков проведено', kind: 'int' },
  { key: 'filled', title: 'Заполнено в день урока', kind: 'int' },
  { key: 'filledShare', title: 'Заполнено в день урока, %', kind: 'percent' },
];


/**
 * One row per teacher: the week's logins, the lessons they gave up to today (own and substituted, not cancelled) and
 * how many of them were filled on the lesson's day. `staffIds` null: every teacher of the school (role teacher) and
 * whoever gave a lesson; `classId`: only the lessons of that class's groups and the teachers who gave them.
 */
export async function teacherActivityTable(db: Q, { schoolId, monday, today, timeZone, staffIds, classId }: {
  schoolId: string; monday: string; today: string; timeZone: string; staffIds: readonly string[] | null; classId: string | null;
}): Promise<ReportTable> {
  const week = weekBounds(monday, timeZone);
  const until = today < week.to ? today : week.to;
  const groupIds = classId ? (await db.select({ id: teachingGroups.id }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.classId, classId)))).map((g) => g.id) : undefined;
  const lessons = until < week.from ? [] : await lessonRows(db, { schoolId, from: week.from, to: until, staffIds, ...(groupIds ? { groupIds } : {}) });
  const given = new Map<string, { lessons: number; filled: number }>();
  for (const l of lessons) {
    for (const t of new Set(lessonTeachers(l))) {
      if (!lessonTally(l, t)?.given) continue;
      const g = given.get(t) ?? { lessons: 0, filled: 0 };
      g.lessons += 1;
      if (filledOnDay(l, timeZone)) g.filled += 1;
      given.set(t, g);
    }
  }
  const teachers = new Set(staffIds ?? [...given.keys()]);
  if (!staffIds && !classId) {
    const withRole = await db.select({ staffId: memberships.staffId }).from(memberships)
      .where(and(eq(memberships.schoolId, schoolId), arrayContains(memberships.roles, ['teacher'])));
    for (const m of withRole) if (m.staffId) teachers.add(m.staffId);
  }
  const ids = [...teachers];
  const [names, accounts] = await Promise.all([staffNames(db, schoolId), accountsOf(db, schoolId, 'staff', ids)]);
  const logins = await loginCounts(db, { schoolId, accountIds: [...accounts.values()], start: week.start, end: week.end, timeZone });
  const rows = ids.map((id) => {
    const l = logins.get(accounts.get(id) ?? '') ?? { logins: 0, days: 0 };
    const g = given.get(id) ?? { lessons: 0, filled: 0 };
    return { teacher: names.get(id) ?? '', logins: l.logins, loginDays: l.days, lessons: g.lessons, filled: g.filled, filledShare: percent(g.filled, g.lessons) };
  }).sort((a, b) => a.teacher.localeCompare(b.teacher, 'ru'));
  return { name: 'teachers', title: 'Учителя', columns: TEACHER_COLUMNS, rows };
}
