// The curriculum tests' app: the demo schools seeded exactly as `seedDemo` does, plus the demo curriculum of school № 1
// (so the tests do not depend on whether the lead has wired seedDemoCurriculum into seedDemo yet).
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/cli/demo-data.ts';
import { buildSchool } from '../../src/cli/seed/builder.ts';
import { seedDemoContingent } from '../../src/cli/seed/demo-contingent.ts';
import { seedDemoCurriculum } from '../../src/cli/seed/demo-curriculum.ts';
import { demoSchool2Spec, demoSchoolSpec } from '../../src/cli/seed/demo-school.ts';
import { accounts, operators } from '../../src/modules/accounts/schema.ts';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import type { Client } from '../support/client.ts';

export { classByName, memberOf, schoolId, SCHOOL_1, SCHOOL_2 } from './people-support.ts';

export async function startCurriculumApp(): Promise<TestApp & { seedMs: number }> {
  const t = await startTestApp({ seed: false });
  const db = t.database.db;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const school1 = await buildSchool(db, demoSchoolSpec(), passwordHash);
  await seedDemoContingent(db, school1);
  const started = performance.now();
  await seedDemoCurriculum(db, school1);
  const seedMs = performance.now() - started;
  await buildSchool(db, demoSchool2Spec(), passwordHash);
  const [op] = await db.insert(accounts).values({ login: 'operator', fullName: 'Оператор Платформы', passwordHash }).returning({ id: accounts.id });
  await db.insert(operators).values({ accountId: op!.id });
  return { ...t, seedMs };
}

export async function groupByName(db: Db, school: string, name: string) {
  const [g] = await db.select().from(teachingGroups).where(and(eq(teachingGroups.schoolId, school), eq(teachingGroups.name, name)));
  if (!g) throw new Error(`no group ${name}`);
  return g;
}

/** The names listed in the roster <ol> of a group page. */
export function rosterNames(html: string): string[] {
  const ol = /<ol class="cur-roster">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...ol.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

/** Posts a form with a repeated field (checkbox lists), as the browser does. */
export async function postWithList(app: FastifyInstance, client: Client, url: string, form: Record<string, string>, listName: string, list: string[]) {
  const body = new URLSearchParams({ ...form, _csrf: client.csrfToken });
  for (const v of list) body.append(listName, v);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({ method: 'POST', url, payload: body.toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}
