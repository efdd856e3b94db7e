// Statements built once (db/cached-query.ts): the same rows as the builder gives, on the pool and inside a school's
// transaction, with the values of each call — and the builder runs only the first time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { cachedSelect, cachedSql } from '../../src/db/cached-query.ts';
import { rowsOf, type Database } from '../../src/db/client.ts';
import { withSchool } from '../../src/db/tenant.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { openTestDatabase } from '../support/app.ts';

let database: Database;
let drop: () => Promise<void>;
let schoolIds: string[];

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase({ seeded: true }));
  schoolIds = (await database.db.select({ id: schools.id }).from(schools).orderBy(asc(schools.name))).map((s) => s.id);
});
afterAll(() => drop());

describe('cached statements', () => {
  it('a select gives the builder\'s rows for each call\'s values, and is built once', async () => {
    let builds = 0;
    const classesOf = cachedSelect<{ schoolId: string; name: string }, { id: string; name: string; schoolName: string }>((db, p) => {
      builds++;
      return db.select({ id: schoolClasses.id, name: schoolClasses.name, schoolName: schools.name }).from(schoolClasses)
        .innerJoin(schools, eq(schools.id, schoolClasses.schoolId))
        .where(and(eq(schoolClasses.schoolId, p.schoolId), eq(schoolClasses.name, p.name)));
    });
    expect(schoolIds.length).toBeGreaterThan(1);
    for (const schoolId of schoolIds) {
      const direct = await database.db.select({ id: schoolClasses.id, name: schoolClasses.name, schoolName: schools.name }).from(schoolClasses)
        .innerJoin(schools, eq(schools.id, schoolClasses.schoolId))
        .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, '5А')));
      const cached = await classesOf(database.db, { schoolId, name: '5А' });
      expect(cached).toEqual(direct);
    }
    expect(await classesOf(database.db, { schoolId: schoolIds[0]!, name: 'нет такого' })).toEqual([]);
    expect(builds).toBe(1);
  });

  it('a raw statement runs inside a school\'s transaction with its values', async () => {
    let builds = 0;
    const count = cachedSql<{ schoolId: string }>((p) => {
      builds++;
      return sql`select count(*)::int as n, current_setting('app.school_id', true) as tenant from classes where school_id = ${p.schoolId}`;
    });
    const schoolId = schoolIds[0]!;
    const [row] = await withSchool(database.db, schoolId, async (tx) => rowsOf<{ n: number; tenant: string }>(await count(tx, { schoolId })));
    const [other] = rowsOf<{ n: number }>(await count(database.db, { schoolId: schoolIds[1]! }));
    expect(row!.tenant).toBe(schoolId);
    expect(row!.n).toBeGreaterThan(0);
    expect(other!.n).toBeGreaterThanOrEqual(0);
    expect(builds).toBe(1);
  });
});
