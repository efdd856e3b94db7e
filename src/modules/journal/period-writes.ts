// Saving the period marks of one page (a period, or the year tab) in one transaction: the rights (period-rules.ts), the
// values, what the person saw (optimistic `was`), the audit rows, and closing the period when every mark is set.
// Also the deputy's reopenings of a lesson or a group's period.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import type { Actor } from '../../web/types.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { checkReason } from './edit-rules.ts';
import { getGroupHead, periodLock, periodRoster, type GroupHead, type Period } from './grid-queries.ts';
import { currentPeriodMarks, yearRange } from './period-queries.ts';
import {
  closureCutoff, decidePeriodMarks, periodComplete, planPeriodChanges, YEAR_KINDS, type PeriodMarkKind, type RosterSpan,
} from './period-rules.ts';
import { journalReopens, periodClosures, periodMarks } from './schema.ts';

/** The page: one period's marks, or the year tab (year, exam and final marks; `end` = the last period's end). */
export type PeriodTab = { kind: 'period'; period: Period } | { kind: 'year'; end: string };
export type LockState = { closed: boolean; periodUntil: string | null };

const spanOn = (t: { startsOn: string; endsOn: string | null }, d: string) => t.startsOn <= d && (t.endsOn === null || t.endsOn > d);

/** The actor's mode on a period-marks page (see decidePeriodMarks). */
export function periodMarksMode(actor: Actor, head: GroupHead, tab: PeriodTab, lock: LockState, today: string) {
  const me = actor.person.staffId;
  const end = tab.kind === 'period' ? tab.period.endsOn : tab.end;
  return decidePeriodMarks({
    roles: actor.roles,
    teachesGroup: me !== null && head.teachers.some((t) => t.staffId === me && (spanOn(t, end) || spanOn(t, today))),
    leadsGroupClass: me !== null && actor.roles.includes('classTeacher') && head.classTeacherId === me,
    classTeacherPeriodMarks: head.classTeacherPeriodMarks, kind: tab.kind, periodEnd: end, today, editDays: head.editDays,
    periodClosed: tab.kind === 'period' && lock.closed, reopenedUntil: tab.kind === 'period' ? lock.periodUntil : null,
  });
}

export type PeriodEntry = { studentId: string; kind: PeriodMarkKind; value: string; was: string };
export type SaveOutcome =
  | { ok: true; changed: number; closed: boolean }
  | { ok: false; status: 403 | 404 | 422; message: string; errors?: Record<string, string> }
  | { ok: false; status: 409; message: string; current: Map<string, string>; conflicts: string[] };

/** `${studentId}:${kind}`: the key of a period mark on one page (and of its form fields). */
export const entryKey = (studentId: string, kind: string) => `${studentId}:${kind}`;

export async function savePeriodMarks(db: Db, ctx: AuditContext, actor: Actor, today: string, input: {
  groupId: string; periodId: string | null; entries: readonly PeriodEntry[]; reason?: string | undefined;
}): Promise<SaveOutcome> {
  const { schoolId } = ctx;
  return withSchool(db, schoolId, async (tx) => {
    // One save of a group's period marks at a time: concurrent pages are compared with what each person saw.
    const [locked] = await tx.select({ id: teachingGroups.id }).from(teachingGroups)
      .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.id, input.groupId))).for('update');
    const head = locked ? await getGroupHead(tx, { schoolId, groupId: input.groupId }) : undefined;
    const period = input.periodId ? head?.periods.find((p) => p.id === input.periodId) : undefined;
    const range = head && (input.periodId ? period && { from: period.startsOn, to: period.endsOn } : yearRange(head));
    if (!head || !range) return { ok: false, status: 404, message: 'Период не найден.' };
    const tab: PeriodTab = period ? { kind: 'period', period } : { kind: 'year', end: range.to };
    const lock = period ? await periodLock(tx, { schoolId, groupId: head.id, periodId: period.id }) : { closed: false, periodUntil: null };
    const mode = periodMarksMode(actor, head, tab, lock, today);
    if (mode.mode === 'read') return { ok: false, status: 403, message: mode.why };
    const reason = input.reason?.trim() || null;
    const kinds: readonly PeriodMarkKind[] = period ? ['period'] : YEAR_KINDS;
    const roster = await periodRoster(tx, { schoolId, groupId: head.id, ...range });
    const current = await currentPeriodMarks(tx, { schoolId, groupId: head.id, kinds, periodId: period?.id ?? null });
    const { errors, conflicts, changes } = planPeriodChanges({ entries: input.entries, kinds, roster: new Set(roster.map((s) => s.studentId)), current });
    if (Object.keys(errors).length > 0) return { ok: false, status: 422, message: 'Исправьте отмеченные отметки: ничего не сохранено.', errors };
    if (conflicts.length > 0) {
      return { ok: false, status: 409, current: new Map(current), conflicts, message: 'Пока вы работали, эти отметки изменил кто-то другой: ничего не сохранено. Проверьте выделенные строки и сохраните снова.' };
    }
    if (mode.mode === 'correct' && changes.length > 0) {
      const bad = checkReason(reason);
      if (bad) return { ok: false, status: 422, message: `${mode.why} ${bad}`, errors: { reason: bad } };
    }
    for (const c of changes) {
      await writePeriodMark(tx, ctx, { groupId: head.id, periodId: period?.id ?? null, ...c, reason });
      if (c.next === null) current.delete(entryKey(c.studentId, c.kind));
      else current.set(entryKey(c.studentId, c.kind), c.next);
    }
    const closed = period && !lock.closed ? await closeIfComplete(tx, ctx, { groupId: head.id, period, roster, current, today }) : false;
    return { ok: true, changed: changes.length, closed };
  });
}

