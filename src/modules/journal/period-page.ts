// The period-marks page of a group (a period tab or the year tab): loads what it shows and renders it, also for the
// re-renders after a refused save (422 / 409 / 403) with the submitted values kept.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate, todayIso, addDays } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { periodLock, pickPeriod, type GroupHead, type Period } from './grid-queries.ts';
import { ruAverage } from './grid-model.ts';
import { periodReopens, periodStats, yearRange, yearStats } from './period-queries.ts';
import { KIND_TITLES, PERIOD_VALUES, REOPEN_DEFAULT_DAYS, YEAR_KINDS, type PeriodMarkKind } from './period-rules.ts';
import { entryKey, periodMarksMode, type PeriodTab } from './period-writes.ts';
import { PERIOD_SPECIAL_LABELS, PERIOD_SPECIAL } from './rules.ts';
import { zoneOf } from '../../web/school-time.ts';

/** What a refused save brings back to the page. */
export type PageForm = {
  values?: Record<string, string>;
  was?: Record<string, string>;
  errors?: Record<string, string>;
  conflicts?: readonly string[];
  message?: string;
  reason?: string;
  reopen?: { values: Record<string, string>; errors: Record<string, string> };
};

export type Field = { name: string; wasName: string; value: string; was: string; error: string | null; conflict: boolean; history: string };

/** The tab of `?period=`: a period of the group's scheme, 'year', or (absent) the current period. undefined: not found. */
export function resolveTab(head: GroupHead, wanted: string | undefined, today: string): PeriodTab | null | undefined {
  if (wanted === 'year') {
    const range = yearRange(head);
    return range ? { kind: 'year', end: range.to } : undefined;
  }
  const period = pickPeriod(head.periods, today, wanted);
  if (!period) return wanted ? undefined : null;
  return { kind: 'period', period };
}

function fieldFor(head: GroupHead, studentId: string, kind: PeriodMarkKind, period: Period | null, current: string | null, form: PageForm): Field {
  const key = entryKey(studentId, kind);
  const conflict = form.conflicts?.includes(key) ?? false;
  const submitted = form.values?.[key];
  const q = new URLSearchParams({ group: head.id, student: studentId, kind, ...(period ? { period: period.id } : {}) });
  return {
    name: `v:${key}`, wasName: `w:${key}`,
    value: conflict || submitted === undefined ? current ?? '' : submitted,
    was: form.was?.[key] ?? current ?? '', error: form.errors?.[key] ?? null, conflict, history: `/journal/history?${q.toString()}`,
  };
}

export async function renderPeriodPage(db: Db, request: FastifyRequest, reply: FastifyReply, found: { head: GroupHead; as: string },
  wanted: string | undefined, form: PageForm = {}, status = 200) {
  const { head, as } = found;
  const schoolId = request.school.id;
  const today = todayOf(request);
  const tab = resolveTab(head, wanted, today);
  if (tab === undefined) return notFound(reply);
  const base = {
    title: `Итоговые отметки: ${head.name}`, head, as, tab, form, today, ruDate, ruAverage, values: PERIOD_VALUES,
    special: Object.entries(PERIOD_SPECIAL).map(([k, code]) => ({ code, label: PERIOD_SPECIAL_LABELS[k as keyof typeof PERIOD_SPECIAL] })),
    reopenDefault: ruDate(addDays(today, REOPEN_DEFAULT_DAYS)), isDeputy: request.actor!.roles.includes('deputy'),
  };
  if (tab === null) return reply.page('journal/period-marks', { ...base, mode: { mode: 'read', why: '' } }, status);
  if (tab.kind === 'year') {
    const mode = periodMarksMode(request.actor!, head, tab, { closed: false, periodUntil: null }, today);
    const rows = (await yearStats(db, { schoolId, head })).map((r) => ({
      ...r, fields: YEAR_KINDS.map((k) => ({ kind: k, title: KIND_TITLES[k], ...fieldFor(head, r.studentId, k, null, r[k], form) })),
    }));
    return reply.page('journal/period-marks', { ...base, mode, rows, kinds: YEAR_KINDS.map((k) => KIND_TITLES[k]) }, status);
  }
  const { period } = tab;
  const [stats, lock, reopens] = await Promise.all([
    periodStats(db, { schoolId, head, period }),
    periodLock(db, { schoolId, groupId: head.id, periodId: period.id }),
    periodReopens(db, { schoolId, groupId: head.id, periodId: period.id }),
  ]);
  const mode = periodMarksMode(request.actor!, head, tab, lock, today);
  const rows = stats.map((r) => ({ ...r, field: fieldFor(head, r.studentId, 'period', period, r.periodMark, form) }));
  const reopenedUntil = lock.periodUntil !== null && lock.periodUntil >= today ? lock.periodUntil : null;
  const closedOn = lock.closedAt ? todayIso(new Date(lock.closedAt), zoneOf(request)) : null;
  return reply.page('journal/period-marks', { ...base, mode, rows, period, lock, closedOn, reopens, reopenedUntil }, status);
}
