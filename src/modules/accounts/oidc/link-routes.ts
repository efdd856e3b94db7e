// «Учётная запись не найдена»: the provider's subject is linked by the one-time code on the credential slip; and
// unlinking from the account page. Wrong codes count towards the address's lockout like wrong passwords.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestFacts } from '../../../web/actor.ts';
import { notFound } from '../../../web/errors.ts';
import { flash } from '../../../web/render.ts';
import { lockedMessage } from '../login.ts';
import { loadAccountFacts, recentFailuresFromAddress, recordAuthEvent } from '../queries.ts';
import { LOCKOUT, lockedUntil } from '../rules.ts';
import type { OidcProvider } from './config.ts';
import { linkCodeProblem, normalizeLinkCode } from './link-codes.ts';
import { identitiesOf, linkIdentity, releaseLinkCode, unlinkIdentity, useLinkCode } from './queries.ts';
import { passwordLoginAllowed } from './rules.ts';
import { logIn, providerIn, refuse, STALE, type OidcDeps } from './routes.ts';

const codeForm = z.object({ code: z.string().max(100).optional().default('') });

const CODE_MESSAGES = {
  format: 'Введите код с бланка паролей: 12 знаков, например KM7Q-2XPD-9BFR.',
  letters: 'В коде бывают только цифры от 2 до 9 и латинские согласные, кроме L (букв O, I и цифр 0, 1 в нём нет). Проверьте код по бланку паролей.',
  unknown: 'Код не подошёл. Проверьте его по бланку паролей (буквы латинские, без О и I).',
  used: 'Этот код уже использован. Попросите в школе новый бланк паролей — на нём будет новый код.',
  expired: 'Срок действия кода истёк. Попросите в школе новый бланк паролей — на нём будет новый код.',
  taken: 'К этой учётной записи уже привязан другой вход через этого поставщика. Обратитесь к администратору школы.',
} as const;

/** `value`: what was typed, shown again when only its form was wrong (a typo to fix, not a code to guess). */
function linkPage(reply: FastifyReply, p: OidcProvider, error: string | null, status = 200, value = '') {
  return reply.page('accounts/oidc-link', { title: 'Учётная запись не найдена', provider: p, error, value }, status);
}

/** Unlinking must not leave an account without a way in: a password its schools allow, or another linked provider. */
async function mayUnlink(db: OidcDeps['db'], accountId: string, providerId: string): Promise<boolean> {
  const facts = await loadAccountFacts(db, accountId);
  if (!facts || passwordLoginAllowed(facts, true)) return true;
  return (await identitiesOf(db, accountId)).some((i) => i.providerId !== providerId);
}

export function registerLinkRoutes(app: FastifyInstance, deps: OidcDeps): void {
  const { db } = deps;
  const pendingOf = (request: FastifyRequest) => {
    const pending = deps.cookies.pending(request, Date.now());
    const p = pending && deps.oidc.providers.find((x) => x.id === pending.provider);
    return pending && p ? { pending, p } : undefined;
  };

  app.get('/login/oidc/link', { config: { access: 'public' } }, async (request, reply) => {
    const found = pendingOf(request);
    if (!found) return refuse(deps, request, reply, 'link: no pending identity', STALE);
    return linkPage(reply, found.p, null);
  });

  app.post('/login/oidc/link', {
    config: { access: 'public', rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const found = pendingOf(request);
    if (!found) return refuse(deps, request, reply, 'link: no pending identity', STALE);
    const { pending, p } = found;
    const now = new Date();
    const locked = lockedUntil(await recentFailuresFromAddress(db, request.ip), LOCKOUT.perAddress, now);
    if (locked) return linkPage(reply, p, lockedMessage(locked, now), 429);
    const form = codeForm.safeParse(request.body);
    const code = form.success ? normalizeLinkCode(form.data.code) : null;
    if (!code) {
      const typed = form.success ? form.data.code : '';
      return failed(request, reply, p, linkCodeProblem(typed) ?? 'format', 422, undefined, typed);
    }
    const check = await useLinkCode(db, code, now);
    if (check.kind !== 'ok') return failed(request, reply, p, check.kind, 400, check.accountId);
    const identity = { issuer: pending.issuer, subject: pending.subject, providerId: p.id, accountId: check.accountId, linkedBy: 'code' } as const;
    if (!(await linkIdentity(db, identity))) {
      await releaseLinkCode(db, check.accountId);
      return failed(request, reply, p, 'taken', 409, check.accountId);
    }
    await recordAuthEvent(db, { kind: 'oidc_linked', accountId: check.accountId, detail: `${p.id}: code` }, requestFacts(request));
    return logIn(deps, request, reply, check.accountId, p, pending.next);
  });

  async function failed(
    request: FastifyRequest, reply: FastifyReply, p: OidcProvider, why: keyof typeof CODE_MESSAGES, status: number, accountId?: string,
    typed = '',
  ) {
    await recordAuthEvent(db, { kind: 'oidc_link_failed', accountId: accountId ?? null, detail: `${p.id}: ${why}` }, requestFacts(request));
    return linkPage(reply, p, CODE_MESSAGES[why], status, typed);
  }

  app.post('/account/identities/:provider/unlink', { config: { access: 'account' } }, async (request, reply) => {
    const p = providerIn(deps, request.params);
    if (!p) return notFound(reply);
    const actor = request.actor!;
    if (!(await mayUnlink(db, actor.accountId, p.id))) {
      flash(reply, 'error', `Нельзя отвязать ${p.name}: в вашей школе вход по паролю запрещён, и это ваш единственный способ войти.`);
      return reply.redirect('/account', 303);
    }
    const gone = await unlinkIdentity(db, actor.accountId, p.id);
    if (gone) {
      const ev = { kind: 'oidc_unlinked', accountId: actor.accountId, login: actor.login, detail: p.id } as const;
      await recordAuthEvent(db, ev, requestFacts(request));
      flash(reply, 'ok', `Вход через ${p.name} отвязан. Чтобы снова входить через ${p.name}, привяжите его заново.`);
    }
    return reply.redirect('/account', 303);
  });
}
