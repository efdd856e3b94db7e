// Review, second round: a school may not reset the password of an account that is also in another school (or an
// operator's); a school's login journal shows no member's events in another school; two deputies saving a substitution
// or an extra lesson at the same instant get a message, never a 500.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authEvents, memberships, operators } from '../../src/modules/accounts/schema.ts';
import { OPERATOR_RESET, OTHER_SCHOOL_RESET, passwordResetProblem } from '../../src/modules/accounts/rules.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { ruDate } from '../../src/web/dates.ts';
import { operatorResetPassword } from '../../src/modules/accounts/provisioning.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { classId, membershipOf, schoolIds } from './accounts-support.ts';

let t: TestApp;
let s1: string;
let s2: string;
beforeAll(async () => {
  t = await startTestApp();
  ({ s1, s2 } = await schoolIds(t.database.db));
}, 240_000);
afterAll(async () => { await t?.close(); });

const accountRow = async (login: string) => (await t.database.db.select().from(accounts).where(eq(accounts.login, login)))[0]!;
const resetEvents = async (accountId: string) =>
  t.database.db.select().from(authEvents).where(and(eq(authEvents.accountId, accountId), eq(authEvents.kind, 'password_reset')));

describe('the reset rule', () => {
  it('allows accounts of this school alone', () => {
    expect(passwordResetProblem({ schoolIds: ['a'], isOperator: false }, 'a')).toBeNull();
    expect(passwordResetProblem({ schoolIds: ['a', 'b'], isOperator: false }, 'a')).toBe(OTHER_SCHOOL_RESET);
    expect(passwordResetProblem({ schoolIds: ['a'], isOperator: true }, 'a')).toBe(OPERATOR_RESET);
  });
});

