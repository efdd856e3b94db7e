// Review: a class teacher resets passwords of their class's students and parents only — never of an account that
// also holds a staff role in the school (a deputy or admin who is a parent in the class): that would hand the
// class teacher the admin's new password.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships } from '../../src/modules/accounts/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs } from '../support/client.ts';
import { classId, membershipOf, schoolIds } from './accounts-support.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('class teacher resetting a password', () => {
  it('answers 404 for a parent of the class who is also the school admin; the password stays', async () => {
    const db = t.database.db;
    const { s1 } = await schoolIds(db);
    const c5a = await classId(db, s1, '5А');
    const m = await membershipOf(db, 'parent', s1);
    await db.update(memberships).set({ roles: ['parent', 'admin'] }).where(and(eq(memberships.schoolId, s1), eq(memberships.id, m.id)));
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(`/accounts/classes/${c5a}`);
    const res = await ct.post(`/accounts/classes/${c5a}/reset/${m.id}`);
    expect(res.statusCode).toBe(404);
    await loginAs(t.app, 'parent'); // the old password still works
  });

  it('answers 404 for a parent of the class who is the admin of another school', async () => {
    const db = t.database.db;
    const { s1, s2 } = await schoolIds(db);
    const c5a = await classId(db, s1, '5А');
    const m = await membershipOf(db, 'parent', s1);
    const admin2 = await membershipOf(db, 'admin2', s2);
    await db.update(memberships).set({ roles: ['parent'] }).where(and(eq(memberships.schoolId, s1), eq(memberships.id, m.id)));
    // admin2's own account becomes the parent's membership in school 1 (one person: a mother here, the admin there).
    await db.update(memberships).set({ accountId: admin2.accountId }).where(and(eq(memberships.schoolId, s1), eq(memberships.id, m.id)));
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(`/accounts/classes/${c5a}`);
    expect((await ct.post(`/accounts/classes/${c5a}/reset/${m.id}`)).statusCode).toBe(404);
    await loginAs(t.app, 'admin2');
    await db.update(memberships).set({ accountId: m.accountId }).where(and(eq(memberships.schoolId, s1), eq(memberships.id, m.id)));
  });

  it('still resets a plain parent of the class', async () => {
    const db = t.database.db;
    const { s1 } = await schoolIds(db);
    const c5a = await classId(db, s1, '5А');
    const m = await membershipOf(db, 'parent', s1);
    await db.update(memberships).set({ roles: ['parent'] }).where(and(eq(memberships.schoolId, s1), eq(memberships.id, m.id)));
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(`/accounts/classes/${c5a}`);
    expect((await ct.post(`/accounts/classes/${c5a}/reset/${m.id}`)).statusCode).toBe(200);
  });
});
