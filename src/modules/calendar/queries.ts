// Calendar links: made, revoked and listed by their owner (each act audited in the same transaction), and found by the
// hash of a token when a calendar app asks for the feed.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { accounts, memberships } from '../accounts/schema.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { studentGuardians } from '../people/schema.ts';
import type { LinkFacts } from './rules.ts';
import { calendarFeeds } from './schema.ts';
import { hashToken, newToken } from './token.ts';

type Q = Db | Tx;

/** Whose calendar a link shows: a child's, or the staff member's own lessons. */
export type FeedOwner = { studentId: string; staffId?: undefined } | { staffId: string; studentId?: undefined };

const ownerCondition = (o: FeedOwner) => (o.studentId ? eq(calendarFeeds.studentId, o.studentId) : eq(calendarFeeds.staffId, o.staffId!));
const ownerValue = (o: FeedOwner) => (o.studentId ? { for: 'student', studentId: o.studentId } : { for: 'staff', staffId: o.staffId });

export type LiveLink = { id: string; studentId: string | null; staffId: string | null; createdAt: Date; lastUsedAt: Date | null };

/** This account's links that still answer (not revoked), in its school. */
export async function liveLinks(db: Q, { schoolId, accountId }: { schoolId: string; accountId: string }): Promise<LiveLink[]> {
  return db.select({
    id: calendarFeeds.id, studentId: calendarFeeds.studentId, staffId: calendarFeeds.staffId, createdAt: calendarFeeds.createdAt,
    lastUsedAt: calendarFeeds.lastUsedAt,
  }).from(calendarFeeds)
    .where(and(eq(calendarFeeds.schoolId, schoolId), eq(calendarFeeds.accountId, accountId), isNull(calendarFeeds.revokedAt)));
}

async function revokeLive(tx: Tx, ctx: AuditContext, owner: FeedOwner): Promise<boolean> {
  const gone = await tx.update(calendarFeeds).set({ revokedAt: sql`now()` })
    .where(and(eq(calendarFeeds.schoolId, ctx.schoolId), eq(calendarFeeds.accountId, ctx.accountId), ownerCondition(owner),
      isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  for (const g of gone) {
    await writeAudit(tx, ctx, { entity: 'calendar_feed', entityId: g.id, action: 'revoke', oldValue: ownerValue(owner) });
  }
  return gone.length > 0;
}

/**
 * A new link for this account and owner; the account's live link for the same owner, if any, is revoked first (one live
 * link each). Returns the token — the only time it exists outside the phone: only its hash is stored.
 */
export async function createLink(db: Db, ctx: AuditContext, owner: FeedOwner): Promise<{ id: string; token: string }> {
  const token = newToken();
  return withSchool(db, ctx.schoolId, async (tx) => {
    await revokeLive(tx, ctx, owner);
    const [row] = await tx.insert(calendarFeeds).values({
      schoolId: ctx.schoolId, tokenHash: hashToken(token), accountId: ctx.accountId,
      studentId: owner.studentId ?? null, staffId: owner.staffId ?? null,
    }).returning({ id: calendarFeeds.id });
    await writeAudit(tx, ctx, { entity: 'calendar_feed', entityId: row!.id, action: 'create', newValue: ownerValue(owner) });
    return { id: row!.id, token };
  });
}

/** Revokes this account's live link for the owner; false when there was none. */
export async function revokeLink(db: Db, ctx: AuditContext, owner: FeedOwner): Promise<boolean> {
  return withSchool(db, ctx.schoolId, (tx) => revokeLive(tx, ctx, owner));
}

/** The school of a token's hash (revoked links included), past row-level security: migration 0017's function. */
export async function feedSchoolOf(db: Db, tokenHash: string): Promise<string | null> {
  const [row] = rowsOf<{ school_id: string | null }>(await db.execute(sql`select otmetka_calendar_feed_school(${tokenHash}) as school_id`));
  return row?.school_id ?? null;
}

export type FoundLink = { id: string; accountId: string; studentId: string | null; staffId: string | null; facts: LinkFacts };

/** The link of a hash in the school of the transaction, with what decides whether it still answers (rules.ts linkState). */
export async function findLink(tx: Tx, { schoolId, tokenHash }: { schoolId: string; tokenHash: string }): Promise<FoundLink | undefined> {
  const [row] = await tx.select({
    id: calendarFeeds.id, accountId: calendarFeeds.accountId, studentId: calendarFeeds.studentId, staffId: calendarFeeds.staffId,
    revokedAt: calendarFeeds.revokedAt, accountDisabledAt: accounts.disabledAt,
    membershipId: memberships.id, memberDisabledAt: memberships.disabledAt, roles: memberships.roles, memberStaffId: memberships.staffId,
    memberStudentId: memberships.studentId,
    guardianOfStudent: sql<boolean>`exists (select 1 from ${studentGuardians} sg where sg.school_id = ${calendarFeeds.schoolId}
      and sg.guardian_id = ${memberships.guardianId} and sg.student_id = ${calendarFeeds.studentId})`,
  }).from(calendarFeeds)
    .innerJoin(accounts, eq(accounts.id, calendarFeeds.accountId))
    .leftJoin(memberships, and(eq(memberships.schoolId, calendarFeeds.schoolId), eq(memberships.accountId, calendarFeeds.accountId)))
    .where(and(eq(calendarFeeds.schoolId, schoolId), eq(calendarFeeds.tokenHash, tokenHash)));
  if (!row) return undefined;
  return {
    id: row.id, accountId: row.accountId, studentId: row.studentId, staffId: row.staffId,
    facts: {
      revoked: row.revokedAt !== null, studentId: row.studentId, staffId: row.staffId, accountDisabled: row.accountDisabledAt !== null,
      membership: row.membershipId === null ? null : {
        disabled: row.memberDisabledAt !== null, roles: row.roles ?? [], staffId: row.memberStaffId, studentId: row.memberStudentId,
        guardianOfStudent: Boolean(row.guardianOfStudent),
      },
    },
  };
}

/** Notes that a calendar app fetched the link — at most once in five minutes, so polling writes little. */
export async function touchLink(tx: Tx, { schoolId, id }: { schoolId: string; id: string }): Promise<void> {
  await tx.update(calendarFeeds).set({ lastUsedAt: sql`now()` })
    .where(and(eq(calendarFeeds.schoolId, schoolId), eq(calendarFeeds.id, id),
      or(isNull(calendarFeeds.lastUsedAt), lt(calendarFeeds.lastUsedAt, sql`now() - interval '5 minutes'`))));
}