describe('resetting the password of an account of two schools', () => {
  it("refuses the admin of school 1 for `multi`: message, the old password still works, nothing written", async () => {
    const m = await membershipOf(t.database.db, 'multi', s1);
    const before = await accountRow('multi');
    const session = await loginAs(t.app, 'multi');
    const admin = await loginAs(t.app, 'admin');
    await admin.get(`/admin/members/${m.id}`);
    const res = await admin.post(`/admin/members/${m.id}/reset`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/members/${m.id}`);
    expect(mainText((await admin.get(`/admin/members/${m.id}`)).body)).toContain(OTHER_SCHOOL_RESET);
    const after = await accountRow('multi');
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.mustChangePassword).toBe(false);
    expect(await resetEvents(before.id)).toHaveLength(0);
    expect(await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'password_reset'))).toHaveLength(0);
    expect((await session.get('/select-school')).statusCode).toBe(200); // its sessions did not end
    await loginAs(t.app, 'multi'); // otmetka-demo
  });

  it('refuses the admin of school 2 just the same', async () => {
    const m = await membershipOf(t.database.db, 'multi', s2);
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get(`/admin/members/${m.id}`);
    expect((await admin2.post(`/admin/members/${m.id}/reset`)).headers.location).toBe(`/admin/members/${m.id}`);
    expect(mainText((await admin2.get(`/admin/members/${m.id}`)).body)).toContain(OTHER_SCHOOL_RESET);
    await loginAs(t.app, 'multi');
  });

  it("refuses the class teacher for a class's parent who is also a parent in school 2", async () => {
    const db = t.database.db;
    const c5a = await classId(db, s1, '5А');
    const m = await membershipOf(db, 'parent', s1);
    const [extra] = await db.insert(memberships).values({ schoolId: s2, accountId: m.accountId, roles: ['parent'] }).returning({ id: memberships.id });
    try {
      const ct = await loginAs(t.app, 'classteacher');
      await ct.get(`/accounts/classes/${c5a}`);
      const res = await ct.post(`/accounts/classes/${c5a}/reset/${m.id}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/accounts/classes/${c5a}`);
      expect(mainText((await ct.get(`/accounts/classes/${c5a}`)).body)).toContain(OTHER_SCHOOL_RESET);
      expect(await resetEvents(m.accountId)).toHaveLength(0);
      await loginAs(t.app, 'parent');
    } finally {
      await db.delete(memberships).where(and(eq(memberships.schoolId, s2), eq(memberships.id, extra!.id)));
    }
  });

  it("refuses the admin for an operator's account that is a member of the school", async () => {
    const db = t.database.db;
    const m = await membershipOf(db, 'secretary', s1);
    await db.insert(operators).values({ accountId: m.accountId });
    try {
      const admin = await loginAs(t.app, 'admin');
      await admin.get(`/admin/members/${m.id}`);
      await admin.post(`/admin/members/${m.id}/reset`);
      expect(mainText((await admin.get(`/admin/members/${m.id}`)).body)).toContain(OPERATOR_RESET);
      await loginAs(t.app, 'secretary');
    } finally {
      await db.delete(operators).where(eq(operators.accountId, m.accountId));
    }
  });

  it('still blocks and unblocks `multi` in one school', async () => {
    const db = t.database.db;
    const m = await membershipOf(db, 'multi', s1);
    const admin = await loginAs(t.app, 'admin');
    await admin.get(`/admin/members/${m.id}`);
    expect((await admin.post(`/admin/members/${m.id}/disable`)).statusCode).toBe(303);
    expect((await db.select().from(memberships).where(eq(memberships.id, m.id)))[0]!.disabledAt).not.toBeNull();
    const home = await (await loginAs(t.app, 'multi')).get('/');
    expect(home.body).not.toContain('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
    await admin.get(`/admin/members/${m.id}`);
    expect((await admin.post(`/admin/members/${m.id}/enable`)).statusCode).toBe(303);
    expect((await db.select().from(memberships).where(eq(memberships.id, m.id)))[0]!.disabledAt).toBeNull();
  });
});

describe("the school's login journal", () => {
  async function selectSchool(c: Client, schoolId: string) {
    await c.get('/select-school');
    expect((await c.post('/select-school', { schoolId, next: '/' })).statusCode).toBe(303);
  }
  const journal = async (login: string) => mainText((await (await loginAs(t.app, login)).get('/admin/logins')).body);

  it("shows none of `multi`'s events in school 2 to school 1, and school 1 its own", async () => {
    const inTwo = await loginAs(t.app, 'multi', undefined, '10.20.30.40');
    await selectSchool(inTwo, s2);
    await inTwo.post('/logout');
    const inOne = await loginAs(t.app, 'multi', undefined, '10.20.30.41');
    await selectSchool(inOne, s1);
    await loginAs(t.app, 'teacher', undefined, '10.20.30.42'); // an account of school 1 alone

    const one = await journal('admin');
    expect(one).not.toContain('10.20.30.40');
    expect(one).toMatch(/смена школы multi 10\.20\.30\.41/);
    expect(one).not.toMatch(/вход multi 10\.20\.30\.41/); // the login itself belongs to no one school
    expect(one).toMatch(/вход teacher 10\.20\.30\.42/);

    const two = await journal('admin2');
    expect(two).toMatch(/смена школы multi 10\.20\.30\.40/);
    expect(two).toMatch(/выход multi 10\.20\.30\.40/);
    expect(two).not.toContain('10.20.30.41');
    expect(two).not.toContain('10.20.30.42');

    const m = await membershipOf(t.database.db, 'multi', s1);
    const member = mainText((await (await loginAs(t.app, 'admin')).get(`/admin/members/${m.id}`)).body);
    expect(member).not.toContain('10.20.30.40');
    expect(member).toContain('10.20.30.41');
  });
});

describe('two deputies saving at the same instant', () => {
  /** A before-insert trigger that first inserts the other deputy's row: what a concurrent commit does between our check and our insert. */
  async function withRace(table: 'substitutions' | 'lessons', when: string, otherRow: string, fn: () => Promise<void>) {
    const db = t.database.db;
    await db.execute(sql.raw(`create function test_race() returns trigger language plpgsql as $$ begin
      if pg_trigger_depth() = 1 and ${when} then ${otherRow}; end if; return new; end $$`));
    await db.execute(sql.raw(`create trigger test_race before insert on ${table} for each row execute function test_race()`));
    try {
      await fn();
    } finally {
      await db.execute(sql.raw(`drop trigger test_race on ${table}`));
      await db.execute(sql.raw('drop function test_race()'));
    }
  }
  const lessonWithoutSub = async () => (await t.database.db.select({ id: lessons.id, groupId: lessons.groupId, date: lessons.date, staffId: lessons.staffId })
    .from(lessons).leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, s1), sql`${substitutions.id} is null`)).limit(1))[0]!;
  const subAudits = async () => (await t.database.db.select().from(auditEvents).where(eq(auditEvents.entity, 'substitution'))).length;

  it('a substitution: 409 with a message, nothing saved; saving again works', async () => {
    const lesson = await lessonWithoutSub();
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/schedule/substitutions/lessons/${lesson.id}`);
    const audits = await subAudits();
    await withRace('substitutions', `new.reason = 'гонка'`,
      `insert into substitutions (school_id, lesson_id, kind, reason) values (new.school_id, new.lesson_id, 'cancelled', 'другой завуч')`, async () => {
        const res = await deputy.post(`/schedule/substitutions/lessons/${lesson.id}`, { kind: 'cancelled', substituteStaffId: '', subjectId: '', reason: 'гонка' });
        expect(res.statusCode).toBe(409);
        expect(mainText(res.body)).toContain('Замену этого урока только что сохранил другой пользователь');
        expect(res.body).toContain('value="гонка"'); // the deputy's values kept
      });
    expect(await t.database.db.select().from(substitutions).where(eq(substitutions.lessonId, lesson.id))).toHaveLength(0);
    expect(await subAudits()).toBe(audits);
    const again = await deputy.post(`/schedule/substitutions/lessons/${lesson.id}`, { kind: 'cancelled', substituteStaffId: '', subjectId: '', reason: 'болезнь' });
    expect(again.statusCode).toBe(303);
  });

  it('an extra lesson: 422 with the clash message, nothing saved', async () => {
    const lesson = await lessonWithoutSub();
    const slot = and(eq(lessons.schoolId, s1), eq(lessons.groupId, lesson.groupId), eq(lessons.date, lesson.date), eq(lessons.lessonNumber, 12));
    expect(await t.database.db.select().from(lessons).where(slot)).toHaveLength(0);
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/schedule/substitutions?date=${lesson.date}`);
    await withRace('lessons', `new.room = 'гонка'`,
      `insert into lessons (school_id, group_id, date, lesson_number, staff_id, origin) values (new.school_id, new.group_id, new.date, new.lesson_number, new.staff_id, 'extra')`, async () => {
        const res = await deputy.post('/schedule/substitutions/extra', {
          groupId: lesson.groupId, date: ruDate(lesson.date), lessonNumber: '12', staffId: lesson.staffId, room: 'гонка',
        });
        expect(res.statusCode).toBe(422);
        expect(mainText(res.body)).toContain('У группы уже есть урок с этим номером в этот день.');
      });
    expect(await t.database.db.select().from(lessons).where(slot)).toHaveLength(0);
  });
});

describe('the operator resets what a school may not (command line)', () => {
  it('a new one-time password for an account of two schools: the old one stops working, the new one must be changed', async () => {
    const before = await loginAs(t.app, 'multi');
    const done = await operatorResetPassword(t.database.db, 'MULTI');
    expect(done?.login).toBe('multi');
    expect(done!.password.length).toBeGreaterThanOrEqual(8);
    expect((await before.get('/account')).statusCode).toBe(303); // its sessions ended
    await expect(loginAs(t.app, 'multi')).rejects.toThrow(/login as multi failed/);
    const c = await loginAs(t.app, 'multi', done!.password);
    const home = await c.get('/');
    expect(home.statusCode).toBe(303);
    expect(String(home.headers.location)).toContain('/password');
    const [ev] = await t.database.db.select().from(authEvents).where(and(eq(authEvents.kind, 'password_reset'), eq(authEvents.login, 'multi')))
      .orderBy(sql`${authEvents.at} desc`).limit(1);
    expect(ev).toMatchObject({ schoolId: null });
    expect(await operatorResetPassword(t.database.db, 'nobody-here')).toBeUndefined();
  });
});
