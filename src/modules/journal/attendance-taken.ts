// «Attendance was taken» for a lesson, so that "not taken" can be told from "everyone was present": the first time the
// lesson's attendance is stated — «Все присутствуют» or the attendance form saved on the lesson page, an absence or a
// late saved from the grid or the marks form — the lesson records when (the app's clock) and by which account, with its
// audit row in the same transaction. Later statements keep the first: the deputy's control asks who took it and when.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/tenant.ts';
import { now } from '../../web/clock.ts';
import { ruDateTime } from '../../web/dates.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { lessons } from '../schedule/schema.ts';
import { shortName } from '../schedule/timetable-rules.ts';

/**
 * Marks the lesson's attendance as taken by the acting account, unless it already is (the first taker stays).
 * Call it inside the transaction that holds the lesson row locked (lessonFacts with lock). True when it was set now.
 */
export async function markAttendanceTaken(tx: Tx, ctx: AuditContext, lessonId: string, reason: string | null = null): Promise<boolean> {
  const at = now();
  const set = await tx.update(lessons).set({ attendanceTakenAt: at, attendanceTakenBy: ctx.accountId })
    .where(and(eq(lessons.schoolId, ctx.schoolId), eq(lessons.id, lessonId), isNull(lessons.attendanceTakenAt)))
    .returning({ id: lessons.id });
  if (set.length === 0) return false;
  await writeAudit(tx, ctx, {
    entity: 'lesson', entityId: lessonId, action: 'attendance_taken', oldValue: null,
    newValue: { attendanceTakenAt: at.toISOString(), attendanceTakenBy: ctx.accountId }, reason,
  });
  return true;
}

/** «Иванова Мария Александровна» (an account's full name) → «Иванова М. А.». */
export function takerName(fullName: string | null): string | null {
  const [lastName, firstName, ...rest] = (fullName ?? '').trim().split(/\s+/).filter(Boolean);
  if (!lastName) return null;
  return shortName({ lastName, firstName: firstName ?? '', middleName: rest.join(' ') || null });
}

export type AttendanceTaken = { at: Date | null; byName: string | null };

/** «Посещаемость отмечена 23.11.2026 09:12, Иванова М. А.», or null when it was not taken. */
export function attendanceTakenText(t: AttendanceTaken, timeZone?: string): string | null {
  if (!t.at) return null;
  const who = takerName(t.byName);
  return `Посещаемость отмечена ${ruDateTime(t.at, timeZone)}${who ? `, ${who}` : ''}`;
}

/**
 * The mark in a lesson's column head of the grid: ✓ taken (when and by whom in its title), «н/о» a lesson before today
 * that was given but whose attendance was not taken, nothing for today's and future lessons.
 */
export function attendanceMark(
  t: AttendanceTaken & { date: string; cancelled: boolean }, today: string, timeZone?: string,
): { text: string; title: string; taken: boolean } | null {
  const taken = attendanceTakenText(t, timeZone);
  if (taken) return { text: '✓', title: taken, taken: true };
  if (t.cancelled || t.date >= today) return null;
  return { text: 'н/о', title: 'Посещаемость не отмечена', taken: false };
}
