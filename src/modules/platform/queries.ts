import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enterSchool } from '../../db/tenant.ts';
import { accounts, memberships, operators } from '../accounts/schema.ts';
import { generateOneTimePassword, hashPassword } from '../accounts/passwords.ts';
import { schools } from './schema.ts';
import type { CreateSchoolInput } from './forms.ts';
import { insertDefaultWorkTypes } from '../journal/work-types.ts';
import type { TwoFactorPolicy } from '../accounts/two-factor/rules.ts';

export class LoginTakenError extends Error {}

/**
 * Creates a school (tenant) and its first admin with a one-time password, which is returned once
 * and stored only as a hash; the admin must change it at first login. `twoFactorPolicy`: the school's starting
 * «Двухфакторный вход обязателен» (defaultTwoFactorPolicy: for leaders in production) — the first admin then enrolls
 * right after changing the password.
 */
export async function createSchool(db: Db, input: CreateSchoolInput, twoFactorPolicy: TwoFactorPolicy): Promise<{ schoolId: string; login: string; password: string }> {
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const taken = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, input.adminLogin)).limit(1);
    if (taken.length > 0) throw new LoginTakenError(input.adminLogin);
    const [school] = await tx.insert(schools).values({ name: input.name, address: input.address || null, twoFactorPolicy }).returning({ id: schools.id });
    await enterSchool(tx, school!.id); // row-level security: the new school's first rows are written in its context
    const [account] = await tx.insert(accounts)
      .values({ login: input.adminLogin, fullName: input.adminName, passwordHash, mustChangePassword: true })
      .returning({ id: accounts.id });
    await tx.insert(memberships).values({ schoolId: school!.id, accountId: account!.id, roles: ['admin'] });
    await insertDefaultWorkTypes(tx, school!.id);
    return { schoolId: school!.id, login: input.adminLogin, password };
  });
}

/** The operator's list: schools only, no school's journal or people. */
export async function listSchools(db: Db) {
  return db.select({ id: schools.id, name: schools.name, address: schools.address, createdAt: schools.createdAt })
    .from(schools).orderBy(asc(schools.name));
}

export async function countSchools(db: Db): Promise<number> {
  const rows = await db.select({ id: schools.id }).from(schools).limit(1);
  return rows.length;
}

/** A platform operator with a one-time password (first deployment: `npm run cli -- create-operator`). */
export async function createOperator(db: Db, input: { login: string; fullName: string }): Promise<{ login: string; password: string }> {
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const taken = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, input.login)).limit(1);
    if (taken.length > 0) throw new LoginTakenError(input.login);
    const [account] = await tx.insert(accounts).values({ login: input.login, fullName: input.fullName, passwordHash, mustChangePassword: true })
      .returning({ id: accounts.id });
    await tx.insert(operators).values({ accountId: account!.id });
    return { login: input.login, password };
  });
}
