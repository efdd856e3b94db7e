import { and, desc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withAccount, type Tx } from '../../db/tenant.ts';
import { schools } from '../platform/schema.ts';
import { academicYears, schoolClasses } from '../setup/schema.ts';
import { accounts, authEvents, memberships, operators, sessions } from './schema.ts';
import type { Role, SchoolRole } from './rules.ts';

export async function findAccountByLogin(db: Db, login: string) {
  const rows = await db.select().from(accounts).where(eq(accounts.login, login)).limit(1);
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
  memberships: Array<{
    schoolId: string;
    schoolName: string;
    timeZone: string;
    roles: SchoolRole[];
    person: PersonLinks;
    limits: { staffIdleMinutes: number; staffMaxHours: number; familyIdleDays: number; familyMaxDays: number };
  }>;
};

/** Everything the access hook needs about an account, in two queries. */
/**
 * The account and its active memberships in every school (row-level security lets an account's own memberships through
 * in `withAccount`). Whether it leads a class is known for `currentSchoolId` only (classes are a school's rows); pass the
 * school the session is in.
 */
export async function loadAccountFacts(db: Db, accountId: string, currentSchoolId?: string): Promise<AccountFacts | undefined> {
  return withAccount(db, accountId, currentSchoolId, (tx) => accountFacts(tx, accountId));
}

async function accountFacts(db: Db | Tx, accountId: string): Promise<AccountFacts | undefined> {
  const [row] = await db
    .select({
      id: accounts.id,
      login: accounts.login,
      fullName: accounts.fullName,
      mustChangePassword: accounts.mustChangePassword,
      disabledAt: accounts.disabledAt,
      operator: operators.accountId,
    })
    .from(accounts)
    .leftJoin(operators, eq(operators.accountId, accounts.id))
    .where(eq(accounts.id, accountId))
    .limit(1);
  if (!row) return undefined;
  const ms = await db
    .select({
      schoolId: memberships.schoolId,
      roles: memberships.roles,
      staffId: memberships.staffId,
      guardianId: memberships.guardianId,
      studentId: memberships.studentId,
      schoolName: schools.name,
      timeZone: schools.timeZone,
      staffIdleMinutes: schools.staffIdleMinutes,
      staffMaxHours: schools.staffMaxHours,
      familyIdleDays: schools.familyIdleDays,
      familyMaxDays: schools.familyMaxDays,
      // A class teacher is whoever a class of an open year names: the role follows the class, not a checkbox.
      leadsClass: sql<boolean>`exists (select 1 from ${schoolClasses} c join ${academicYears} y on y.school_id = c.school_id and y.id = c.year_id
        where c.school_id = ${memberships.schoolId} and c.class_teacher_id = ${memberships.staffId} and y.status = 'open')`,
    })
    .from(memberships)
    .innerJoin(schools, eq(schools.id, memberships.schoolId))
    // A membership blocked by the school's admin does not count: no school, no roles there.
    .where(and(eq(memberships.accountId, accountId), isNull(memberships.disabledAt)))
    .orderBy(schools.name);
  return {
    id: row.id,
    login: row.login,
    fullName: row.fullName,
    mustChangePassword: row.mustChangePassword,
    disabled: row.disabledAt !== null,
    isOperator: row.operator !== null,
    memberships: ms.map((m) => ({
      schoolId: m.schoolId,
      schoolName: m.schoolName,
      timeZone: m.timeZone,
      roles: withClassTeacher(m.roles as SchoolRole[], m.leadsClass),
      person: { staffId: m.staffId, guardianId: m.guardianId, studentId: m.studentId },
      limits: {
        staffIdleMinutes: m.staffIdleMinutes,
        staffMaxHours: m.staffMaxHours,
        familyIdleDays: m.familyIdleDays,
        familyMaxDays: m.familyMaxDays,
      },
    })),
  };
}

/** May the account log in: a platform operator, or a member of at least one school that has not blocked it. */
export async function mayEnter(db: Db, accountId: string): Promise<boolean> {
  return withAccount(db, accountId, undefined, (tx) => mayEnterIn(tx, accountId));
}

async function mayEnterIn(db: Db | Tx, accountId: string): Promise<boolean> {
  const [row] = await db.select({
    ok: sql<boolean>`exists (select 1 from ${operators} where ${operators.accountId} = ${accountId})
      or exists (select 1 from ${memberships} where ${memberships.accountId} = ${accountId} and ${memberships.disabledAt} is null)`,
  }).from(accounts).where(eq(accounts.id, accountId));
  return row?.ok === true;
}

function withClassTeacher(roles: SchoolRole[], leadsClass: boolean): SchoolRole[] {
  return leadsClass && !roles.includes('classTeacher') ? [...roles, 'classTeacher'] : roles;
}

export type AuthEventKind =
  | 'login_ok' | 'login_failed' | 'login_locked' | 'logout' | 'logout_all' | 'session_expired'
  | 'password_changed' | 'school_switched' | 'sessions_ended_by_admin';

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

/** Failed logins for this login in the lockout window, after its last success, newest first. */
export async function recentFailuresForLogin(db: Db, login: string): Promise<Date[]> {
  const rows = await db
    .select({ at: authEvents.at, kind: authEvents.kind })
    .from(authEvents)
    .where(and(eq(authEvents.login, login), gt(authEvents.at, LOOKBACK), inArray(authEvents.kind, ['login_failed', 'login_ok'])))
    .orderBy(desc(authEvents.at))
    .limit(50);
  const out: Date[] = [];
  for (const r of rows) {
    if (r.kind === 'login_ok') break;
    out.push(r.at);
  }
  return out;
}

export async function recentFailuresFromAddress(db: Db, ip: string): Promise<Date[]> {
  const rows = await db
    .select({ at: authEvents.at })
    .from(authEvents)
    .where(and(eq(authEvents.ip, ip), eq(authEvents.kind, 'login_failed'), gt(authEvents.at, LOOKBACK)))
    .orderBy(desc(authEvents.at))
    .limit(100);
  return rows.map((r) => r.at);
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
