// Staff accounts (admin): every staff card with its account; an account for a card, with a slip.
import { todayOf } from '../../web/school-time.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { getStaffCard, membersWithoutCard, staffWithAccounts } from './members.ts';
import { ASSIGNABLE_ROLES, pickRoles, rolesChangeProblem, type AssignableRole } from './provision-rules.ts';
import { issueAccounts, LoginTakenError, linkStaffCard, loginInUse, suggestLogin } from './provisioning.ts';
import { normalizeLogin, ROLE_TITLES } from './rules.ts';
import { renderSlips, slipsFor } from './slips.ts';
import { manualLoginProblem } from './translit.ts';

const staffParams = z.object({ staffId: z.uuid() });
const accountForm = z.object({
  login: z.string().max(200).optional().transform((v) => normalizeLogin(v ?? '')),
  roles: z.union([z.string(), z.array(z.string())]).optional(),
});
const ADMIN = { access: ['admin'] as const };

type Card = NonNullable<Awaited<ReturnType<typeof getStaffCard>>>;
type FormState = {
  values: Record<string, string>; roles: readonly AssignableRole[]; errors: Record<string, string>;
  linkValues?: Record<string, string>; linkErrors?: Record<string, string>;
};

function renderForm(reply: FastifyReply, card: Card, state: FormState, status = 200) {
  return reply.page('accounts/staff-new', {
    title: `Учётная запись: ${card.fullName}`, card, assignable: ASSIGNABLE_ROLES, roleTitles: ROLE_TITLES, linkValues: {}, linkErrors: {}, ...state,
  }, status);
}

/** The card named in the URL, of this school and still without an account; else a reply was sent. */
async function cardWithoutAccount(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<Card | undefined> {
  const params = staffParams.safeParse(request.params);
  const card = params.success ? await getStaffCard(db, { schoolId: request.school.id, staffId: params.data.staffId }) : undefined;
  if (!card) {
    await notFound(reply);
    return undefined;
  }
  if (card.membershipId) {
    flash(reply, 'ok', 'У этого сотрудника уже есть учётная запись.');
    await reply.redirect(`/admin/members/${card.membershipId}`, 303);
    return undefined;
  }
  return card;
}

export function registerStaffAccountRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.get('/admin/accounts/staff', { config: ADMIN }, async (request, reply) => {
    const schoolId = request.school.id;
    const [cards, others] = await Promise.all([staffWithAccounts(db, { schoolId }), membersWithoutCard(db, { schoolId })]);
    const without = cards.filter((c) => !c.account).length;
    return reply.page('accounts/staff', { title: 'Учётные записи сотрудников', cards, others, without, roleTitles: ROLE_TITLES });
  });

  app.get('/admin/accounts/staff/:staffId/new', { config: ADMIN }, async (request, reply) => {
    const card = await cardWithoutAccount(db, request, reply);
    if (!card) return reply;
    return renderForm(reply, card, { values: { login: await suggestLogin(db, card) }, roles: ['teacher'], errors: {} });
  });

  // argon2 for the new password: `tx: 'manual'`, the checks and the rendering each in a short transaction of the school.
  app.post('/admin/accounts/staff/:staffId', { config: { ...ADMIN, tx: 'manual' } }, async (request, reply) => {
    const form = accountForm.safeParse(request.body ?? {});
    const roles = pickRoles(form.success ? form.data.roles : undefined);
    const checked = await request.inSchool(async () => {
      const card = await cardWithoutAccount(db, request, reply);
      if (!card) return undefined;
      const login = form.success && form.data.login !== '' ? form.data.login : await suggestLogin(db, card);
      const errors: Record<string, string> = {};
      const loginProblem = manualLoginProblem(login, await loginInUse(db, login));
      if (loginProblem) errors.login = loginProblem;
      const rolesProblem = rolesChangeProblem({ self: false, hasStaffCard: true, current: [], ticked: roles });
      if (rolesProblem) errors.roles = rolesProblem;
      if (Object.keys(errors).length > 0) await renderForm(reply, card, { values: keepValues(request.body), roles, errors }, 422);
      return { card, login, refused: Object.keys(errors).length > 0 };
    });
    if (!checked || checked.refused) return reply;
    const { card, login } = checked;
    try {
      const created = await issueAccounts(db, auditContext(request), [{ person: { kind: 'staff', ...card }, roles, login }]);
      if (created.length === 0) return reply.redirect('/admin/accounts/staff', 303);
      return await request.inSchool(async () => renderSlips(db, request, reply, {
        title: `Учётная запись: ${card.fullName}`, slips: await slipsFor(db, request.school.id, created, todayOf(request)),
        back: { href: '/admin/accounts/staff', label: 'К учётным записям сотрудников' }, note: 'Учётная запись создана.',
      }));
    } catch (err) {
      if (!(err instanceof LoginTakenError)) throw err;
      return renderForm(reply, card, { values: keepValues(request.body), roles, errors: { login: manualLoginProblem(login, true)! } }, 422);
    }
  });

  app.post('/admin/accounts/staff/:staffId/link', { config: ADMIN }, async (request, reply) => {
    const card = await cardWithoutAccount(db, request, reply);
    if (!card) return reply;
    const form = accountForm.safeParse(request.body ?? {});
    const login = form.success ? form.data.login : '';
    const roles = pickRoles(form.success ? form.data.roles : undefined);
    const fail = async (message: string) => renderForm(reply, card, {
      values: { login: await suggestLogin(db, card) }, roles: ['teacher'], errors: {}, linkValues: { login }, linkErrors: { login: message },
    }, 422);
    if (login === '') return fail('Введите логин учётной записи.');
    if (roles.length === 0) return fail('Отметьте хотя бы одну роль.');
    const result = await linkStaffCard(db, auditContext(request), { staffId: card.id, login, roles });
    if (result === 'no-member') return fail('В этой школе нет учётной записи с таким логином.');
    if (result === 'has-card') return fail('Эта учётная запись уже связана с карточкой сотрудника.');
    flash(reply, 'ok', `Карточка сотрудника связана с учётной записью ${login}; пароль прежний.`);
    return reply.redirect('/admin/accounts/staff', 303);
  });
}
