import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authEvents, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { guardians, studentGuardians, students } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText, navLabels } from '../support/client.ts';
import { classId, classTeacherLogin, countRows, membershipOf, PLAIN_PASSWORD, plainTeacher, schoolIds, slipsOf } from './accounts-support.ts';

let t: TestApp;
let s1: string;
let c5a: string;
let c5b: string;
const ids = { twin: '', shared: '', left: '', future: '' };

/** 5А gets a second child of an existing mother (twins), a student who left in October and one who arrives in December. */
async function arrangeClass(): Promise<void> {
  const db = t.database.db;
  const [first] = await db.select({ studentId: classMemberships.studentId }).from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, s1), eq(classMemberships.classId, c5a), eq(students.lastName, 'Морозов')));
  const others = await db.select({ studentId: classMemberships.studentId, guardianId: studentGuardians.guardianId }).from(classMemberships)
    .innerJoin(studentGuardians, and(eq(studentGuardians.schoolId, classMemberships.schoolId), eq(studentGuardians.studentId, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, s1), eq(classMemberships.classId, c5a)));
  const mother = others.find((o) => o.studentId !== first!.studentId)!;
  ids.shared = mother.guardianId;
  const add = async (lastName: string, startsOn: string, endsOn: string | null, guardianId: string) => {
    const [s] = await db.insert(students).values({ schoolId: s1, lastName, firstName: 'Тест', middleName: 'Тестович', sex: 'м' }).returning({ id: students.id });
    await db.insert(classMemberships).values({ schoolId: s1, studentId: s!.id, classId: c5a, startsOn, endsOn, endKind: endsOn ? 'withdrawal' : null });
    await db.insert(studentGuardians).values({ schoolId: s1, studentId: s!.id, guardianId, relation: 'мать' });
    return s!.id;
  };
  ids.twin = await add('Двойняшкин', '2026-09-01', null, ids.shared);
  const [g] = await db.insert(guardians).values({ schoolId: s1, lastName: 'Ушедшева', firstName: 'Ольга' }).returning({ id: guardians.id });
  ids.left = await add('Ушедший', '2026-09-01', '2026-10-15', g!.id);
  ids.future = await add('Будущий', '2026-12-01', null, g!.id);
}

beforeAll(async () => {
  t = await startTestApp();
  ({ s1 } = await schoolIds(t.database.db));
  c5a = await classId(t.database.db, s1, '5А');
  c5b = await classId(t.database.db, s1, '5Б');
  await arrangeClass();
  await plainTeacher(t.database.db, s1);
  await classTeacherLogin(t.database.db, s1, '5Б', 'ct-5b');
});
afterAll(async () => { await t.close(); });

async function linkedIds(column: typeof memberships.studentId | typeof memberships.guardianId, values: string[]) {
  return t.database.db.select({ id: column }).from(memberships).where(and(eq(memberships.schoolId, s1), inArray(column, values)));
}

