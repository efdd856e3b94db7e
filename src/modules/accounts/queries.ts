import { and, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { schools } from '../platform/schema.ts';
import { accounts, authEvents, FAILURE_KINDS, isFailureKind, operators, sessions } from './schema.ts';
import type { Role, SchoolRole } from './rules.ts';
import { asPolicy, type TwoFactorPolicy } from './two-factor/rules.ts';
import { asPasswordLoginPolicy, type PasswordLoginPolicy } from './oidc/rules.ts';

export async function findAccountById(db: Db, id: string) {
  const rows = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return rows[0];
}

/** Who the account is in a school: its staff card, guardian card, student card (any may be null). */
export type PersonLinks = { staffId: string | null; guardianId: string | null; studentId: string | null };

export type AccountFacts = {
  id: string;
  login: string;
  fullName: string;
  mustChangePassword: boolean;
  disabled: boolean;
  isOperator: boolean;
  /** The second factor (TOTP) is confirmed and on. */
  totpEnabled: boolean;
  memberships: Array<{
    schoolId: string;
    schoolName: string;
    timeZone: string;
    roles: SchoolRole[];
    person: PersonLinks;
    /** The school's «Двухфакторный вход обязателен». */
    policy: TwoFactorPolicy;
    /** The school's «Вход по паролю» (oidc/rules.ts). */
    passwordLogin: PasswordLoginPolicy;
    limits: { staffIdleMinutes: number; staffMaxHours: number; familyIdleDays: number; familyMaxDays: number };
  }>;
};

type MembershipRow = {
  school_id: string; roles: string[]; staff_id: string | null; guardian_id: string | null; student_id: string | null;
  leads_class: boolean; school_name: string; time_zone: string; staff_idle_minutes: number; staff_max_hours: number;
  family_idle_days: number; family_max_days: number; two_factor_policy: string; password_login: string;
};

type AccountRow = {
  id: string; login: string; full_name: string; must_change_password: boolean; disabled_at: Date | string | null;
  totp_enabled_at: Date | string | null; is_operator: boolean; memberships: MembershipRow[];
};

/**
 * Everything the access hook needs about an account, in one statement and no transaction (it runs on every request):
 * the account, whether it is an operator, and its active memberships in every school with their schools' settings,
 * through `otmetka_account_memberships` — the one database function that reads an account's memberships past row-level
 * security, for the account id it is given (migration 0009).
 */
export async function loadAccountFacts(db: Db, accountId: string): Promise<AccountFacts | undefined> {
  const [row] = rowsOf<AccountRow>(await db.execute(sql`select ${accountFactsColumns} from ${accounts} a where a.id = ${accountId}`));
  return row ? toAccountFacts(row) : undefined;
}

/** The columns of an AccountRow, of the account `a` of the statement they are put in. */
const accountFactsColumns = sql`a.id, a.login, a.full_name, a.must_change_password,
      a.disabled_at, a.totp_enabled_at, exists (select 1 from ${operators} o where o.account_id = a.id) as is_operator,
      coalesce((select jsonb_agg(to_jsonb(m) || jsonb_build_object('school_name', s.name, 'time_zone', s.time_zone,
          'staff_idle_minutes', s.staff_idle_minutes, 'staff_max_hours', s.staff_max_hours, 'family_idle_days', s.family_idle_days,
          'family_max_days', s.family_max_days, 'two_factor_policy', s.two_factor_policy,
          'password_login', s.password_login) order by s.name)
        from otmetka_account_memberships(a.id) m join ${schools} s on s.id = m.school_id), '[]'::jsonb) as memberships`;

/**
 * A live session's stored data and its account's facts, in ONE statement (the session store's read on every request:
 * the access hook then needs no second round trip). Undefined when there is no such live session.
 */
export async function loadSessionWithFacts(db: Db, sid: string): Promise<{
  data: unknown; expiresAt: Date; facts: AccountFacts | undefined;
} | undefined> {
  type Row = AccountRow & { session_data: unknown; has_account: boolean; expires_at: Date | string };
  const [row] = rowsOf<Row>(await db.execute(sql`select ss.data as session_data, ss.expires_at,
      a.id is not null as has_account, ${accountFactsColumns}
    from ${sessions} ss left join ${accounts} a on a.id = ss.account_id
    where ss.sid = ${sid} and ss.expires_at > now() limit 1`));
  if (!row) return undefined;
  return {
    data: row.session_data, expiresAt: new Date(row.expires_at),
    facts: row.has_account ? toAccountFacts(row) : undefined,
  };
}

function toAccountFacts(row: AccountRow): AccountFacts {
  const ms = row.memberships.map((m) => ({
    schoolId: m.school_id, roles: m.roles, staffId: m.staff_id, guardianId: m.guardian_id, studentId: m.student_id,
    leadsClass: m.leads_class, schoolName: m.school_name, timeZone: m.time_zone, twoFactorPolicy: m.two_factor_policy,
    passwordLogin: m.password_login,
    staffIdleMinutes: Number(m.staff_idle_minutes), staffMaxHours: Number(m.staff_max_hours),
    familyIdleDays: Number(m.family_idle_days), familyMaxDays: Number(m.family_max_days),
  }));
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    mustChangePassword: row.must_change_password,
    disabled: row.disabled_at !== null,
    isOperator: row.is_operator,
    totpEnabled: row.totp_enabled_at !== null,
    memberships: ms.map((m) => ({
      schoolId: m.schoolId,
      schoolName: m.schoolName,
      timeZone: m.timeZone,
      roles: withClassTeacher(m.roles as SchoolRole[], m.leadsClass),
      person: { staffId: m.staffId, guardianId: m.guardianId, studentId: m.studentId },
      policy: asPolicy(m.twoFactorPolicy),
      passwordLogin: asPasswordLoginPolicy(m.passwordLogin),
      limits: {
        staffIdleMinutes: m.staffIdleMinutes,
        staffMaxHours: m.staffMaxHours,
        familyIdleDays: m.familyIdleDays,
        familyMaxDays: m.familyMaxDays,
      },
    })),
  };
}

