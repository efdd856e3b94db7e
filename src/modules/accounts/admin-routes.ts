import { todayOf } from '../../web/school-time.ts';
import { registerAdminUnlinkRoute } from './oidc/admin-unlink.ts';
import { identitiesOf } from './oidc/queries.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { requestFacts } from '../../web/actor.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { memberOf, type Member } from './member-of.ts';
import { auditContext } from '../audit/queries.ts';
import { endSessionsOf, recordAuthEvent } from './queries.ts';
import { activeSessionCount, childrenOf, getMember, listMembers, schoolLoginEvents } from './members.ts';
import { ASSIGNABLE_ROLES, nextRoles, pickRoles, rolesChangeProblem } from './provision-rules.ts';
import { changeRoles, resetPassword, setDisabled } from './provisioning.ts';
import { ROLE_TITLES } from './rules.ts';
import { credentialOf, renderSlips, slipsFor } from './slips.ts';
import { registerCompromiseRoutes } from './compromise/routes.ts';
import { getTwoFactor, resetTwoFactor } from './two-factor/queries.ts';
import { registerStaffAccountRoutes } from './staff-routes.ts';

const idParams = z.object({ id: z.uuid() });

export const AUTH_EVENT_TITLES: Record<string, string> = {
  login_ok: 'вход', login_failed: 'неудачный вход', login_locked: 'вход заблокирован', logout: 'выход',
  logout_all: 'выход на всех устройствах', session_expired: 'сеанс истёк', password_changed: 'смена пароля',
  school_switched: 'смена школы', sessions_ended_by_admin: 'сеансы завершены администратором',
  password_reset: 'пароль сброшен', account_disabled: 'учётная запись заблокирована', account_enabled: 'учётная запись разблокирована',
  password_ok: 'пароль верный, ожидается код', totp_ok: 'код из приложения принят', totp_failed: 'неверный код',
  recovery_code_used: 'вход по коду восстановления', two_factor_enabled: 'двухфакторный вход включён',
  two_factor_disabled: 'двухфакторный вход отключён', two_factor_reset: 'второй фактор сброшен',
  recovery_codes_renewed: 'новые коды восстановления', calendar_feed_refused: 'ссылка на календарь отклонена',
  oidc_failed: 'вход через внешний сервис отклонён', oidc_linked: 'привязан вход через внешний сервис',
  oidc_unlinked: 'отвязан вход через внешний сервис', oidc_link_failed: 'неверный код привязки',
  password_login_refused: 'вход по паролю запрещён школой', acting_as_child: 'вход как ребёнок', acting_as_child_ended: 'возврат из входа как ребёнок',
};

/** How an identity was linked, for the member page. */
const LINKED_BY: Record<string, string> = { code: 'кодом с бланка', snils: 'по СНИЛС', session: 'из профиля' };



/** A provider's name as its login button says it (the id when it is no longer configured). */
type ProviderNames = ReadonlyArray<{ id: string; name: string }>;
const providerName = (providers: ProviderNames, id: string) => providers.find((p) => p.id === id)?.name ?? id;

async function renderMember(db: Db, providers: ProviderNames, request: FastifyRequest, reply: FastifyReply, member: Member, form: { roles?: readonly string[]; errors?: Record<string, string> } = {}, status = 200) {
  const schoolId = request.school.id;
  const [sessions, events, children, factor, identities] = await Promise.all([
    activeSessionCount(db, member.accountId),
    schoolLoginEvents(db, { schoolId, accountId: member.accountId, limit: 50 }),
    member.guardianId ? childrenOf(db, { schoolId, guardianIds: [member.guardianId] }) : Promise.resolve([]),
    getTwoFactor(db, member.accountId),
    identitiesOf(db, member.accountId),
  ]);
  const self = member.accountId === request.actor!.accountId;
  const staffLike = member.staffId !== null || member.roles.some((r) => r !== 'parent' && r !== 'student');
  return reply.page('accounts/member', {
    title: member.fullName, member, sessions, events, children, self, staffLike, twoFactorSince: factor?.enabledAt ?? null, roleTitles: ROLE_TITLES, eventTitles: AUTH_EVENT_TITLES,
    assignable: ASSIGNABLE_ROLES, ticked: form.roles ?? member.roles, errors: form.errors ?? {},
    identities: identities.map((i) => ({ id: i.providerId, provider: providerName(providers, i.providerId), linkedAt: i.linkedAt, how: LINKED_BY[i.linkedBy] ?? i.linkedBy })),
  }, status);
}

