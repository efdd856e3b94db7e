// «Профиль» → «Двухфакторный вход»: enrolling (QR code, secret, a code to confirm, recovery codes shown once),
// new recovery codes, turning it off where no school requires it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.ts';
import { requestFacts } from '../../../web/actor.ts';
import { parseForm, safeNext } from '../../../web/forms.ts';
import { flash } from '../../../web/render.ts';
import type { Actor } from '../../../web/types.ts';
import { recordAuthEvent } from '../queries.ts';
import { codeForm } from './forms.ts';
import { attemptCode } from './login-code.ts';
import { countUnusedRecoveryCodes, disableTwoFactor, enableTwoFactor, getTwoFactor, replaceRecoveryCodes } from './queries.ts';
import { generateRecoveryCodes, toStored } from './recovery.ts';
import { classifyCode, decideStep, formatRecoveryCode, formatSecret, totpStep } from './rules.ts';
import { open, seal, type SecretKey } from './secret-box.ts';
import { matchingStep, newTotpSecret, otpauthUri, qrDataUrl } from './totp.ts';

const PAGE = '/account/two-factor';
const ENROLL = { config: { access: 'account' as const, duringEnrollment: true } };
/**
 * Confirmed with a code: a wrong one is recorded as a failed login (auth_events) in a 401/429 answer, which the request's
 * tenant transaction would roll back — so no request transaction (global tables only: accounts, recovery_codes, auth_events).
 */
const WITH_CODE = { config: { access: 'account' as const, tx: 'manual' as const } };
const TITLE = 'Двухфакторный вход';

function queryNext(request: FastifyRequest): string {
  const v = (request.query as Record<string, unknown> | undefined)?.next;
  return safeNext(typeof v === 'string' ? v : undefined);
}

const forbidden = (reply: FastifyReply) => reply.page('errors/forbidden', { title: 'Доступ запрещён' }, 403);

/** The secret being enrolled: the one in the session (a reload shows the same QR code), or a new one kept there. */
function pendingSecret(request: FastifyRequest, box: SecretKey, actor: Actor): string {
  const kept = request.session.pendingTotp ? open(box, request.session.pendingTotp, actor.accountId) : null;
  if (kept) return kept;
  const secret = newTotpSecret();
  request.session.pendingTotp = seal(box, secret, actor.accountId);
  return secret;
}

async function renderEnroll(request: FastifyRequest, reply: FastifyReply, box: SecretKey, next: string, errors: Record<string, string> = {}, status = 200) {
  const actor = request.actor!;
  const secret = pendingSecret(request, box, actor);
  const uri = otpauthUri(secret, actor.login);
  return reply.page('accounts/two-factor', {
    title: TITLE, state: 'enroll', qr: await qrDataUrl(uri), secret: formatSecret(secret), next, errors, required: actor.twoFactor.required,
  }, status);
}

async function renderStatus(db: Db, request: FastifyRequest, reply: FastifyReply, errors: Record<string, string> = {}, status = 200) {
  const actor = request.actor!;
  const [factor, codesLeft] = await Promise.all([getTwoFactor(db, actor.accountId), countUnusedRecoveryCodes(db, actor.accountId)]);
  return reply.page('accounts/two-factor', {
    title: TITLE, state: 'on', enabledAt: factor?.enabledAt ?? null, codesLeft, required: actor.twoFactor.required, errors,
  }, status);
}

function renderCodes(reply: FastifyReply, codes: readonly string[], next: string, renewed: boolean) {
  return reply.page('accounts/two-factor-codes', { title: 'Коды восстановления', codes: codes.map(formatRecoveryCode), next, renewed });
}

