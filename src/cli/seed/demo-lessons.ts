// Demo lessons of school 1 (run after the timetable seed): the year laid out, two substitutions and an extra lesson in the
// coming days, a school event and a 5А class event.
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { teachingGroups } from '../../modules/curriculum/schema.ts';
import { layoutLessons, type LayoutResult } from '../../modules/schedule/layout.ts';
import { events, lessons, substitutions } from '../../modules/schedule/schema.ts';
import { addDays, todayIso } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';
import { seedAudit } from './seed-audit.ts';

export async function seedDemoLessons(db: Db, built: BuiltSchool): Promise<LayoutResult> {
  const { schoolId, yearId } = built;
  const today = todayIso();
  const teacher = built.staff.get('teacher');
  const deputy = built.staff.get('deputy') ?? null;
  const class7a = built.classes.get('7А');
  const class5a = built.classes.get('5А');
  const by = { audit: await seedAudit(db, schoolId, 'deputy'), today };
  return withSchool(db, schoolId, async (tx) => {
    const result = await layoutLessons(tx, { schoolId, yearId }, by);
    const upcoming = await tx.select({ id: lessons.id, date: lessons.date, n: lessons.lessonNumber, staffId: lessons.staffId, groupId: lessons.groupId, classId: teachingGroups.classId })
      .from(lessons)
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
      .where(and(eq(lessons.schoolId, schoolId), gte(lessons.date, today), sql`${lessons.date} < ${addDays(today, 8)}`))
      .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
    const busy = (staffId: string, date: string, n: number) => upcoming.some((l) => l.staffId === staffId && l.date === date && l.n === n);
    if (teacher && class7a) {
      const in7a = upcoming.find((l) => l.classId === class7a && l.staffId !== teacher && !busy(teacher, l.date, l.n));
      if (in7a) {
        await tx.insert(substitutions).values({ schoolId, lessonId: in7a.id, kind: 'teacher', substituteStaffId: teacher, reason: 'болезнь учителя', createdBy: deputy });
      }
      const other = upcoming.find((l) => l.classId !== class7a && l.staffId !== teacher && l.id !== in7a?.id);
      if (other) {
        await tx.insert(substitutions).values({ schoolId, lessonId: other.id, kind: 'cancelled', reason: 'учитель на курсах повышения квалификации', createdBy: deputy });
      }
    }
    if (teacher && class5a) {
      const maths = upcoming.find((l) => l.classId === class5a && l.staffId === teacher);
      if (maths) {
        const taken = new Set(upcoming.filter((l) => l.date === maths.date && (l.groupId === maths.groupId || l.staffId === teacher)).map((l) => l.n));
        const n = [7, 8, 6, 0].find((k) => !taken.has(k));
        if (n !== undefined) {
          await tx.insert(lessons).values({ schoolId, groupId: maths.groupId, date: maths.date, lessonNumber: n, staffId: teacher, room: null, origin: 'extra' });
        }
      }
    }
    await tx.insert(events).values([
      { schoolId, classId: null, date: addDays(today, 5), startsAt: '15:00', title: 'Осенний концерт', description: 'Актовый зал, выступают 1–11 классы', createdBy: deputy },
      ...(class5a ? [{ schoolId, classId: class5a, date: addDays(today, 3), startsAt: '14:00', title: 'Экскурсия в краеведческий музей', description: 'Сбор у школы', createdBy: built.staff.get('classteacher') ?? null }] : []),
    ]);
    return result;
  });
}