/**
 * May the account log in: a platform operator, or a member of at least one school that has not blocked it. Read off its
 * facts, which hold only the active memberships (`otmetka_account_memberships`: `disabled_at is null`).
 */
export const mayEnter = (facts: AccountFacts): boolean => !facts.disabled && (facts.isOperator || facts.memberships.length > 0);

function withClassTeacher(roles: SchoolRole[], leadsClass: boolean): SchoolRole[] {
  return leadsClass && !roles.includes('classTeacher') ? [...roles, 'classTeacher'] : roles;
}

export type AuthEventKind =
  | 'login_ok' | 'login_failed' | 'login_locked' | 'logout' | 'logout_all' | 'session_expired'
  | 'password_changed' | 'school_switched' | 'sessions_ended_by_admin'
  // Two-factor login: the password was right and the code is awaited; the code's outcome; enrollment and resets.
  | 'password_ok' | 'totp_ok' | 'totp_failed' | 'recovery_code_used'
  | 'two_factor_enabled' | 'two_factor_disabled' | 'two_factor_reset' | 'recovery_codes_renewed'
  // A calendar app asked for a feed with a revoked or unknown link (modules/calendar/feed-route.ts).
  | 'calendar_feed_refused'
  // Sign-in through an identity provider (oidc/): refused (detail: provider and why), linked, unlinked, a wrong link code.
  | 'oidc_failed' | 'oidc_linked' | 'oidc_unlinked' | 'oidc_link_failed'
  // A right password of an account whose schools allow only a provider (not a failure: no lockout).
  | 'password_login_refused'
  // «Войти как ребёнок»: a parent's session switched to their child's student account, and back.
  | 'acting_as_child' | 'acting_as_child_ended';

export type RequestFacts = { ip: string; userAgent?: string | undefined; requestId: string };

export async function recordAuthEvent(
  db: Db,
  ev: { kind: AuthEventKind; login?: string | null; accountId?: string | null; schoolId?: string | null; detail?: string },
  req: RequestFacts,
) {
  await db.insert(authEvents).values({
    kind: ev.kind,
    login: ev.login ?? null,
    accountId: ev.accountId ?? null,
    schoolId: ev.schoolId ?? null,
    ip: req.ip,
    userAgent: req.userAgent?.slice(0, 300) ?? null,
    requestId: req.requestId,
    detail: ev.detail ?? null,
  });
}

const LOOKBACK = sql`now() - interval '15 minutes'`;

