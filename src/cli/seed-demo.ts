import type { Db } from '../db/client.ts';
import { accounts, memberships, operators } from '../modules/accounts/schema.ts';
import { hashPassword } from '../modules/accounts/passwords.ts';
import { countSchools } from '../modules/platform/queries.ts';
import { schools } from '../modules/platform/schema.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SCHOOL, DEMO_SCHOOL_2 } from './demo-data.ts';

/** Seeds the demo schools and logins. Does nothing when any school exists. Returns whether it seeded. */
export async function seedDemo(db: Db): Promise<boolean> {
  if ((await countSchools(db)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [s1] = await tx.insert(schools).values(DEMO_SCHOOL).returning({ id: schools.id });
    const [s2] = await tx.insert(schools).values(DEMO_SCHOOL_2).returning({ id: schools.id });
    const schoolIds = { 1: s1!.id, 2: s2!.id } as const;
    for (const a of DEMO_ACCOUNTS) {
      const [row] = await tx.insert(accounts).values({ login: a.login, fullName: a.fullName, passwordHash }).returning({ id: accounts.id });
      if (a.operator) await tx.insert(operators).values({ accountId: row!.id });
      for (const n of a.schools) await tx.insert(memberships).values({ schoolId: schoolIds[n], accountId: row!.id, roles: a.roles });
    }
  });
  return true;
}