export function registerAdminAccountRoutes(app: FastifyInstance, deps: { db: Db; providers: ProviderNames }): void {
  const { db } = deps;

  app.get('/admin/members', { config: { access: ['admin'] } }, async (request, reply) => {
    const self = request.actor!.accountId;
    const members = (await listMembers(db, { schoolId: request.school.id })).map((m) => ({ ...m, self: m.accountId === self }));
    return reply.page('accounts/members', { title: 'Пользователи', members, roleTitles: ROLE_TITLES });
  });

  app.get('/admin/members/:id', { config: { access: ['admin'] } }, async (request, reply) => {
    const member = await memberOf(db, request);
    if (!member) return notFound(reply);
    return renderMember(db, deps.providers, request, reply, member);
  });

  app.post('/admin/members/:id/end-sessions', { config: { access: ['admin'] } }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    const actor = request.actor!;
    const member = params.success ? await getMember(db, { schoolId: request.school.id, membershipId: params.data.id }) : undefined;
    if (!member) return notFound(reply);
    const ended = await endSessionsOf(db, member.accountId);
    await recordAuthEvent(db, {
      kind: 'sessions_ended_by_admin', accountId: member.accountId, login: member.login, schoolId: request.school.id,
      detail: `${ended} sessions, by ${actor.login}`,
    }, requestFacts(request));
    flash(reply, 'ok', `Завершено сеансов: ${ended}.`);
    return reply.redirect(`/admin/members/${member.id}`, 303);
  });

  registerMemberActions(app, db, deps.providers);
  registerCompromiseRoutes(app, db);                 // /admin/members/:id/compromise
  registerAdminUnlinkRoute(app, db, (id) => providerName(deps.providers, id)); // /admin/members/:id/identities/:provider/unlink
  registerStaffAccountRoutes(app, deps);

  app.get('/admin/logins', { config: { access: ['admin', 'deputy'] } }, async (request, reply) => {
    const events = await schoolLoginEvents(db, { schoolId: request.school.id });
    return reply.page('accounts/logins', { title: 'Журнал входов', events, eventTitles: AUTH_EVENT_TITLES });
  });
}

/** Reset password, block, unblock, roles: the admin's actions on one member of the school. */
function registerMemberActions(app: FastifyInstance, db: Db, providers: ProviderNames): void {
  const ADMIN = { access: ['admin'] as const };

  // argon2 outside any transaction: `tx: 'manual'`, the reads and the rendering each in a short one of the school.
  app.post('/admin/members/:id/reset', { config: { ...ADMIN, tx: 'manual' } }, async (request, reply) => {
    const member = await request.inSchool(() => memberOf(db, request));
    if (!member) return notFound(reply);
    if (member.accountId === request.actor!.accountId) {
      flash(reply, 'error', 'Свой пароль меняйте в профиле: «Профиль» → «Сменить пароль».');
      return reply.redirect(`/admin/members/${member.id}`, 303);
    }
    const ref = { membershipId: member.id, accountId: member.accountId, login: member.login };
    const reset = await resetPassword(db, auditContext(request), requestFacts(request), ref, request.actor!.login);
    if (!reset.ok) {
      flash(reply, 'error', reset.message);
      return reply.redirect(`/admin/members/${member.id}`, 303);
    }
    return request.inSchool(async () => renderSlips(db, request, reply, {
      title: `Новый пароль: ${member.fullName}`, slips: await slipsFor(db, request.school.id, [credentialOf(member, reset)], todayOf(request)),
      back: { href: `/admin/members/${member.id}`, label: 'К учётной записи' }, note: 'Пароль сброшен, все сеансы этой учётной записи завершены.',
    }));
  });

  for (const disabled of [true, false]) {
    app.post(`/admin/members/:id/${disabled ? 'disable' : 'enable'}`, { config: ADMIN }, async (request, reply) => {
      const member = await memberOf(db, request);
      if (!member) return notFound(reply);
      if (disabled && member.accountId === request.actor!.accountId) {
        flash(reply, 'error', 'Нельзя заблокировать собственную учётную запись.');
        return reply.redirect(`/admin/members/${member.id}`, 303);
      }
      const ref = { membershipId: member.id, accountId: member.accountId, login: member.login };
      const changed = await setDisabled(db, auditContext(request), requestFacts(request), ref, disabled, request.actor!.login);
      const text = disabled ? 'Учётная запись заблокирована в этой школе, все её сеансы завершены.' : 'Учётная запись разблокирована.';
      flash(reply, 'ok', changed ? text : disabled ? 'Учётная запись уже заблокирована.' : 'Учётная запись не заблокирована.');
      return reply.redirect(`/admin/members/${member.id}`, 303);
    });
  }

  app.post('/admin/members/:id/two-factor-reset', { config: ADMIN }, async (request, reply) => {
    const member = await memberOf(db, request);
    if (!member) return notFound(reply);
    if (member.accountId === request.actor!.accountId) {
      flash(reply, 'error', 'Свой двухфакторный вход настраивайте в профиле: «Профиль» → «Двухфакторный вход».');
      return reply.redirect(`/admin/members/${member.id}`, 303);
    }
    const ref = { membershipId: member.id, accountId: member.accountId, login: member.login };
    const reset = await resetTwoFactor(db, auditContext(request), requestFacts(request), ref, request.actor!.login);
    flash(reply, reset.ok ? 'ok' : 'error', reset.ok ? 'Второй фактор сброшен: при следующем входе сотрудник включит его заново.' : reset.message);
    return reply.redirect(`/admin/members/${member.id}`, 303);
  });

  app.post('/admin/members/:id/roles', { config: ADMIN }, async (request, reply) => {
    const member = await memberOf(db, request);
    if (!member) return notFound(reply);
    const ticked = pickRoles((request.body as Record<string, unknown> | undefined)?.roles);
    const self = member.accountId === request.actor!.accountId;
    const problem = rolesChangeProblem({ self, hasStaffCard: member.staffId !== null, current: member.roles, ticked });
    if (problem) return renderMember(db, providers, request, reply, member, { roles: ticked, errors: { roles: problem } }, 422);
    const roles = nextRoles(member.roles, ticked);
    if (roles.join() !== member.roles.join()) await changeRoles(db, auditContext(request), { membershipId: member.id, roles: member.roles }, roles);
    flash(reply, 'ok', 'Роли сохранены.');
    return reply.redirect(`/admin/members/${member.id}`, 303);
  });
}
