// The class teacher's view of acknowledgements: for a week, every student of the class with their guardians and which
// of them acknowledged the week («Ознакомлен(а)») and when; and a compact history of the last weeks (✓ per week).
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { movementNotes } from '../journal/attendance-rules.ts';
import { classStudentsInRange } from '../journal/class-attendance.ts';
import { ruDateTime } from '../../web/dates.ts';
import { byRelation } from '../people/rules.ts';
import { guardians, studentGuardians } from '../people/schema.ts';
import { fullStudentName } from './report.ts';
import type { Week } from './report-rules.ts';
import { diaryAcknowledgements } from './schema.ts';

type Person = { lastName: string; firstName: string; middleName: string | null };
const personName = (p: Person) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

export type AckGuardian = { name: string; relation: string | null; at: string | null };
export type AckRow = {
  n: number; id: string; name: string; notes: string[]; guardians: AckGuardian[]; acknowledged: boolean;
  /** One flag per week of `history` (oldest first): some guardian acknowledged it. */
  history: boolean[];
};

/**
 * The class list of `week` with each guardian's acknowledgement of that week; `history` are the weeks of the compact
 * view (they include `week`). A guardian who acknowledged but is no longer linked to the child is listed too.
 */
export async function classAcknowledgements(
  db: Db, { schoolId, classId, week, history, timeZone }: { schoolId: string; classId: string; week: Week; history: Week[]; timeZone: string },
) {
  const list = await classStudentsInRange(db, { schoolId, classId, ...week });
  const ids = list.map((s) => s.id);
  const mondays = [...new Set([week.from, ...history.map((w) => w.from)])];
  const [family, acks] = ids.length === 0 ? [[], []] : await Promise.all([
    db.select({
      studentId: studentGuardians.studentId, guardianId: guardians.id, relation: studentGuardians.relation,
      lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName,
    }).from(studentGuardians)
      .innerJoin(guardians, and(eq(guardians.schoolId, studentGuardians.schoolId), eq(guardians.id, studentGuardians.guardianId)))
      .where(and(eq(studentGuardians.schoolId, schoolId), inArray(studentGuardians.studentId, ids))),
    db.select({
      studentId: diaryAcknowledgements.studentId, guardianId: diaryAcknowledgements.guardianId, weekStart: diaryAcknowledgements.weekStart,
      at: diaryAcknowledgements.acknowledgedAt, lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName,
    }).from(diaryAcknowledgements)
      .innerJoin(guardians, and(eq(guardians.schoolId, diaryAcknowledgements.schoolId), eq(guardians.id, diaryAcknowledgements.guardianId)))
      .where(and(eq(diaryAcknowledgements.schoolId, schoolId), inArray(diaryAcknowledgements.studentId, ids), inArray(diaryAcknowledgements.weekStart, mondays))),
  ]);
  const rows: AckRow[] = list.map((s, i) => {
    const own = acks.filter((a) => a.studentId === s.id);
    const thisWeek = own.filter((a) => a.weekStart === week.from);
    const linked = family.filter((g) => g.studentId === s.id).sort(byRelation);
    const at = (guardianId: string) => thisWeek.find((a) => a.guardianId === guardianId)?.at ?? null;
    const gs: AckGuardian[] = [
      ...linked.map((g) => ({ name: personName(g), relation: g.relation, at: formatAt(at(g.guardianId), timeZone) })),
      ...thisWeek.filter((a) => !linked.some((g) => g.guardianId === a.guardianId)).map((a) => ({ name: personName(a), relation: null, at: formatAt(a.at, timeZone) })),
    ];
    return {
      n: i + 1, id: s.id, name: fullStudentName(s), notes: movementNotes(s.windows, week, s.sex), guardians: gs,
      acknowledged: thisWeek.length > 0, history: history.map((w) => own.some((a) => a.weekStart === w.from)),
    };
  });
  return {
    rows,
    acknowledged: rows.filter((r) => r.acknowledged).length,
    families: rows.length,
    historyCounts: history.map((_, i) => rows.filter((r) => r.history[i]).length),
  };
}

function formatAt(at: Date | string | null, timeZone: string): string | null {
  if (at === null) return null;
  return ruDateTime(at instanceof Date ? at : new Date(at), timeZone);
}
