// The peak's database `otmetka_peak`: migrated, the demo seeded, and N parent accounts (`peak-parent-0001` …), each
// the guardian of a student of demo school № 1 who is in a class today (students repeat when N exceeds them). Every
// account gets the demo accounts' password hash: an argon2 hash carries its own salt, so one hash serves all of them and
// the bench does not spend N hashes making them.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { DEMO_SCHOOL } from '../src/cli/demo-data.ts';
import { seedDemo } from '../src/cli/seed-demo.ts';
import { rowsOf, type Database, type Db } from '../src/db/client.ts';
import { withSchool } from '../src/db/tenant.ts';
import { accounts, memberships } from '../src/modules/accounts/schema.ts';
import { guardians, studentGuardians } from '../src/modules/people/schema.ts';
import { todayIso } from '../src/web/dates.ts';

export const PEAK_DATABASE = 'otmetka_peak';

/** A virtual parent: the login (password: the demo's) and the child whose diary week the parent opens. */
export type Parent = { login: string; childId: string };

const loginOf = (i: number) => `peak-parent-${String(i + 1).padStart(4, '0')}`;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/**
 * Migrates and seeds the database (unless seeded already: `PEAK_KEEP=1` re-uses one), then makes sure the first `n`
 * peak parents exist; returns them.
 */
export async function preparePeak(database: Database, n: number): Promise<{ parents: Parent[]; seedMs: number; createMs: number }> {
  const { db } = database;
  await database.migrate();
  let t = performance.now();
  await seedDemo(db); // does nothing when a school exists
  const seedMs = Math.round(performance.now() - t);
  const [school] = rowsOf<{ id: string }>(await db.execute(sql`select id from schools where name = ${DEMO_SCHOOL.name}`));
  if (!school) throw new Error('bench:peak: no demo school after the seed');
  t = performance.now();
  const existing = rowsOf<{ login: string; student_id: string }>(await db.execute(sql`select a.login, sg.student_id
    from accounts a join memberships m on m.account_id = a.id join student_guardians sg on sg.school_id = m.school_id
    and sg.guardian_id = m.guardian_id where a.login like 'peak-parent-%' order by a.login`));
  const parents: Parent[] = existing.map((r) => ({ login: r.login, childId: r.student_id }));
  if (parents.length < n) parents.push(...await createParents(db, school.id, parents.length, n));
  await db.execute(sql`analyze`);
  return { parents: parents.slice(0, n), seedMs, createMs: Math.round(performance.now() - t) };
}

/** Parents number `from` … `n - 1`: an account, a guardian card linked to a child, a membership with the parent role. */
async function createParents(db: Db, schoolId: string, from: number, n: number): Promise<Parent[]> {
  const today = todayIso();
  const children = rowsOf<{ student_id: string }>(await db.execute(sql`select distinct student_id from class_memberships
    where school_id = ${schoolId} and starts_on <= ${today}::date and (ends_on is null or ends_on > ${today}::date) order by student_id`));
  if (children.length === 0) throw new Error('bench:peak: the demo school has no students in a class today');
  const [demoParent] = await db.select({ hash: accounts.passwordHash }).from(accounts).where(sql`login = 'parent'`);
  if (!demoParent) throw new Error('bench:peak: no demo parent account (its password hash is re-used)');
  const made = Array.from({ length: n - from }, (_, k) => {
    const i = from + k;
    return { i, login: loginOf(i), accountId: randomUUID(), guardianId: randomUUID(), childId: children[i % children.length]!.student_id };
  });
  await insertChunked(made, (c) => db.insert(accounts).values(c.map((p) => ({
    id: p.accountId, login: p.login, fullName: `Родитель Пиковый ${p.i + 1}`, passwordHash: demoParent.hash,
  }))));
  await withSchool(db, schoolId, async (tx) => {
    await insertChunked(made, (c) => tx.insert(guardians).values(c.map((p) => ({
      schoolId, id: p.guardianId, lastName: 'Пиковый', firstName: `Родитель ${p.i + 1}`,
    }))));
    await insertChunked(made, (c) => tx.insert(studentGuardians).values(c.map((p) => ({
      schoolId, studentId: p.childId, guardianId: p.guardianId, relation: 'мать',
    }))));
    await insertChunked(made, (c) => tx.insert(memberships).values(c.map((p) => ({
      schoolId, accountId: p.accountId, roles: ['parent'], guardianId: p.guardianId,
    }))));
  });
  return made.map((p) => ({ login: p.login, childId: p.childId }));
}