/** Closes the group's period (with its audit row) when every student due has a period mark. */
async function closeIfComplete(tx: Tx, ctx: AuditContext, a: {
  groupId: string; period: Period; roster: readonly RosterSpan[]; current: ReadonlyMap<string, string>; today: string;
}): Promise<boolean> {
  const marked = new Set([...a.current.keys()].map((k) => k.split(':')[0]!));
  if (!periodComplete(a.roster, marked, closureCutoff(a.period.endsOn, a.today))) return false;
  await tx.insert(periodClosures).values({ schoolId: ctx.schoolId, groupId: a.groupId, periodId: a.period.id }).onConflictDoNothing();
  await writeAudit(tx, ctx, { entity: 'period_closure', entityId: `${a.groupId}:${a.period.id}`, action: 'create', newValue: { groupId: a.groupId, periodId: a.period.id } });
  return true;
}

/** Sets, changes or clears one period mark with its audit row (the page's save, and the compromise response's restore). */
export async function writePeriodMark(tx: Tx, ctx: AuditContext, c: {
  groupId: string; periodId: string | null; studentId: string; kind: PeriodMarkKind; before: string | null; next: string | null; reason: string | null;
}) {
  const { schoolId, accountId } = ctx;
  const slot = and(eq(periodMarks.schoolId, schoolId), eq(periodMarks.groupId, c.groupId), eq(periodMarks.studentId, c.studentId),
    eq(periodMarks.kind, c.kind), c.periodId === null ? isNull(periodMarks.periodId) : eq(periodMarks.periodId, c.periodId));
  if (c.next === null) await tx.delete(periodMarks).where(slot);
  else if (c.before === null) {
    await tx.insert(periodMarks).values({ schoolId, groupId: c.groupId, studentId: c.studentId, kind: c.kind, periodId: c.periodId, value: c.next, updatedBy: accountId });
  } else await tx.update(periodMarks).set({ value: c.next, updatedBy: accountId, updatedAt: sql`now()` }).where(slot);
  await writeAudit(tx, ctx, {
    entity: 'period_mark', entityId: `${c.groupId}:${c.studentId}:${c.kind}:${c.periodId ?? ''}`,
    action: c.next === null ? 'delete' : c.before === null ? 'create' : 'update',
    oldValue: c.before === null ? null : { value: c.before }, newValue: c.next === null ? null : { value: c.next }, reason: c.reason,
  });
}

/** A deputy's reopening of a lesson (lessonId) or of a group's period (periodId), until a date inclusive, with its audit row. */
export async function insertReopen(db: Db, ctx: AuditContext, r: {
  groupId: string; lessonId: string | null; periodId: string | null; until: string; reason: string;
}): Promise<string> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const id = crypto.randomUUID();
    await tx.insert(journalReopens).values({
      schoolId: ctx.schoolId, id, groupId: r.groupId, lessonId: r.lessonId, periodId: r.periodId, untilDate: r.until, reason: r.reason, createdBy: ctx.accountId,
    });
    await writeAudit(tx, ctx, {
      entity: 'journal_reopen', entityId: id, action: 'create',
      newValue: { groupId: r.groupId, lessonId: r.lessonId, periodId: r.periodId, until: r.until }, reason: r.reason,
    });
    return id;
  });
}
