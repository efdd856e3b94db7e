import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { TOO_MANY_LOGINS } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { parseForm, safeNext } from '../../web/forms.ts';
import { requestFacts } from '../../web/actor.ts';
import { endSessionsOf, getPasswordHash, loadAccountFacts, recordAuthEvent, setPassword } from './queries.ts';
import { loginForm, passwordForm, selectSchoolForm } from './forms.ts';
import { attemptLogin } from './login.ts';
import { loginPage, type LoginButton } from './login-page.ts';
import { PasswordQueueFull } from './password-queue.ts';
import { hashPassword, loginQueue, verifyPassword } from './passwords.ts';
import { checkNewPassword } from './rules.ts';
import { endSession, enter } from './session.ts';
import { CLEAR_SITE_DATA } from '../offline/rules.ts';
import { identitiesOf } from './oidc/queries.ts';

const ENDED: Record<string, string> = {
  idle: 'Сеанс завершён из-за бездействия. Войдите снова.',
  expired: 'Сеанс истёк. Войдите снова.',
  code: 'Время на ввод кода истекло. Войдите снова.',
  disabled: 'Сеанс завершён. Войдите снова.',
  all: 'Вы вышли на всех устройствах.',
  out: 'Вы вышли из системы.',
};

function queryString(request: FastifyRequest, key: string): string | undefined {
  const v = (request.query as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function registerAccountRoutes(
  app: FastifyInstance, deps: { db: Db; loginRateLimit: number; providers: readonly LoginButton[] },
): void {
  const { db } = deps;
  const providerNames = deps.providers.map((p) => p.name);

  app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    const ended = queryString(request, 'ended');
    const values = { next: safeNext(queryString(request, 'next')) };
    return loginPage(reply, deps.providers, { values, notice: ended ? ENDED[ended] ?? null : null });
  });

  app.post('/login', {
    // Not held back by the request gate: logins have their own bounded queue (loginQueue), so they neither wait twice
    // nor hold the gate's places while their hashes wait.
    config: { access: 'public', gate: false, rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const form = parseForm(loginForm, request.body);
    if (!form.ok) return loginPage(reply, deps.providers, { values: form.values, errors: form.errors }, 422);
    const { login, password } = form.data;
    const next = safeNext(form.data.next);
    // In line with the other logins (passwords.ts): beyond capacity, 503 and the form again before any work is done.
    const factsTicket = request.server.authCache?.ticket();
    const result = await loginQueue.run(() => attemptLogin(db, login, password, requestFacts(request), new Date(), providerNames))
      .catch(busyLogin);
    if (!result.ok) {
      if ('retryAfter' in result) reply.header('retry-after', String(result.retryAfter));
      return loginPage(reply, deps.providers, { values: { login, next }, errors: { _form: result.message } }, result.status);
    }
    return enter(request, reply, result, next, factsTicket);
  });

  app.post('/logout', { config: { access: 'account', duringPasswordChange: true, duringEnrollment: true } }, async (request, reply) => {
    const actor = request.actor!;
    await recordAuthEvent(db, { kind: 'logout', accountId: actor.accountId, login: actor.login, schoolId: actor.school?.id }, requestFacts(request));
    await endSession(request, reply);
    return reply.header('clear-site-data', CLEAR_SITE_DATA).redirect('/login?ended=out', 303);
  });

  app.post('/logout-everywhere', { config: { access: 'account', duringPasswordChange: true, duringEnrollment: true } }, async (request, reply) => {
    const actor = request.actor!;
    const ended = await endSessionsOf(db, actor.accountId);
    await recordAuthEvent(db, { kind: 'logout_all', accountId: actor.accountId, login: actor.login, detail: `${ended} sessions` }, requestFacts(request));
    await endSession(request, reply);
    return reply.header('clear-site-data', CLEAR_SITE_DATA).redirect('/login?ended=all', 303);
  });

  app.get('/account', { config: { access: 'account' } }, async (request, reply) => {
    const identities = deps.providers.length > 0 ? await identitiesOf(db, request.actor!.accountId) : [];
    const linked = new Map(identities.map((i) => [i.providerId, i.linkedAt]));
    return reply.page('accounts/account', {
      title: 'Профиль', providers: deps.providers.map((p) => ({ ...p, linkedAt: linked.get(p.id) ?? null })),
    });
  });

  app.get('/password', { config: { access: 'account', duringPasswordChange: true, duringEnrollment: true } }, async (request, reply) => {
    return reply.page('accounts/password', { title: 'Смена пароля', values: { next: safeNext(queryString(request, 'next')) }, errors: {} });
  });

  // argon2 (checking the current password, hashing the new one): no request transaction, global tables only.
  app.post('/password', { config: { access: 'account', duringPasswordChange: true, duringEnrollment: true, tx: 'manual' } }, (request, reply) =>
    changePassword(db, request, reply));

  app.get('/select-school', { config: { access: 'account' } }, async (request, reply) => {
    return reply.page('accounts/select-school', { title: 'Выбор школы', next: safeNext(queryString(request, 'next')), errors: {} });
  });

  app.post('/select-school', { config: { access: 'account' } }, async (request, reply) => {
    const actor = request.actor!;
    const form = parseForm(selectSchoolForm, request.body);
    const school = form.ok ? actor.schools.find((s) => s.id === form.data.schoolId) : undefined;
    if (!form.ok || !school) {
      return reply.page('accounts/select-school', { title: 'Выбор школы', next: '/', errors: { schoolId: 'Выберите школу из списка.' } }, 422);
    }
    request.session.schoolId = school.id;
    await recordAuthEvent(db, { kind: 'school_switched', accountId: actor.accountId, login: actor.login, schoolId: school.id }, requestFacts(request));
    flash(reply, 'ok', `Выбрана школа: ${school.name}`);
    return reply.redirect(safeNext(form.data.next), 303);
  });
}

/** The password checks are queued beyond capacity (password-queue.ts): the login form again, with when to retry. */
function busyLogin(err: unknown): { ok: false; status: 503; message: string; retryAfter: number } {
  if (!(err instanceof PasswordQueueFull)) throw err;
  return { ok: false, status: 503, message: TOO_MANY_LOGINS.message(err.retryAfterSeconds), retryAfter: err.retryAfterSeconds };
}

async function changePassword(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const actor = request.actor!;
  const form = parseForm(passwordForm, request.body);
  const render = (errors: Record<string, string>, next: string) =>
    reply.page('accounts/password', { title: 'Смена пароля', values: { next }, errors }, 422);
  if (!form.ok) return render(form.errors, safeNext(form.values.next));
  const next = safeNext(form.data.next);
  const currentOk = await verifyPassword(await getPasswordHash(db, actor.accountId), form.data.current);
  if (!currentOk) return render({ current: 'Текущий пароль введён неверно.' }, next);
  if (form.data.password === form.data.current) return render({ password: 'Новый пароль должен отличаться от текущего.' }, next);
  const problem = checkNewPassword(form.data.password, actor.login);
  if (problem) return render({ password: problem }, next);
  await setPassword(db, actor.accountId, await hashPassword(form.data.password), false);
  // Other sessions opened with the old password end; this one goes on.
  await endSessionsOf(db, actor.accountId, request.session.sessionId);
  await recordAuthEvent(db, { kind: 'password_changed', accountId: actor.accountId, login: actor.login }, requestFacts(request));
  flash(reply, 'ok', 'Пароль изменён.');
  const facts = await loadAccountFacts(db, actor.accountId);
  return reply.redirect(facts && !actor.school && facts.memberships.length > 1 ? `/select-school?next=${encodeURIComponent(next)}` : next, 303);
}