describe('class accounts: who may not', () => {
  it('answers 404 to the class teacher of 5А for another class, and for a member outside the class', async () => {
    const db = t.database.db;
    const before = await countRows(db, accounts);
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get('/accounts/classes');
    expect((await ct.get(`/accounts/classes/${c5b}`)).statusCode).toBe(404);
    expect((await ct.post(`/accounts/classes/${c5b}/accounts`)).statusCode).toBe(404);
    const teacher = await membershipOf(db, 'teacher');
    const hash = async () => (await db.select({ h: accounts.passwordHash }).from(accounts).where(eq(accounts.id, teacher.accountId)))[0]!.h;
    const h0 = await hash();
    expect((await ct.post(`/accounts/classes/${c5a}/reset/${teacher.id}`)).statusCode).toBe(404);
    expect((await ct.get('/accounts/classes/not-a-uuid')).statusCode).toBe(404);
    expect((await ct.post(`/accounts/classes/${c5a}/reset/not-a-uuid`)).statusCode).toBe(404);
    expect(await hash()).toBe(h0);
    // The class teacher of 5Б: her own class opens, 5А is not hers.
    const ct5b = await loginAs(t.app, 'ct-5b', PLAIN_PASSWORD);
    expect(mainText((await ct5b.get('/accounts/classes')).body)).toMatch(/Учётные записи класса .* 5Б$/);
    expect((await ct5b.get(`/accounts/classes/${c5b}`)).statusCode).toBe(200);
    expect((await ct5b.get(`/accounts/classes/${c5a}`)).statusCode).toBe(404);
    expect((await ct5b.post(`/accounts/classes/${c5a}/accounts`)).statusCode).toBe(404);
    expect((await ct5b.post(`/accounts/classes/${c5a}/reset/${(await membershipOf(db, 'student')).id}`)).statusCode).toBe(404);
    expect(await countRows(db, accounts)).toBe(before);
  });

  it.each(['deputy', 'plain-teacher', 'secretary', 'parent', 'student'])('answers 403 to %s', async (login) => {
    const c = await loginAs(t.app, login, login === 'plain-teacher' ? PLAIN_PASSWORD : undefined);
    for (const path of ['/accounts/classes', `/accounts/classes/${c5a}`]) {
      const res = await c.get(path);
      expect(res.statusCode, `${login} ${path}`).toBe(403);
    }
    expect((await c.post(`/accounts/classes/${c5a}/accounts`)).statusCode).toBe(403);
  });

  it("answers 404 to admin2 for school 1's class and members, and changes nothing", async () => {
    const db = t.database.db;
    const before = { accounts: await countRows(db, accounts), audit: await countRows(db, auditEvents) };
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get('/accounts/classes');
    const m = await membershipOf(db, 'classteacher');
    expect((await admin2.get(`/accounts/classes/${c5a}`)).statusCode).toBe(404);
    expect((await admin2.post(`/accounts/classes/${c5a}/accounts`)).statusCode).toBe(404);
    expect((await admin2.post(`/accounts/classes/${c5a}/reset/${m.id}`)).statusCode).toBe(404);
    expect({ accounts: await countRows(db, accounts), audit: await countRows(db, auditEvents) }).toEqual(before);
  });

  it('lets the admin open any class of the year', async () => {
    const admin = await loginAs(t.app, 'admin');
    const list = await admin.get('/accounts/classes');
    expect(list.body.match(/href="\/accounts\/classes\/[0-9a-f-]{36}"/g)).toHaveLength(22);
    const page = await admin.get(`/accounts/classes/${c5b}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Учётные записи: 5Б');
  });
});

describe('class accounts: the class teacher of 5А', () => {
  it('finds the page in the navigation and sees only their class listed', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const res = await ct.get('/accounts/classes');
    expect(res.statusCode).toBe(200);
    expect(navLabels(res.body)).toContain('Учётные записи класса');
    expect(res.body).toContain(`href="/accounts/classes/${c5a}"`);
    expect(res.body).not.toContain(`href="/accounts/classes/${c5b}"`);
  });

  it('sees the current students of 5А and their guardians with account state', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const res = await ct.get(`/accounts/classes/${c5a}`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Морозов Дмитрий Сергеевич');
    expect(text).toMatch(/Морозов Дмитрий Сергеевич обучающийся student/);
    expect(text).toContain('Двойняшкин Тест Тестович');
    expect(text).not.toContain('Ушедший');
    expect(text).not.toContain('Будущий');
    expect(text).toContain('нет учётной записи');
    expect(res.body).toContain(`href="/people/students/${ids.twin}"`);
    expect(res.body).toContain('Создать учётные записи');
  });

  it('creates accounts for all students and guardians without one, once, and prints slips', async () => {
    const db = t.database.db;
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(`/accounts/classes/${c5a}`);
    const before = await countRows(db, accounts);
    const res = await ct.post(`/accounts/classes/${c5a}/accounts`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const slips = slipsOf(res.body);
    expect(slips.length).toBeGreaterThanOrEqual(20);
    expect(await countRows(db, accounts)).toBe(before + slips.length);
    expect(new Set(slips.map((s) => s.login)).size).toBe(slips.length);
    for (const s of slips) {
      expect(s.login).toMatch(/^[a-z0-9._-]{3,64}$/);
      expect(s.password).toMatch(/^[A-Za-z2-9]{10}$/);
    }
    expect(res.body).toContain('г. Демоград, ул. Школьная, д. 1');
    expect(res.body).toContain('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
    expect(res.body).toContain('http://localhost');
    expect(mainText(res.body)).toContain('при первом входе смените пароль');
    // A mother of twins in the class: one account, one slip naming both children.
    expect(await linkedIds(memberships.guardianId, [ids.shared])).toHaveLength(1);
    const shared = slips.filter((s) => s.role.startsWith('родитель учеников') && s.role.includes('Двойняшкин Тест Тестович'));
    expect(shared).toHaveLength(1);
    // Students not in the class today get nothing.
    expect(await linkedIds(memberships.studentId, [ids.left, ids.future])).toHaveLength(0);
    expect(await linkedIds(memberships.studentId, [ids.twin])).toHaveLength(1);
    expect(slips.find((s) => s.name === 'Двойняшкин Тест Тестович')?.role).toBe('обучающийся, 5А класс');
    // The demo parent and student already had accounts: reused, not duplicated.
    expect(slips.map((s) => s.login)).not.toContain('parent');
    expect(slips.some((s) => s.name === 'Морозова Анна Игоревна' || s.name === 'Морозов Дмитрий Сергеевич')).toBe(false);
    // Морозов Сергей (father of Дмитрий in 5А and Алиса in 2А) gets one account naming both children.
    expect(slips.find((s) => s.name === 'Морозов Сергей Викторович')?.role).toBe('родитель учеников: Морозов Дмитрий Сергеевич, Морозова Алиса Сергеевна');
    // Passwords are never stored in clear: not in accounts, not in the audit trail.
    const stored = JSON.stringify(await db.select().from(accounts)) + JSON.stringify(await db.select().from(auditEvents));
    for (const s of slips) expect(stored).not.toContain(s.password);
    const created = await db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, s1), eq(auditEvents.entity, 'account'), eq(auditEvents.action, 'created')));
    expect(created).toHaveLength(slips.length);

    // Twice: nothing to create, a message, no new rows.
    await ct.get(`/accounts/classes/${c5a}`);
    const again = await ct.post(`/accounts/classes/${c5a}/accounts`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/accounts/classes/${c5a}`);
    const page = await ct.get(`/accounts/classes/${c5a}`);
    expect(mainText(page.body)).toContain('Создавать нечего');
    expect(page.body).not.toContain('Создать учётные записи');
    expect(await countRows(db, accounts)).toBe(before + slips.length);

    // A slip's login and password really log in, and force a new password.
    const slip = slips.find((s) => s.role.startsWith('обучающийся'))!;
    const student = new Client(t.app);
    await student.get('/login');
    const login = await student.post('/login', { login: slip.login, password: slip.password });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toMatch(/^\/password/);
    expect((await student.get('/')).headers.location).toBe('/password');
    await student.get('/password');
    const changed = await student.post('/password', { current: slip.password, password: 'Новый-пароль-2026', confirm: 'Новый-пароль-2026', next: '/' });
    expect(changed.headers.location).toBe('/');
    expect((await student.get('/')).statusCode).toBe(200);
  });

  it('resets the password of a student of the class: old sessions end, the new one-time password works', async () => {
    const db = t.database.db;
    const victim = await loginAs(t.app, 'student');
    expect((await victim.get('/')).statusCode).toBe(200);
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(`/accounts/classes/${c5a}`);
    const m = await membershipOf(db, 'student');
    const res = await ct.post(`/accounts/classes/${c5a}/reset/${m.id}`);
    expect(res.statusCode).toBe(200);
    const [slip] = slipsOf(res.body);
    expect(slip).toMatchObject({ name: 'Морозов Дмитрий Сергеевич', login: 'student', role: 'обучающийся, 5А класс' });
    const old = await victim.get('/');
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toMatch(/^\/login/);
    const retry = new Client(t.app);
    await retry.get('/login');
    expect((await retry.post('/login', { login: 'student', password: 'otmetka-demo' })).statusCode).toBe(401);
    const fresh = await retry.post('/login', { login: 'student', password: slip!.password });
    expect(fresh.headers.location).toMatch(/^\/password/);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, m.id), eq(auditEvents.action, 'password_reset')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(slip!.password);
    const ev = await db.select().from(authEvents).where(and(eq(authEvents.accountId, m.accountId), eq(authEvents.kind, 'password_reset')));
    expect(ev).toHaveLength(1);
  });

  it('resets the password of a guardian of the class; the slip names the children', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(`/accounts/classes/${c5a}`);
    const res = await ct.post(`/accounts/classes/${c5a}/reset/${(await membershipOf(t.database.db, 'parent')).id}`);
    expect(res.statusCode).toBe(200);
    expect(slipsOf(res.body)[0]).toMatchObject({ login: 'parent', role: 'родитель учеников: Морозов Дмитрий Сергеевич, Морозова Алиса Сергеевна' });
  });
});
