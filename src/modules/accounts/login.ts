import type { Db } from '../../db/client.ts';
import { loadAccountFacts, loginFacts, mayEnter, recordAuthEvent, type AccountFacts, type RequestFacts } from './queries.ts';
import { LOCKOUT, lockedUntil, minutesLeft, normalizeLogin } from './rules.ts';
import { verifyPassword } from './passwords.ts';
import { afterPasswordStep, twoFactorState } from './two-factor/rules.ts';
import { passwordLoginAllowed } from './oidc/rules.ts';

export const GENERIC_FAILURE = 'Неверный логин или пароль.';

/** A right password: the account, and whether a code is still to come ('code') or enrollment must come first ('enroll'). */
export type LoginResult =
  | { ok: true; accountId: string; login: string; facts: AccountFacts; next: 'code' | 'enroll' | 'none' }
  | { ok: false; status: 401 | 403 | 429; message: string };

export function lockedMessage(until: Date, now: Date): string {
  return `Слишком много неудачных попыток входа. Попробуйте снова через ${minutesLeft(until, now)} мин.`;
}

/**
 * Checks a login and password. One generic message for an unknown login or a wrong password;
 * lockouts per login and per address come from the recent failures in auth_events.
 */
export async function attemptLogin(
  db: Db, rawLogin: string, password: string, req: RequestFacts, now = new Date(), providerNames: readonly string[] = [],
): Promise<LoginResult> {
  const login = normalizeLogin(rawLogin);
  const { fromAddress, ofLogin: loginFailures, account } = await loginFacts(db, login, req.ip);
  const byAddress = lockedUntil(fromAddress, LOCKOUT.perAddress, now);
  if (byAddress) {
    await recordAuthEvent(db, { kind: 'login_locked', login, detail: 'address' }, req);
    return { ok: false, status: 429, message: lockedMessage(byAddress, now) };
  }
  const byLogin = lockedUntil(loginFailures, LOCKOUT.perLogin, now);
  if (byLogin) {
    await recordAuthEvent(db, { kind: 'login_locked', login, detail: 'login' }, req);
    return { ok: false, status: 429, message: lockedMessage(byLogin, now) };
  }
  const passwordOk = await verifyPassword(account?.passwordHash, password);
  if (!account || !passwordOk) {
    await recordAuthEvent(db, { kind: 'login_failed', login, accountId: account?.id ?? null }, req);
    const nowLocked = lockedUntil([now, ...loginFailures], LOCKOUT.perLogin, now);
    if (nowLocked) {
      await recordAuthEvent(db, { kind: 'login_locked', login, accountId: account?.id ?? null, detail: 'login' }, req);
      return { ok: false, status: 429, message: lockedMessage(nowLocked, now) };
    }
    return { ok: false, status: 401, message: GENERIC_FAILURE };
  }
  return admitAccount(db, account, req, { passwordProviders: providerNames });
}

/**
 * The steps after the account is known (a right password, or a linked identity at a provider — `via` names it in the
 * audit): blocked accounts are refused, the second factor is still asked when the account has one (the provider's own
 * assurance is unknown to us; the school's rule for staff stands), and the login is recorded.
 */
export async function admitAccount(
  db: Db, account: { id: string; login: string; disabledAt: Date | null }, req: RequestFacts,
  opts: { via?: string; passwordProviders?: readonly string[] },
): Promise<LoginResult> {
  const via = opts.via;
  const login = account.login;
  // The facts are read after the password: an account blocked meanwhile is refused too (mayEnter).
  const facts = account.disabledAt ? undefined : await loadAccountFacts(db, account.id);
  if (!facts || !mayEnter(facts)) {
    await recordAuthEvent(db, { kind: 'login_failed', login, accountId: account.id, detail: via ? `${via}; disabled` : 'disabled' }, req);
    return { ok: false, status: 403, message: 'Учётная запись заблокирована. Обратитесь к администратору школы.' };
  }
  const providers = opts.passwordProviders ?? [];
  if (!via && !passwordLoginAllowed(facts, providers.length > 0)) {
    await recordAuthEvent(db, { kind: 'password_login_refused', login, accountId: account.id }, req);
    return { ok: false, status: 403, message: `В вашей школе вход только через ${providers.join(' или ')}: нажмите «Войти через …» ниже.` };
  }
  const next = afterPasswordStep(twoFactorState(facts));
  // With a second factor the login is not complete yet: 'password_ok' does not reset the failure count, 'login_ok' would.
  const kind = next === 'code' ? 'password_ok' : 'login_ok';
  await recordAuthEvent(db, { kind, login, accountId: account.id, ...(via ? { detail: via } : {}) }, req);
  return { ok: true, accountId: account.id, login, facts, next };
}
