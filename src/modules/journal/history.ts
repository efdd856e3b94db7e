// A journal cell's history from the audit trail: a mark cell (its 'mark' rows and the lesson's 'attendance' rows of the
// student) or a period mark ('period_mark'), with the deputy's reopenings of that lesson or period ('journal_reopen') in
// between. Who (account name and login), role, when (Moscow time), from → to, reason.
import { and, asc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ROLE_TITLES, type Role } from '../accounts/rules.ts';
import { accounts } from '../accounts/schema.ts';
import { auditEvents } from '../audit/schema.ts';
import { ruDate, ruDateTime } from '../../web/dates.ts';
import { ATTENDANCE } from './rules.ts';
import { journalReopens } from './schema.ts';

export type HistoryKey = { entity: string; entityId: string };

/** The audit rows of these entities, oldest first, with the actor's account. */
export async function auditHistory(db: Db, { schoolId, keys }: { schoolId: string; keys: readonly HistoryKey[] }) {
  if (keys.length === 0) return [];
  return db.select({
    at: auditEvents.at, role: auditEvents.actorRole, entity: auditEvents.entity, action: auditEvents.action,
    oldValue: auditEvents.oldValue, newValue: auditEvents.newValue, reason: auditEvents.reason,
    fullName: accounts.fullName, login: accounts.login,
  }).from(auditEvents)
    .leftJoin(accounts, eq(accounts.id, auditEvents.actorAccountId))
    .where(and(eq(auditEvents.schoolId, schoolId), or(...keys.map((k) => and(eq(auditEvents.entity, k.entity), eq(auditEvents.entityId, k.entityId))))))
    .orderBy(asc(auditEvents.at), asc(auditEvents.entity));
}

/** The audit keys of the deputy's reopenings of a lesson, or of a group's period, for the teacher. */
export async function reopenKeys(db: Db, { schoolId, groupId, ...what }: {
  schoolId: string; groupId: string } & ({ lessonId: string } | { periodId: string }),
): Promise<HistoryKey[]> {
  const rows = await db.select({ id: journalReopens.id }).from(journalReopens).where(and(
    eq(journalReopens.schoolId, schoolId), eq(journalReopens.groupId, groupId),
    'lessonId' in what ? eq(journalReopens.lessonId, what.lessonId) : eq(journalReopens.periodId, what.periodId),
  ));
  return rows.map((r) => ({ entity: 'journal_reopen', entityId: r.id }));
}

export type AuditRow = Awaited<ReturnType<typeof auditHistory>>[number];

const ENTITY_TITLES: Record<string, string> = {
  mark: 'отметка', attendance: 'посещаемость', attendance_reason: 'причина отсутствия', period_mark: 'итоговая отметка',
};
const ABSENCE_REASONS: Record<string, string> = { illness: 'по болезни', valid: 'уважительная', invalid: 'неуважительная' };

/** An audited value as the cell showed it: «5», «н», «оп», «по болезни», an individual homework's text; empty → «—». */
export function historyValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  if (o.value !== undefined && o.value !== null) parts.push(String(o.value));
  if (typeof o.kind === 'string') parts.push(ATTENDANCE[o.kind as keyof typeof ATTENDANCE] ?? o.kind);
  if (typeof o.reason === 'string') parts.push(ABSENCE_REASONS[o.reason] ?? o.reason);
  if (typeof o.text === 'string') parts.push(o.text);
  else if ('reason' in o && o.reason === null && parts.length === 0) parts.push('без причины');
  return parts.length > 0 ? parts.join(', ') : '—';
}

export const roleTitles = (role: string | null) =>
  (role ?? '').split(',').filter(Boolean).map((r) => ROLE_TITLES[r as Role] ?? r).join(', ');

export type HistoryLine = { when: string; who: string; login: string; role: string; what: string; from: string; to: string; reason: string };

/** A reopening's row: «урок/период открыт для учителя», «—» → «до 26.11.2026 включительно». */
function reopenLine(r: AuditRow): Pick<HistoryLine, 'what' | 'from' | 'to'> {
  const v = (r.newValue ?? {}) as { lessonId?: string | null; until?: string };
  const what = v.lessonId ? 'урок открыт для учителя' : 'период открыт для учителя';
  return { what, from: '—', to: `до ${ruDate(v.until)} включительно` };
}

export function historyLines(rows: readonly AuditRow[], timeZone?: string): HistoryLine[] {
  return rows.map((r) => ({
    when: ruDateTime(r.at, timeZone), who: r.fullName ?? '—', login: r.login ?? '', role: roleTitles(r.role), reason: r.reason ?? '',
    ...(r.entity === 'journal_reopen' ? reopenLine(r)
      : { what: ENTITY_TITLES[r.entity] ?? r.entity, from: historyValue(r.oldValue), to: historyValue(r.newValue) }),
  }));
}
