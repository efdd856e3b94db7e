// Building a guardian's weekly digest from the diary: who gets one (enabled subscriptions of active parent accounts),
// and, for each of the guardian's children in that school, the week's lessons read through studentLessons.
import { and, arrayContains, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { addDays } from '../../web/dates.ts';
import { accounts, memberships } from '../accounts/schema.ts';
import { guardians } from '../people/schema.ts';
import { diaryChildren } from './access.ts';
import { childWeek, digestMail, type DigestChild, type DigestMail } from './digest-format.ts';
import { guardianConsentedSql } from '../consents/queries.ts';
import { digestSubscriptions } from './schema.ts';
import { studentLessons } from './week-queries.ts';

export type DigestRecipient = { schoolId: string; guardianId: string; accountId: string; email: string; greetingName: string | null };

/**
 * The enabled subscriptions of a school whose parent account may still read the diary there: the membership is active,
 * holds the parent role and is linked to the same guardian card, and the account is not blocked; and a consent of the
 * guardian covers «уведомления семье» (152-ФЗ).
 */
export async function digestRecipients(db: Db, schoolId: string): Promise<DigestRecipient[]> {
  const rows = await db.select({
    guardianId: digestSubscriptions.guardianId, accountId: digestSubscriptions.accountId, email: digestSubscriptions.email,
    firstName: guardians.firstName, middleName: guardians.middleName,
  }).from(digestSubscriptions)
    .innerJoin(guardians, and(eq(guardians.schoolId, digestSubscriptions.schoolId), eq(guardians.id, digestSubscriptions.guardianId)))
    .innerJoin(memberships, and(eq(memberships.schoolId, digestSubscriptions.schoolId), eq(memberships.accountId, digestSubscriptions.accountId),
      eq(memberships.guardianId, digestSubscriptions.guardianId), isNull(memberships.disabledAt), arrayContains(memberships.roles, ['parent'])))
    .innerJoin(accounts, and(eq(accounts.id, digestSubscriptions.accountId), isNull(accounts.disabledAt)))
    .where(and(eq(digestSubscriptions.schoolId, schoolId), eq(digestSubscriptions.enabled, true),
      guardianConsentedSql(digestSubscriptions.schoolId, digestSubscriptions.guardianId, 'alerts')))
    .orderBy(digestSubscriptions.guardianId);
  return rows.map((r) => ({
    schoolId, guardianId: r.guardianId, accountId: r.accountId, email: r.email,
    greetingName: r.middleName ? `${r.firstName} ${r.middleName}` : null,
  }));
}

/** The guardian's children in the recipient's school with their week (lessons of the week and the next, for due dates). */
export async function digestChildren(db: Db, r: DigestRecipient, monday: string): Promise<Array<DigestChild & { lessons: number }>> {
  const sunday = addDays(monday, 6);
  const children = (await diaryChildren(db, r.accountId, sunday)).filter((c) => c.schoolId === r.schoolId && c.guardianId === r.guardianId);
  const out: Array<DigestChild & { lessons: number }> = [];
  for (const c of children) {
    const lessons = await studentLessons(db, { schoolId: r.schoolId, studentId: c.studentId, from: monday, to: addDays(monday, 13) });
    const inWeek = lessons.filter((l) => l.date <= sunday).length;
    out.push({ firstName: c.firstName, lastName: c.lastName, className: c.className, ...childWeek(lessons, monday), lessons: inWeek });
  }
  return out;
}

/**
 * The digest of the week starting `monday` for one recipient; null when none of the children had a lesson that week
 * (holidays, or no child in the school any more): then nothing is sent.
 */
export async function buildDigest(db: Db, r: DigestRecipient, monday: string): Promise<DigestMail | null> {
  const children = (await digestChildren(db, r, monday)).filter((c) => c.lessons > 0);
  return children.length ? digestMail(monday, r.greetingName, children) : null;
}
