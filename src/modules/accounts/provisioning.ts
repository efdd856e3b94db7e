// Issuing accounts with one-time passwords, resetting passwords, blocking and unblocking a member, changing roles.
// A one-time password lives only in the value returned to the handler (shown once); the database keeps its hash.
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import type { RequestFacts } from './queries.ts';
import { accounts, authEvents, memberships, sessions } from './schema.ts';
import { generateOneTimePassword, hashPassword, hashPasswords } from './passwords.ts';
import { accountReach } from './members.ts';
import { passwordResetProblem, type SchoolRole } from './rules.ts';
import { loginBase, stripSuffix, uniqueLogin } from './translit.ts';
import { generateLinkCode } from './oidc/link-codes.ts';
import { replaceLinkCode } from './oidc/queries.ts';

export type PersonRef = { kind: 'staff' | 'guardian' | 'student'; id: string; lastName: string; firstName: string; middleName: string | null };
export type AccountRequest = { person: PersonRef; roles: SchoolRole[]; login?: string };
/** What a slip needs: the person links and roles of the membership, the login and the one-time password. */
export type Credential = {
  /** linkCode: the slip's one-time code that links a provider's account (oidc/), stored as a hash in the same transaction. */
  membershipId: string; fullName: string; login: string; password: string; linkCode: string; roles: readonly SchoolRole[];
  links: { staffId: string | null; guardianId: string | null; studentId: string | null };
};

export class LoginTakenError extends Error {}

const fio = (p: PersonRef) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const linkColumn = { staff: memberships.staffId, guardian: memberships.guardianId, student: memberships.studentId } as const;
const linkKey = { staff: 'staffId', guardian: 'guardianId', student: 'studentId' } as const;

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Runs fn again when a concurrent request took the same login or card first (unique violation). */
async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isUniqueViolation(err)) throw err;
    }
  }
}

/** The people (of these requests) that already have a membership in the school. */
async function alreadyLinked(tx: Tx, schoolId: string, requests: readonly AccountRequest[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const kind of ['staff', 'guardian', 'student'] as const) {
    const ids = requests.filter((r) => r.person.kind === kind).map((r) => r.person.id);
    if (ids.length === 0) continue;
    const col = linkColumn[kind];
    const rows = await tx.select({ id: col }).from(memberships).where(and(eq(memberships.schoolId, schoolId), inArray(col, ids)));
    rows.forEach((r) => r.id && out.add(`${kind}:${r.id}`));
  }
  return out;
}

/** Logins in use that a suggested login could collide with (the bases with any numeric suffix). */
async function takenLogins(tx: Db | Tx, bases: readonly string[]): Promise<Set<string>> {
  if (bases.length === 0) return new Set();
  const rows = await tx.select({ login: accounts.login }).from(accounts)
    .where(inArray(sql`regexp_replace(${accounts.login}, '[0-9]+$', '')`, [...new Set(bases)]));
  return new Set(rows.map((r) => r.login));
}

/** The login offered for a person: the transliterated name, with a number when taken. */
export async function suggestLogin(db: Db, person: { lastName: string; firstName: string; middleName: string | null }): Promise<string> {
  const base = loginBase(person);
  return uniqueLogin(base, await takenLogins(db, [base]));
}

export async function loginInUse(db: Db, login: string): Promise<boolean> {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login)).limit(1);
  return rows.length > 0;
}

/**
 * Creates an account and a membership for each person that has none in this school yet (others are skipped),
 * in one transaction with an audit row each. Logins: the one given, or the transliterated name made unique.
 * Throws LoginTakenError when a login given by hand is in use.
 */