/** The login's failures and complete logins in the lockout window, newest first (failuresSinceSuccess reads them). */
const loginEventsQuery = (db: Db, login: string) => db
  .select({ at: authEvents.at, kind: authEvents.kind })
  .from(authEvents)
  .where(and(eq(authEvents.login, login), gt(authEvents.at, LOOKBACK), inArray(authEvents.kind, [...FAILURE_KINDS, 'login_ok'])))
  .orderBy(desc(authEvents.at))
  .limit(50);

/**
 * Failed logins (wrong password or wrong code) of a login in the lockout window after its last success, newest first, of
 * its events newest first. Only a complete login ('login_ok') resets the count: a right password of a two-factor account
 * ('password_ok') does not, or the password would buy five more code guesses each time.
 */
function failuresSinceSuccess(events: ReadonlyArray<{ at: Date; kind: string }>): Date[] {
  const out: Date[] = [];
  for (const e of events) {
    if (e.kind === 'login_ok') break;
    out.push(e.at);
  }
  return out;
}

/** The address's recent failures, newest first: read from the index of failures only (schema.ts, auth_events_ip_failures). */
export const failuresFromAddressQuery = (db: Db, ip: string) => db
  .select({ at: authEvents.at })
  .from(authEvents)
  .where(and(eq(authEvents.ip, ip), isFailureKind, gt(authEvents.at, LOOKBACK)))
  .orderBy(desc(authEvents.at))
  .limit(100);

export async function recentFailuresFromAddress(db: Db, ip: string): Promise<Date[]> {
  return (await failuresFromAddressQuery(db, ip)).map((r) => r.at);
}

/** The account a login names: what the login checks. */
export type LoginAccount = { id: string; login: string; passwordHash: string; disabledAt: Date | null };

/**
 * Everything a login step reads before it checks a password or a code, in ONE statement (on 1 September every parent
 * logs in): the failures from the address (as recentFailuresFromAddress), those of the login since its last success, and
 * the account with that login, if any.
 */
export async function loginFacts(db: Db, login: string, ip: string): Promise<{
  fromAddress: Date[]; ofLogin: Date[]; account: LoginAccount | undefined;
}> {
  type Row = {
    address: string[]; events: Array<{ at: string; kind: string }>;
    account: { id: string; login: string; passwordHash: string; disabledAt: string | null } | null;
  };
  const [row] = rowsOf<Row>(await db.execute(sql`select
    (select coalesce(json_agg(f.at order by f.at desc), '[]'::json) from (${failuresFromAddressQuery(db, ip)}) f) as address,
    (select coalesce(json_agg(json_build_object('at', e.at, 'kind', e.kind) order by e.at desc), '[]'::json)
      from (${loginEventsQuery(db, login)}) e) as events,
    (select json_build_object('id', a.id, 'login', a.login, 'passwordHash', a.password_hash, 'disabledAt', a.disabled_at)
      from ${accounts} a where a.login = ${login}) as account`));
  const { address, events, account } = row!;
  return {
    fromAddress: address.map((at) => new Date(at)),
    ofLogin: failuresSinceSuccess(events.map((e) => ({ at: new Date(e.at), kind: e.kind }))),
    account: account ? { ...account, disabledAt: account.disabledAt === null ? null : new Date(account.disabledAt) } : undefined,
  };
}

export async function setPassword(db: Db, accountId: string, passwordHash: string, mustChange: boolean) {
  await db
    .update(accounts)
    .set({ passwordHash, mustChangePassword: mustChange, passwordChangedAt: sql`now()` })
    .where(eq(accounts.id, accountId));
}

export async function getPasswordHash(db: Db, accountId: string): Promise<string | undefined> {
  const [row] = await db.select({ h: accounts.passwordHash }).from(accounts).where(eq(accounts.id, accountId));
  return row?.h;
}

/** Ends every session of an account, or all but one. Returns how many ended. */
export async function endSessionsOf(db: Db, accountId: string, exceptSid?: string): Promise<number> {
  const cond = exceptSid
    ? and(eq(sessions.accountId, accountId), ne(sessions.sid, exceptSid))
    : eq(sessions.accountId, accountId);
  const rows = await db.delete(sessions).where(cond).returning({ sid: sessions.sid });
  return rows.length;
}

export async function countSessionsOf(db: Db, accountId: string): Promise<number> {
  const rows = await db.select({ sid: sessions.sid }).from(sessions)
    .where(and(eq(sessions.accountId, accountId), gt(sessions.expiresAt, sql`now()`)));
  return rows.length;
}

export type { Role };
