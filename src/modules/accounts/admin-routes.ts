import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { requestFacts } from '../../web/actor.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { endSessionsOf, recordAuthEvent } from './queries.ts';
import { activeSessionCount, getMember, listMembers, schoolLoginEvents } from './members.ts';
import { ROLE_TITLES } from './rules.ts';

const idParams = z.object({ id: z.uuid() });

export const AUTH_EVENT_TITLES: Record<string, string> = {
  login_ok: 'вход', login_failed: 'неудачный вход', login_locked: 'вход заблокирован', logout: 'выход',
  logout_all: 'выход на всех устройствах', session_expired: 'сеанс истёк', password_changed: 'смена пароля',
  school_switched: 'смена школы', sessions_ended_by_admin: 'сеансы завершены администратором',
};

export function registerAdminAccountRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.get('/admin/members', { config: { access: ['admin'] } }, async (request, reply) => {
    const members = await listMembers(db, { schoolId: request.actor!.school!.id });
    return reply.page('accounts/members', { title: 'Пользователи', members, roleTitles: ROLE_TITLES });
  });

  app.get('/admin/members/:id', { config: { access: ['admin'] } }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    const schoolId = request.actor!.school!.id;
    const member = params.success ? await getMember(db, { schoolId, membershipId: params.data.id }) : undefined;
    if (!member) return notFound(reply);
    const [sessions, events] = await Promise.all([
      activeSessionCount(db, member.accountId),
      schoolLoginEvents(db, { schoolId, accountId: member.accountId, limit: 50 }),
    ]);
    return reply.page('accounts/member', { title: member.fullName, member, sessions, events, roleTitles: ROLE_TITLES, eventTitles: AUTH_EVENT_TITLES });
  });

  app.post('/admin/members/:id/end-sessions', { config: { access: ['admin'] } }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    const actor = request.actor!;
    const member = params.success ? await getMember(db, { schoolId: actor.school!.id, membershipId: params.data.id }) : undefined;
    if (!member) return notFound(reply);
    const ended = await endSessionsOf(db, member.accountId);
    await recordAuthEvent(db, {
      kind: 'sessions_ended_by_admin', accountId: member.accountId, login: member.login, schoolId: actor.school!.id,
      detail: `${ended} sessions, by ${actor.login}`,
    }, requestFacts(request));
    flash(reply, 'ok', `Завершено сеансов: ${ended}.`);
    return reply.redirect(`/admin/members/${member.id}`, 303);
  });

  app.get('/admin/logins', { config: { access: ['admin', 'deputy'] } }, async (request, reply) => {
    const events = await schoolLoginEvents(db, { schoolId: request.actor!.school!.id });
    return reply.page('accounts/logins', { title: 'Журнал входов', events, eventTitles: AUTH_EVENT_TITLES });
  });
}