export async function issueAccounts(db: Db, ctx: AuditContext, requests: readonly AccountRequest[]): Promise<Credential[]> {
  const passwords = requests.map(() => generateOneTimePassword());
  const hashes = await hashPasswords(passwords);
  return retryOnConflict(() => withSchool(db, ctx.schoolId, async (tx) => {
    const linked = await alreadyLinked(tx, ctx.schoolId, requests);
    const todo = requests.map((r, i) => ({ r, i })).filter(({ r }) => !linked.has(`${r.person.kind}:${r.person.id}`));
    const bases = todo.map(({ r }) => r.login ?? loginBase(r.person));
    const taken = await takenLogins(tx, bases.map(stripSuffix));
    const out: Credential[] = [];
    for (const [n, { r, i }] of todo.entries()) {
      let login = bases[n]!;
      if (r.login !== undefined) {
        if (taken.has(login)) throw new LoginTakenError(login);
      } else {
        login = uniqueLogin(login, taken);
      }
      taken.add(login);
      const fullName = fio(r.person);
      const [account] = await tx.insert(accounts).values({ login, fullName, passwordHash: hashes[i]!, mustChangePassword: true })
        .returning({ id: accounts.id });
      const [m] = await tx.insert(memberships).values({ schoolId: ctx.schoolId, accountId: account!.id, roles: r.roles, [linkKey[r.person.kind]]: r.person.id })
        .returning({ id: memberships.id });
      await writeAudit(tx, ctx, { entity: 'account', entityId: m!.id, action: 'created', newValue: { login, roles: r.roles, [linkKey[r.person.kind]]: r.person.id } });
      const links = { staffId: null, guardianId: null, studentId: null, [linkKey[r.person.kind]]: r.person.id };
      const linkCode = generateLinkCode();
      await replaceLinkCode(tx, account!.id, linkCode, new Date());
      out.push({ membershipId: m!.id, fullName, login, password: passwords[i]!, linkCode, roles: r.roles, links });
    }
    return out;
  }));
}

type AuthKind = 'password_reset' | 'account_disabled' | 'account_enabled' | 'sessions_ended_by_admin';

/** A login-journal event of the admin's action on a member of this school, in the caller's transaction. */
export async function authEvent(tx: Tx, ctx: AuditContext, req: RequestFacts, ev: { kind: AuthKind; accountId: string; login: string; detail: string }) {
  await tx.insert(authEvents).values({
    kind: ev.kind, login: ev.login, accountId: ev.accountId, schoolId: ctx.schoolId,
    ip: req.ip, userAgent: req.userAgent?.slice(0, 300) ?? null, requestId: req.requestId, detail: ev.detail,
  });
}

/** Ends every session of the account (all its schools and devices); how many there were. */
export async function endSessions(tx: Tx, accountId: string): Promise<number> {
  const rows = await tx.delete(sessions).where(eq(sessions.accountId, accountId)).returning({ sid: sessions.sid });
  return rows.length;
}

export type MemberRef = { membershipId: string; accountId: string; login: string };

/**
 * A new one-time password (to be changed at next login); every session of the account ends. The one place a school sets
 * a new password for an existing account: refused (nothing changes) for an account of another school too, or an operator.
 */
export async function resetPassword(
  db: Db, ctx: AuditContext, req: RequestFacts, m: MemberRef, actorLogin: string,
): Promise<{ ok: true; password: string; linkCode: string } | { ok: false; message: string }> {
  const password = generateOneTimePassword();
  const linkCode = generateLinkCode(); // a new slip: the previous slip's link code stops working
  const passwordHash = await hashPassword(password);
  const problem = await withSchool(db, ctx.schoolId, async (tx) => {
    const refused = passwordResetProblem(await accountReach(tx, m.accountId), ctx.schoolId);
    if (refused) return refused;
    await tx.update(accounts).set({ passwordHash, mustChangePassword: true, passwordChangedAt: sql`now()` }).where(eq(accounts.id, m.accountId));
    const ended = await endSessions(tx, m.accountId);
    await replaceLinkCode(tx, m.accountId, linkCode, new Date());
    await writeAudit(tx, ctx, { entity: 'account', entityId: m.membershipId, action: 'password_reset', newValue: { login: m.login, sessionsEnded: ended } });
    await authEvent(tx, ctx, req, { kind: 'password_reset', accountId: m.accountId, login: m.login, detail: `${ended} sessions, by ${actorLogin}` });
    return null;
  });
  return problem ? { ok: false, message: problem } : { ok: true, password, linkCode };
}

