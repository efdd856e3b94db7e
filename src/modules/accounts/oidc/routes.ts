// Sign-in through an identity provider (OpenID Connect): the redirect, the callback, and what follows — the linked
// account logs in exactly like after a right password (login.ts admitAccount, session.ts enter), an unknown subject
// is linked by the slip's link code (link-routes.ts) or by a matching СНИЛС, never by name.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { requestFacts } from '../../../web/actor.ts';
import { notFound } from '../../../web/errors.ts';
import { safeNext } from '../../../web/forms.ts';
import { flash } from '../../../web/render.ts';
import { parseSnils } from '../../people/rules.ts';
import { admitAccount } from '../login.ts';
import { loginPage } from '../login-page.ts';
import { findAccountById, recordAuthEvent } from '../queries.ts';
import { enter } from '../session.ts';
import { finishFlow, startFlow, type Outcome } from './client.ts';
import type { OidcConfig, OidcProvider } from './config.ts';
import { FLOW_MS, type OidcCookies } from './cookies.ts';
import { registerLinkRoutes } from './link-routes.ts';
import { accountsBySnils, consumeFlow, findIdentity, linkIdentity } from './queries.ts';

export type OidcDeps = { db: Db; oidc: OidcConfig; cookies: OidcCookies; loginRateLimit: number };

export const STALE = 'Сеанс входа устарел, начните вход заново.';
const providerParams = z.object({ provider: z.string().max(40) });

/** The provider named in the URL, if configured. */
export function providerIn(deps: OidcDeps, params: unknown): OidcProvider | undefined {
  const p = providerParams.safeParse(params);
  return p.success ? deps.oidc.providers.find((x) => x.id === p.data.provider) : undefined;
}

export function buttons(deps: OidcDeps) {
  return deps.oidc.providers.map((p) => ({ id: p.id, name: p.name }));
}

/** A refused sign-in: audited, and the login page with the reason. */
export async function refuse(deps: OidcDeps, request: FastifyRequest, reply: FastifyReply, detail: string, message: string, status = 400) {
  await recordAuthEvent(deps.db, { kind: 'oidc_failed', detail: detail.slice(0, 500) }, requestFacts(request));
  return loginPage(reply, buttons(deps), { errors: { _form: message } }, status);
}

/** The linked account logs in: the same checks, second factor and session as after a right password. */
export async function logIn(
  deps: OidcDeps, request: FastifyRequest, reply: FastifyReply, accountId: string, p: OidcProvider, next: string,
) {
  const account = await findAccountById(deps.db, accountId);
  if (!account) return refuse(deps, request, reply, `${p.id}: account gone`, STALE);
  // A shared computer: an identity left waiting for a code by someone earlier is forgotten once anyone logs in here.
  deps.cookies.clearPending(reply);
  const result = await admitAccount(deps.db, account, requestFacts(request), { via: `oidc:${p.id}` });
  if (!result.ok) return loginPage(reply, buttons(deps), { errors: { _form: result.message } }, result.status);
  return enter(request, reply, result, next);
}

/** The provider's `error` codes (RFC 6749 4.1.2.1, OIDC Core 3.1.2.6) in words; others are named by their code. */
const PROVIDER_ERRORS: Record<string, string> = {
  access_denied: 'вход отменён или не разрешён',
  consent_required: 'не дано согласие на передачу данных',
  login_required: 'нужно войти на сайте сервиса',
  interaction_required: 'нужно завершить вход на сайте сервиса',
  temporarily_unavailable: 'сервис временно недоступен',
  server_error: 'ошибка на стороне сервиса',
};

function failureMessage(p: OidcProvider, out: Extract<Outcome, { ok: false }>): string {
  if (out.kind === 'provider') {
    const code = out.detail.split(':')[0]!.trim();
    return `Вход через ${p.name} не удался: ${PROVIDER_ERRORS[code] ?? `сервис ответил ошибкой «${code.slice(0, 60)}»`}. Попробуйте ещё раз.`;
  }
  if (out.kind === 'unavailable') return `Вход через ${p.name} сейчас недоступен. Попробуйте позже или войдите по логину и паролю.`;
  return `Вход через ${p.name} не удался: ответ не прошёл проверку подлинности. Начните вход заново.`;
}

const hashOf = (s: string) => createHash('sha256').update(`otmetka oidc flow ${s}`).digest('hex');

