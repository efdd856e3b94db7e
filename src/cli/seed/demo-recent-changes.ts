// A few recent changes of the demo teacher typed through the journal's own save (saveCellTx: the rules, the audit rows), so
// that «Учётная запись скомпрометирована» has something to show for `teacher`: the demo journal itself is bulk-loaded
// without audit rows. In 5Б maths (not 5А, the demo parent's class), the latest lesson before today: three marks changed
// (4 ↔ 5) and one student marked late. Run after seedDemoJournal.
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { groupRosterOn } from '../../modules/curriculum/membership.ts';
import { teachingGroups } from '../../modules/curriculum/schema.ts';
import { cellDisplay, saveCellTx } from '../../modules/journal/cells.ts';
import { attendance, marks } from '../../modules/journal/schema.ts';
import { lessons, substitutions } from '../../modules/schedule/schema.ts';
import { subjects } from '../../modules/setup/schema.ts';
import { todayIso } from '../../web/dates.ts';
import type { Actor } from '../../web/types.ts';
import type { BuiltSchool } from './builder.ts';
import { seedAudit } from './seed-audit.ts';

/** Returns how many cells were changed (0 when the demo has no such lesson, e.g. on the year's first day). */
export async function seedDemoRecentChanges(db: Db, built: BuiltSchool): Promise<number> {
  const { schoolId } = built;
  const today = todayIso();
  const classId = built.classes.get('5Б');
  const staffId = built.staff.get('teacher');
  if (!classId || !staffId) return 0;
  const ctx = await seedAudit(db, schoolId, 'teacher');
  const actor: Actor = {
    accountId: ctx.accountId, login: 'teacher', fullName: '', mustChangePassword: false, isOperator: false, schools: [],
    twoFactor: { offered: true, enabled: false, required: false },
    school: null, roles: ['teacher'], person: { staffId, guardianId: null, studentId: null }, kind: 'staff',
  };
  return withSchool(db, schoolId, async (tx) => {
    const [lesson] = await tx.select({ id: lessons.id, date: lessons.date, groupId: lessons.groupId }).from(lessons)
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
      .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
      .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
      .where(and(eq(lessons.schoolId, schoolId), eq(teachingGroups.classId, classId), eq(teachingGroups.kind, 'class'), eq(subjects.name, 'Математика'),
        eq(lessons.staffId, staffId), lt(lessons.date, today), isNull(substitutions.id)))
      .orderBy(desc(lessons.date), desc(lessons.lessonNumber)).limit(1);
    if (!lesson) return 0;
    const roster = await groupRosterOn(tx, { schoolId, groupId: lesson.groupId, date: lesson.date });
    const mine = and(eq(marks.schoolId, schoolId), eq(marks.lessonId, lesson.id), eq(marks.columnNo, 1));
    const col1 = new Map((await tx.select({ s: marks.studentId, v: marks.value }).from(marks).where(mine)).map((m) => [m.s, m.v]));
    const away = new Map((await tx.select({ s: attendance.studentId, k: attendance.kind }).from(attendance)
      .where(and(eq(attendance.schoolId, schoolId), eq(attendance.lessonId, lesson.id)))).map((a) => [a.s, a.k]));
    const remarked = roster.filter((r) => col1.has(r.studentId) && !away.has(r.studentId)).map((r) => r.studentId).slice(0, 3);
    // Late: preferably a student without a mark in column 1 («оп» there replaces the mark, as in the grid).
    const others = roster.filter((r) => !away.has(r.studentId) && !remarked.includes(r.studentId)).map((r) => r.studentId);
    const late = others.filter((s) => !col1.has(s)).at(-1) ?? others.at(-1);
    const typed: Array<{ studentId: string; value: string }> = [
      ...remarked.map((s) => ({ studentId: s, value: col1.get(s) === 5 ? '4' : '5' })),
      ...(late ? [{ studentId: late, value: 'оп' }] : []),
    ];
    let changed = 0;
    for (const c of typed) {
      const was = cellDisplay({ mark: col1.get(c.studentId) ?? null, att: (away.get(c.studentId) ?? null) as 'absent' | 'late' | null }, 1);
      const r = await saveCellTx(tx, ctx, actor, today, { lessonId: lesson.id, studentId: c.studentId, column: 1, value: c.value, was });
      if (r.ok && r.changed) changed += 1;
    }
    return changed;
  });
}
