// The second step of a login: the code from the app (or a recovery code) after a correct password.
// The same lockouts as the password: a wrong code is a failure of the login and of the address (auth_events).
import type { Db } from '../../../db/client.ts';
import { loadAccountFacts, loginFacts, mayEnter, recordAuthEvent, type RequestFacts } from '../queries.ts';
import { LOCKOUT, lockedUntil, minutesLeft } from '../rules.ts';
import { acceptStep, getTwoFactor, spendRecoveryCode, unusedRecoveryCodes } from './queries.ts';
import { findRecoveryCode } from './recovery.ts';
import { classifyCode, decideStep, totpStep, type StepDecision } from './rules.ts';
import { open, type SecretKey } from './secret-box.ts';
import { matchingStep } from './totp.ts';

export const WRONG_CODE = 'Неверный код. Введите код, который приложение показывает сейчас, или один из кодов восстановления.';
export const REPLAYED_CODE = 'Этот код уже использован. Дождитесь следующего кода в приложении.';
export const MALFORMED_CODE = 'Введите 6 цифр из приложения или код восстановления (12 знаков).';

export type CodeResult =
  | { ok: true; via: 'totp' | 'recovery'; recoveryLeft: number | null }
  | { ok: false; status: 401 | 403 | 422 | 429; message: string; restart?: boolean };

export type PendingLogin = { accountId: string; login: string };

const locked = (until: Date, now: Date): CodeResult => ({
  ok: false, status: 429, restart: true,
  message: `Слишком много неудачных попыток входа. Попробуйте снова через ${minutesLeft(until, now)} мин.`,
});

/** Checks the code typed at the second step. `now` is real time (lockouts and TOTP both follow the real clock). */
export async function attemptCode(db: Db, box: SecretKey, pending: PendingLogin, raw: string, req: RequestFacts, now = new Date()): Promise<CodeResult> {
  const input = classifyCode(raw);
  if (input.kind === 'malformed') return { ok: false, status: 422, message: MALFORMED_CODE };
  const who = { login: pending.login, accountId: pending.accountId };
  const { fromAddress, ofLogin: failures } = await loginFacts(db, pending.login, req.ip);
  const byAddress = lockedUntil(fromAddress, LOCKOUT.perAddress, now);
  if (byAddress) {
    await recordAuthEvent(db, { kind: 'login_locked', ...who, detail: 'address' }, req);
    return locked(byAddress, now);
  }
  const byLogin = lockedUntil(failures, LOCKOUT.perLogin, now);
  if (byLogin) {
    await recordAuthEvent(db, { kind: 'login_locked', ...who, detail: 'login' }, req);
    return locked(byLogin, now);
  }
  const factor = await getTwoFactor(db, pending.accountId);
  if (!factor?.enabledAt || !factor.sealedSecret) return { ok: false, status: 401, restart: true, message: 'Войдите снова.' };
  const facts = factor.disabledAt ? undefined : await loadAccountFacts(db, pending.accountId);
  if (!facts || !mayEnter(facts)) {
    await recordAuthEvent(db, { kind: 'login_failed', ...who, detail: 'disabled' }, req);
    return { ok: false, status: 403, restart: true, message: 'Учётная запись заблокирована. Обратитесь к администратору школы.' };
  }
  const verdict = input.kind === 'totp'
    ? await checkTotp(db, box, pending.accountId, factor, input.code, now.getTime())
    : await checkRecovery(db, pending.accountId, input.code);
  if (!verdict.ok) {
    await recordAuthEvent(db, { kind: 'totp_failed', ...who, detail: input.kind === 'totp' ? verdict.reason : 'recovery' }, req);
    const nowLocked = lockedUntil([now, ...failures], LOCKOUT.perLogin, now);
    if (nowLocked) {
      await recordAuthEvent(db, { kind: 'login_locked', ...who, detail: 'login' }, req);
      return locked(nowLocked, now);
    }
    return { ok: false, status: 401, message: verdict.reason === 'replayed' ? REPLAYED_CODE : WRONG_CODE };
  }
  if (input.kind === 'totp') {
    await recordAuthEvent(db, { kind: 'totp_ok', ...who }, req);
    return { ok: true, via: 'totp', recoveryLeft: null };
  }
  const left = (await unusedRecoveryCodes(db, pending.accountId)).length;
  await recordAuthEvent(db, { kind: 'recovery_code_used', ...who, detail: `${left} left` }, req);
  return { ok: true, via: 'recovery', recoveryLeft: left };
}

async function checkTotp(db: Db, box: SecretKey, accountId: string, factor: { sealedSecret: string | null; lastStep: number | null }, code: string, nowMs: number): Promise<StepDecision> {
  // A secret that no longer decrypts (SESSION_SECRET changed) matches no code: a recovery code or the admin's reset helps.
  const secret = factor.sealedSecret ? open(box, factor.sealedSecret, accountId) : null;
  const matchedStep = secret ? matchingStep(secret, code, nowMs) : null;
  const decision = decideStep({ matchedStep, currentStep: totpStep(nowMs), lastUsedStep: factor.lastStep });
  if (!decision.ok) return decision;
  return (await acceptStep(db, accountId, decision.step)) ? decision : { ok: false, reason: 'replayed' };
}

async function checkRecovery(db: Db, accountId: string, code: string): Promise<{ ok: true } | { ok: false; reason: 'wrong' }> {
  const found = findRecoveryCode(code, await unusedRecoveryCodes(db, accountId));
  return found && (await spendRecoveryCode(db, accountId, found.ordinal)) ? { ok: true } : { ok: false, reason: 'wrong' };
}