export function registerOidcRoutes(app: FastifyInstance, deps: OidcDeps): void {
  if (deps.oidc.providers.length === 0 || !deps.oidc.publicUrl) return;
  const publicUrl = deps.oidc.publicUrl;

  // A plain link, not a form: the CSP's form-action 'self' would block a form whose answer redirects to the provider.
  app.get('/login/oidc/:provider', { config: { access: 'public' } }, async (request, reply) => {
    const p = providerIn(deps, request.params);
    if (!p) return notFound(reply);
    const next = safeNext((request.query as Record<string, unknown> | undefined)?.next);
    const started = await startFlow(p, publicUrl, next, Date.now());
    if (!started.ok) {
      const message = failureMessage(p, { ok: false, kind: 'unavailable', detail: '' });
      return refuse(deps, request, reply, `${p.id}: unavailable: ${started.detail}`, message, 503);
    }
    deps.cookies.setFlow(reply, started.flow);
    deps.cookies.clearPending(reply); // a new sign-in: an identity left waiting for a code is not linked to whoever comes next
    return reply.redirect(started.url.href, 303);
  });

  app.get('/login/oidc/:provider/callback', { config: { access: 'public' } }, async (request, reply) => {
    const p = providerIn(deps, request.params);
    if (!p) return notFound(reply);
    const now = Date.now();
    const flow = deps.cookies.takeFlow(request, reply, now);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const params = new URLSearchParams(query);
    if (!flow || flow.provider !== p.id) return refuse(deps, request, reply, `${p.id}: no flow`, STALE);
    const error = params.get('error');
    if (error && !params.has('state')) {
      const message = failureMessage(p, { ok: false, kind: 'provider', detail: error });
      return refuse(deps, request, reply, `${p.id}: provider: ${error}`, message);
    }
    if (params.get('state') !== flow.state) return refuse(deps, request, reply, `${p.id}: state`, STALE);
    // One callback per flow: a replay (the same code, ID token and cookie) finds the flow consumed.
    if (!(await consumeFlow(deps.db, hashOf(flow.state), new Date(flow.startedAt + FLOW_MS), new Date(now)))) {
      return refuse(deps, request, reply, `${p.id}: replay`, STALE);
    }
    const out = await finishFlow(p, publicUrl, query, flow);
    if (!out.ok) return refuse(deps, request, reply, `${p.id}: ${out.kind}: ${out.detail}`, failureMessage(p, out));
    return arrive(deps, request, reply, p, out, flow.next);
  });

  registerLinkRoutes(app, deps);
}

/** A verified identity: its account logs in; a logged-in person links it; a unique СНИЛС links it; else the code page. */
async function arrive(
  deps: OidcDeps, request: FastifyRequest, reply: FastifyReply, p: OidcProvider, id: Extract<Outcome, { ok: true }>, next: string,
) {
  const { db } = deps;
  const identity = await findIdentity(db, id.issuer, id.subject);
  const actor = request.actor;
  if (actor) return linkToActor(deps, request, reply, p, id, identity?.accountId);
  if (identity) return logIn(deps, request, reply, identity.accountId, p, next);
  const snils = id.snils ? parseSnils(id.snils) : undefined;
  if (snils?.ok) {
    const owners = [...new Set((await accountsBySnils(db, snils.value)).map((o) => o.accountId))];
    if (owners.length === 1 && (await linkIdentity(db, { ...id, providerId: p.id, accountId: owners[0]!, linkedBy: 'snils' }))) {
      await recordAuthEvent(db, { kind: 'oidc_linked', accountId: owners[0]!, detail: `${p.id}: snils` }, requestFacts(request));
      return logIn(deps, request, reply, owners[0]!, p, next);
    }
  }
  deps.cookies.setPending(reply, { provider: p.id, issuer: id.issuer, subject: id.subject, next, startedAt: Date.now() });
  return reply.redirect('/login/oidc/link', 303);
}

/** «Привязать» from the account page: the logged-in person proved both the session and the provider's login. */
async function linkToActor(
  deps: OidcDeps, request: FastifyRequest, reply: FastifyReply, p: OidcProvider, id: { issuer: string; subject: string }, ownerId?: string,
) {
  const actor = request.actor!;
  if (ownerId === actor.accountId) {
    flash(reply, 'ok', `Вход через ${p.name} уже привязан к этой учётной записи.`);
  } else if (ownerId || !(await linkIdentity(deps.db, { ...id, providerId: p.id, accountId: actor.accountId, linkedBy: 'code' }))) {
    const ev = { kind: 'oidc_link_failed', accountId: actor.accountId, detail: `${p.id}: taken` } as const;
    await recordAuthEvent(deps.db, ev, requestFacts(request));
    flash(reply, 'error', `Эта учётная запись ${p.name} уже привязана к другому пользователю, или у вас уже привязана другая.`);
  } else {
    const ev = { kind: 'oidc_linked', accountId: actor.accountId, login: actor.login, detail: `${p.id}: session` } as const;
    await recordAuthEvent(deps.db, ev, requestFacts(request));
    flash(reply, 'ok', `Вход через ${p.name} привязан. Теперь можно входить через ${p.name}.`);
  }
  return reply.redirect('/account', 303);
}
