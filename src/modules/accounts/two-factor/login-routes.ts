// The login's second step «Код из приложения»: after a right password of an account with a second factor.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.ts';
import { requestFacts } from '../../../web/actor.ts';
import { parseForm, safeNext } from '../../../web/forms.ts';
import { flash } from '../../../web/render.ts';
import { loadAccountFacts, recordAuthEvent } from '../queries.ts';
import { afterLogin, pendingLoginOf, startSession } from '../session.ts';
import { codeForm } from './forms.ts';
import { attemptCode } from './login-code.ts';
import type { SecretKey } from './secret-box.ts';

/** Recovery codes left at or below this: the next page reminds to get new ones. */
const FEW_CODES_LEFT = 3;

function renderCode(reply: FastifyReply, errors: Record<string, string>, status = 200) {
  return reply.page('accounts/login-code', { title: 'Код из приложения', errors }, status);
}

/** Forgets the pending login (the session row goes with it: it holds no account). */
function dropPending(request: FastifyRequest): void {
  if (request.session) request.session.pendingLogin = undefined;
}

export function registerLoginCodeRoutes(app: FastifyInstance, deps: { db: Db; secretKey: SecretKey; loginRateLimit: number }): void {
  const { db, secretKey } = deps;

  app.get('/login/code', { config: { access: 'public' } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    if (!pendingLoginOf(request)) {
      const stale = request.session?.pendingLogin !== undefined;
      dropPending(request);
      return reply.redirect(stale ? '/login?ended=code' : '/login', 303);
    }
    return renderCode(reply, {});
  });

  app.post('/login/code', {
    config: { access: 'public', rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const pending = pendingLoginOf(request);
    if (!pending) {
      dropPending(request);
      return reply.redirect('/login?ended=code', 303);
    }
    const form = parseForm(codeForm, request.body);
    if (!form.ok) return renderCode(reply, form.errors, 422);
    const result = await attemptCode(db, secretKey, pending, form.data.code, requestFacts(request));
    if (!result.ok) {
      if (result.restart) dropPending(request);
      return result.restart && result.status === 401
        ? reply.redirect('/login', 303)
        : renderCode(reply, { code: result.message, ...(result.restart ? { _restart: '1' } : {}) }, result.status);
    }
    const facts = await loadAccountFacts(db, pending.accountId);
    if (!facts) return reply.redirect('/login', 303);
    await startSession(request, facts);
    await recordAuthEvent(db, { kind: 'login_ok', login: pending.login, accountId: pending.accountId, detail: result.via }, requestFacts(request));
    if (result.recoveryLeft !== null && result.recoveryLeft <= FEW_CODES_LEFT) {
      flash(reply, 'error', `Осталось кодов восстановления: ${result.recoveryLeft}. Получите новые: «Профиль» → «Двухфакторный вход».`);
    }
    return reply.redirect(afterLogin(facts, safeNext(pending.next)), 303);
  });
}