/** Blocks (or unblocks) the member in this school; blocking ends all the account's sessions at once. False when nothing changed. */
export async function setDisabled(db: Db, ctx: AuditContext, req: RequestFacts, m: MemberRef, disabled: boolean, actorLogin: string): Promise<boolean> {
  return withSchool(db, ctx.schoolId, (tx) => setDisabledTx(tx, ctx, req, m, disabled, actorLogin));
}

/** setDisabled in the caller's transaction; `reason` goes on the audit row (the compromise response gives one). */
export async function setDisabledTx(
  tx: Tx, ctx: AuditContext, req: RequestFacts, m: MemberRef, disabled: boolean, actorLogin: string, reason: string | null = null,
): Promise<boolean> {
  const rows = await tx.update(memberships)
    .set({ disabledAt: disabled ? sql`now()` : null })
    .where(and(eq(memberships.schoolId, ctx.schoolId), eq(memberships.id, m.membershipId), disabled ? isNull(memberships.disabledAt) : isNotNull(memberships.disabledAt)))
    .returning({ id: memberships.id });
  if (rows.length === 0) return false;
  const ended = disabled ? await endSessions(tx, m.accountId) : 0;
  await writeAudit(tx, ctx, {
    entity: 'account', entityId: m.membershipId, action: disabled ? 'disabled' : 'enabled',
    oldValue: { disabled: !disabled }, newValue: { disabled, login: m.login, ...(disabled ? { sessionsEnded: ended } : {}) }, reason,
  });
  await authEvent(tx, ctx, req, {
    kind: disabled ? 'account_disabled' : 'account_enabled', accountId: m.accountId, login: m.login,
    detail: disabled ? `${ended} sessions, by ${actorLogin}` : `by ${actorLogin}`,
  });
  return true;
}

/** Stores new roles of a membership, audited with the old ones. */
export async function changeRoles(db: Db, ctx: AuditContext, m: { membershipId: string; roles: readonly string[] }, roles: SchoolRole[]): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    await tx.update(memberships).set({ roles }).where(and(eq(memberships.schoolId, ctx.schoolId), eq(memberships.id, m.membershipId)));
    await writeAudit(tx, ctx, { entity: 'account', entityId: m.membershipId, action: 'roles_changed', oldValue: { roles: m.roles }, newValue: { roles } });
  });
}

/**
 * Links a staff card to an account that is already a member of this school without a staff card
 * (a parent who also works here): one membership with both links and both kinds of roles.
 */
export async function linkStaffCard(db: Db, ctx: AuditContext, p: { staffId: string; login: string; roles: SchoolRole[] }): Promise<'linked' | 'no-member' | 'has-card'> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [m] = await tx.select({ id: memberships.id, roles: memberships.roles, staffId: memberships.staffId })
      .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(and(eq(memberships.schoolId, ctx.schoolId), eq(accounts.login, p.login))).limit(1);
    if (!m) return 'no-member';
    if (m.staffId) return 'has-card';
    const roles = [...new Set([...p.roles, ...m.roles])] as SchoolRole[];
    await tx.update(memberships).set({ staffId: p.staffId, roles }).where(and(eq(memberships.schoolId, ctx.schoolId), eq(memberships.id, m.id)));
    await writeAudit(tx, ctx, { entity: 'account', entityId: m.id, action: 'staff_linked', oldValue: { roles: m.roles }, newValue: { roles, staffId: p.staffId, login: p.login } });
    return 'linked';
  });
}

/**
 * The platform operator's reset (command line): a new one-time password for any account — one that is in several schools
 * or an operator's — every session ended, an auth event without a school. Undefined for an unknown login.
 */
export async function operatorResetPassword(db: Db, login: string): Promise<{ login: string; password: string } | undefined> {
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id, login: accounts.login }).from(accounts)
      .where(sql`lower(${accounts.login}) = lower(${login})`).for('update');
    if (!account) return undefined;
    await tx.update(accounts).set({ passwordHash, mustChangePassword: true, passwordChangedAt: sql`now()` }).where(eq(accounts.id, account.id));
    const ended = await endSessions(tx, account.id);
    await tx.insert(authEvents).values({ kind: 'password_reset', login: account.login, accountId: account.id, schoolId: null, detail: `${ended} sessions, by the operator (command line)` });
    return { login: account.login, password };
  });
}
