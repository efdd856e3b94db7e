import { sql } from 'drizzle-orm';
import {
  bigint, boolean, foreignKey, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid,
} from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';
import { guardians, staff, students } from '../people/schema.ts';

/** Global: a login and its password hash. A person may belong to several schools. */
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-case; unique across the platform. */
  login: text('login').notNull().unique(),
  fullName: text('full_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Set when the password was issued by someone else: it must be changed at the next login. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  /**
   * Two-factor login (TOTP, RFC 6238): the shared secret, encrypted with AES-256-GCM under a key derived from
   * SESSION_SECRET (see two-factor/secret-box.ts). Null: no second factor.
   */
  totpSecret: text('totp_secret'),
  /** When the second factor was confirmed with a code; login asks for a code only from then on. */
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** The last time step (30 s) whose code was accepted: a code of this step or an earlier one is refused (replay). */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * Global: an account's one-time recovery codes for the second factor (ten, shown once at enrollment).
 * Only a salted SHA-256 of each code is kept (see two-factor/recovery.ts for why a fast hash is enough here).
 */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    ordinal: smallint('ordinal').notNull(),
    salt: text('salt').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.ordinal] })],
);

/** Global: platform operators create schools and see no school's journal. */
export const operators = pgTable('operators', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** Tenant: an account's roles in one school. */
export const memberships = pgTable(
  'memberships',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    roles: text('roles').array().notNull(),
    /** The people this account is in this school (a teacher may also be a parent here). */
    staffId: uuid('staff_id'),
    guardianId: uuid('guardian_id'),
    studentId: uuid('student_id'),
    /** Set when the school's admin blocks this account here; the account may still enter its other schools. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [staff.schoolId, staff.id] }),
    foreignKey({ columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    unique('memberships_staff').on(t.schoolId, t.staffId),
    unique('memberships_guardian').on(t.schoolId, t.guardianId),
    unique('memberships_student').on(t.schoolId, t.studentId),
    unique('memberships_school_account').on(t.schoolId, t.accountId),
    index('memberships_account').on(t.accountId),
  ],
);

/** Global: server-side sessions (only for logged-in visitors). */
export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    data: jsonb('data').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('sessions_account').on(t.accountId), index('sessions_expires').on(t.expiresAt)],
);

/** Failures that count towards a lockout: a wrong password, a wrong second-factor code, a wrong link code alike. */
export const FAILURE_KINDS = ['login_failed', 'totp_failed', 'oidc_link_failed'] as const;
/** `kind in ('login_failed', …)` as literals: the partial index below serves a query only if its condition says the same. */
export const isFailureKind = sql.raw(`kind in (${FAILURE_KINDS.map((k) => `'${k}'`).join(', ')})`);

/**
 * Global, append-only: login success and failure, lockouts, logouts, password changes.
 * A failed login may name no existing account and no school, so this table is not a tenant table;
 * changes to school data go to the tenant table audit_events.
 */
export const authEvents = pgTable(
  'auth_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    kind: text('kind').notNull(),
    login: text('login'),
    accountId: uuid('account_id'),
    schoolId: uuid('school_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    detail: text('detail'),
  },
  (t) => [
    index('auth_events_login_at').on(t.login, t.at),
    // The failures from an address (its lockout): every login reads them. An index of all its events made a login read
    // every successful login from that address of the last 15 minutes (a school's or a mobile operator's shared address
    // on 1 September: thousands; 1.4 ms a login by the end of the peak bench, and growing).
    index('auth_events_ip_failures').on(t.ip, t.at).where(isFailureKind),
    index('auth_events_account_at').on(t.accountId, t.at),
  ],
);
