// Shared look-ups for the accounts tests (not a test file itself).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { DEMO_SCHOOL, DEMO_SCHOOL_2 } from '../../src/cli/demo-data.ts';

export async function schoolIds(db: Db): Promise<{ s1: string; s2: string }> {
  const rows = await db.select({ id: schools.id, name: schools.name }).from(schools);
  return { s1: rows.find((r) => r.name === DEMO_SCHOOL.name)!.id, s2: rows.find((r) => r.name === DEMO_SCHOOL_2.name)!.id };
}

export async function classId(db: Db, schoolId: string, name: string): Promise<string> {
  const [row] = await db.select({ id: schoolClasses.id }).from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, name)));
  if (!row) throw new Error(`no class ${name}`);
  return row.id;
}

export async function membershipOf(db: Db, login: string, schoolId?: string): Promise<{ id: string; accountId: string; schoolId: string }> {
  const rows = await db.select({ id: memberships.id, accountId: memberships.accountId, schoolId: memberships.schoolId }).from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  const row = schoolId ? rows.find((r) => r.schoolId === schoolId) : rows[0];
  if (!row) throw new Error(`no membership of ${login}`);
  return row;
}

export async function countRows(db: Db, table: typeof accounts | typeof memberships | typeof auditEvents): Promise<number> {
  return (await db.select().from(table)).length;
}

/** The slips of a slips page: [full name, login, password]. */
export function slipsOf(html: string): Array<{ name: string; role: string; login: string; password: string }> {
  return [...html.matchAll(/<article class="slip">([\s\S]*?)<\/article>/g)].map((m) => {
    const body = m[1]!;
    const pick = (cls: string) => new RegExp(`class="${cls}">([^<]*)<`).exec(body)?.[1] ?? '';
    return { name: pick('slip-name'), role: pick('slip-role'), login: pick('slip-login'), password: pick('slip-password') };
  });
}

export const PLAIN_PASSWORD = 'plain-teacher-2026';

/**
 * A teacher who leads no class (login plain-teacher), so the test does not hang on who the demo seed makes class teacher.
 */
export async function plainTeacher(db: Db, schoolId: string): Promise<string> {
  const [card] = await db.insert(staff).values({ schoolId, lastName: 'Простая', firstName: 'Учительница', position: 'Учитель музыки' }).returning({ id: staff.id });
  const [acc] = await db.insert(accounts).values({ login: 'plain-teacher', fullName: 'Простая Учительница', passwordHash: await hashPassword(PLAIN_PASSWORD) }).returning({ id: accounts.id });
  await db.insert(memberships).values({ schoolId, accountId: acc!.id, roles: ['teacher'], staffId: card!.id });
  return 'plain-teacher';
}

/** Gives the (login-less) class teacher of a demo class an account `login` with PLAIN_PASSWORD. */
export async function classTeacherLogin(db: Db, schoolId: string, className: string, login: string): Promise<string> {
  const [cls] = await db.select({ teacher: schoolClasses.classTeacherId }).from(schoolClasses)
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, className)));
  const [acc] = await db.insert(accounts).values({ login, fullName: `Классный руководитель ${className}`, passwordHash: await hashPassword(PLAIN_PASSWORD) }).returning({ id: accounts.id });
  await db.insert(memberships).values({ schoolId, accountId: acc!.id, roles: ['teacher'], staffId: cls!.teacher! });
  return login;
}
