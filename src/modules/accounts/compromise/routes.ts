// «Учётная запись скомпрометирована» for a member of the school (seed 003 §4.3–4.4):
//   GET  /admin/members/:id/compromise?since=    the member's changes since a moment (school time; default 7 days ago) —
//                                                admin, and the deputy read-only
//   POST /admin/members/:id/compromise           block in this school + end every session, audited (admin)
//   POST /admin/members/:id/compromise/revert    «Отменить выбранные» (scope=selected, key=…) / «Отменить все» (scope=all)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { requestFacts } from '../../../web/actor.ts';
import { now } from '../../../web/clock.ts';
import { notFound } from '../../../web/errors.ts';
import { flash } from '../../../web/render.ts';
import { zoneOf } from '../../../web/school-time.ts';
import { memberOf, type Member } from '../member-of.ts';
import { auditContext } from '../../audit/queries.ts';
import { activeSessionCount } from '../members.ts';
import { declareCompromised } from './block.ts';
import { unitLine } from './describe.ts';
import { loadUnits, namesFor } from './queries.ts';
import { restoreChanges, type RestoreOutcome } from './restore.ts';
import { parseSince, type SinceInput, type UnitStatus } from './rules.ts';


const sinceQuery = z.object({ since: z.string().max(100).optional() });
const revertBody = z.object({
  since: z.string().max(100).optional(),
  scope: z.enum(['all', 'selected']),
  key: z.union([z.string().max(300), z.array(z.string().max(300)).max(20_000)]).optional(),
});

/** At most this many lines on the page; «Отменить все» still restores every change. */
const SHOWN = 1000;


const pageUrl = (member: Member, since?: string) => `/admin/members/${member.id}/compromise${since ? `?since=${encodeURIComponent(since)}` : ''}`;

type Problems = { since?: string; keys?: string };

async function renderPage(db: Db, request: FastifyRequest, reply: FastifyReply, member: Member, since: SinceInput, problems: Problems = {}, status = 200) {
  const actor = request.actor!;
  const schoolId = request.school.id;
  const zone = zoneOf(request);
  const units = since.ok ? await loadUnits(db, { schoolId, accountId: member.accountId, since: since.since }) : [];
  const names = await namesFor(db, { schoolId, units: units.slice(0, SHOWN) });
  const lines = units.slice(0, SHOWN).map((u) => unitLine(u, names, zone));
  const counts: Record<UnitStatus, number> = { restorable: 0, conflict: 0, restored: 0, unchanged: 0, manual: 0 };
  for (const u of units) counts[u.status] += 1;
  const admin = actor.roles.includes('admin');
  const self = member.accountId === actor.accountId;
  const blocked = member.memberDisabledAt !== null;
  return reply.page('accounts/compromise', {
    title: `Компрометация: ${member.fullName}`, member, lines, total: units.length, shown: lines.length, counts, blocked,
    sessions: await activeSessionCount(db, member.accountId),
    since: since.text, errors: { since: since.ok ? problems.since : since.message, keys: problems.keys },
    can: { block: admin && !self, revert: admin && !self && blocked && counts.restorable > 0, memberPage: admin },
  }, status);
}

/** What the flash says after a restore. */
function restoredText(out: RestoreOutcome): string {
  const parts = [`Восстановлено изменений: ${out.restored.length}.`];
  if (out.skipped.length > 0) {
    const why = [...new Set(out.skipped.map((s) => s.why))].slice(0, 3).join('; ');
    parts.push(`Не восстановлено: ${out.skipped.length} (${why}).`);
  }
  if (out.conflicts.length > 0) parts.push(`Изменены позже другими и оставлены как есть: ${out.conflicts.length}.`);
  return parts.join(' ');
}

export function registerCompromiseRoutes(app: FastifyInstance, db: Db): void {
  app.get('/admin/members/:id/compromise', { config: { access: ['admin', 'deputy'] } }, async (request, reply) => {
    const member = await memberOf(db, request);
    if (!member) return notFound(reply);
    const q = sinceQuery.safeParse(request.query);
    const since = parseSince(q.success ? q.data.since : [], now(), zoneOf(request));
    return renderPage(db, request, reply, member, since, {}, since.ok ? 200 : 422);
  });

  app.post('/admin/members/:id/compromise', { config: { access: ['admin'] } }, async (request, reply) => {
    const member = await memberOf(db, request);
    if (!member) return notFound(reply);
    if (member.accountId === request.actor!.accountId) {
      flash(reply, 'error', 'Свою учётную запись так заблокировать нельзя.');
      return reply.redirect(`/admin/members/${member.id}`, 303);
    }
    const ref = { membershipId: member.id, accountId: member.accountId, login: member.login };
    const r = await declareCompromised(db, auditContext(request), requestFacts(request), ref, request.actor!.login);
    const state = r.blockedNow ? 'Учётная запись заблокирована в этой школе' : 'Учётная запись уже была заблокирована';
    flash(reply, 'ok', `${state}, завершено сеансов: ${r.ended}. Проверьте её изменения ниже и отмените их.`);
    return reply.redirect(pageUrl(member), 303);
  });

  app.post('/admin/members/:id/compromise/revert', { config: { access: ['admin'] } }, async (request, reply) => {
    const member = await memberOf(db, request);
    if (!member) return notFound(reply);
    const body = revertBody.safeParse(request.body);
    const since = parseSince(body.success ? body.data.since : [], now(), zoneOf(request));
    if (!body.success || !since.ok) {
      return renderPage(db, request, reply, member, since, body.success ? {} : { keys: 'Выберите «Отменить выбранные» или «Отменить все».' }, 422);
    }
    if (member.accountId === request.actor!.accountId || member.memberDisabledAt === null) {
      return renderPage(db, request, reply, member, since, { keys: 'Сначала заблокируйте учётную запись: «Учётная запись скомпрометирована».' }, 422);
    }
    const keys = body.data.key === undefined ? [] : [body.data.key].flat();
    if (body.data.scope === 'selected' && keys.length === 0) {
      return renderPage(db, request, reply, member, since, { keys: 'Отметьте изменения, которые нужно отменить.' }, 422);
    }
    const selected = body.data.scope === 'all' ? 'all' as const : new Set(keys);
    const out = await restoreChanges(db, auditContext(request), { accountId: member.accountId, since: since.since, selected });
    flash(reply, out.restored.length > 0 || out.skipped.length === 0 ? 'ok' : 'error', restoredText(out));
    // The form's #changes (for a 422 here) would carry over to the redirect: #top shows the flash instead.
    return reply.redirect(`${pageUrl(member, since.text)}#top`, 303);
  });
}