export function registerTwoFactorAccountRoutes(app: FastifyInstance, deps: { db: Db; secretKey: SecretKey }): void {
  const { db, secretKey: box } = deps;

  app.get(PAGE, ENROLL, async (request, reply) => {
    const actor = request.actor!;
    if (!actor.twoFactor.offered) return forbidden(reply);
    return actor.twoFactor.enabled ? renderStatus(db, request, reply) : renderEnroll(request, reply, box, queryNext(request));
  });

  app.post(PAGE, ENROLL, async (request, reply) => {
    const actor = request.actor!;
    if (!actor.twoFactor.offered) return forbidden(reply);
    if (actor.twoFactor.enabled) return reply.redirect(PAGE, 303);
    const form = parseForm(codeForm, request.body);
    const next = safeNext(form.ok ? form.data.next : form.values.next);
    if (!form.ok) return renderEnroll(request, reply, box, next, form.errors, 422);
    const sealed = request.session.pendingTotp;
    const secret = sealed ? open(box, sealed, actor.accountId) : null;
    const input = classifyCode(form.data.code);
    if (!sealed || !secret || input.kind !== 'totp') {
      return renderEnroll(request, reply, box, next, { code: 'Введите 6 цифр, которые приложение показывает сейчас.' }, 422);
    }
    const nowMs = Date.now(); // real time, as on the phone (web/clock.ts: security timers keep real time)
    const decision = decideStep({ matchedStep: matchingStep(secret, input.code, nowMs), currentStep: totpStep(nowMs), lastUsedStep: null });
    if (!decision.ok) {
      return renderEnroll(request, reply, box, next, {
        code: 'Код не подошёл. Проверьте, что время на телефоне верное, и введите код, который приложение показывает сейчас.',
      }, 422);
    }
    const codes = generateRecoveryCodes();
    const enabled = await enableTwoFactor(db, { accountId: actor.accountId, sealedSecret: sealed, step: decision.step, codes: toStored(codes) });
    request.session.pendingTotp = undefined;
    if (!enabled) return reply.redirect(PAGE, 303);
    await recordAuthEvent(db, { kind: 'two_factor_enabled', accountId: actor.accountId, login: actor.login }, requestFacts(request));
    return renderCodes(reply, codes, next, false);
  });

  app.post(`${PAGE}/recovery-codes`, WITH_CODE, async (request, reply) => {
    const actor = request.actor!;
    if (!actor.twoFactor.offered) return forbidden(reply);
    if (!actor.twoFactor.enabled) return reply.redirect(PAGE, 303);
    const checked = await confirmWithCode(db, box, request);
    if (!checked.ok) return renderStatus(db, request, reply, { renew: checked.message }, checked.status);
    const codes = generateRecoveryCodes();
    await replaceRecoveryCodes(db, actor.accountId, toStored(codes));
    await recordAuthEvent(db, { kind: 'recovery_codes_renewed', accountId: actor.accountId, login: actor.login }, requestFacts(request));
    return renderCodes(reply, codes, '/account', true);
  });

  app.post(`${PAGE}/disable`, WITH_CODE, async (request, reply) => {
    const actor = request.actor!;
    if (!actor.twoFactor.offered) return forbidden(reply);
    if (!actor.twoFactor.enabled) return reply.redirect(PAGE, 303);
    if (actor.twoFactor.required) {
      flash(reply, 'error', 'В вашей школе двухфакторный вход обязателен: отключить его нельзя. Потеряли телефон — обратитесь к администратору.');
      return reply.redirect(PAGE, 303);
    }
    const checked = await confirmWithCode(db, box, request);
    if (!checked.ok) return renderStatus(db, request, reply, { disable: checked.message }, checked.status);
    await disableTwoFactor(db, actor.accountId);
    await recordAuthEvent(db, { kind: 'two_factor_disabled', accountId: actor.accountId, login: actor.login }, requestFacts(request));
    flash(reply, 'ok', 'Двухфакторный вход отключён.');
    return reply.redirect(PAGE, 303);
  });
}

/**
 * A current code (or a recovery code) confirms a change of the factor itself. The same checks as at login: a wrong
 * code counts towards the login's lockout, so a borrowed session cannot guess its way to new recovery codes.
 */
async function confirmWithCode(db: Db, box: SecretKey, request: FastifyRequest) {
  const actor = request.actor!;
  const form = parseForm(codeForm, request.body);
  if (!form.ok) return { ok: false as const, status: 422 as const, message: form.errors.code ?? 'Введите код.' };
  return attemptCode(db, box, { accountId: actor.accountId, login: actor.login }, form.data.code, requestFacts(request));
}
