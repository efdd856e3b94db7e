// «Календарь на телефоне», the links: only a hash is stored and the link is shown once; making, renewing and revoking
// are audited; a revoked or unknown link answers 404 in Russian and lands in the login journal; a link stops working
// when its parent loses the child, their account is blocked, or the teacher leaves. Who may make which link: another
// family's child, a teacher asking for a child, a parent of another school, another school's ids — refused.
import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authEvents, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { calendarFeeds } from '../../src/modules/calendar/schema.ts';
import { rowsOf } from '../../src/db/client.ts';
import { studentGuardians } from '../../src/modules/people/schema.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { fetchFeed, makeLink, studentId } from './calendar-support.ts';
import { schoolOf } from './journal-support.ts';

let t: TestApp;
let school: string;
let dima: string;
let alisa: string;
let stranger: string;
let parent: Client;
const db = () => t.database.db;
const feeds = () => db().select().from(calendarFeeds).where(eq(calendarFeeds.schoolId, school));
const lastRefusal = async () => (await db().select().from(authEvents).where(eq(authEvents.kind, 'calendar_feed_refused')).orderBy(desc(authEvents.id)).limit(1))[0];
const accountId = async (login: string) => (await db().select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login)))[0]!.id;

async function expectRefused(path: string, detail: string, schoolId: string | null) {
  const res = await fetchFeed(t.app, path);
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).toContain('Календарь не найден: ссылка отозвана или неверна.');
  expect(await lastRefusal()).toMatchObject({ detail, schoolId, userAgent: 'TestCalendar/1.0' });
}

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'parent');
  dima = await studentId(db(), school, 'Морозов', 'Дмитрий');
  alisa = await studentId(db(), school, 'Морозова', 'Алиса');
  // Another family's child of 5А.
  const [other] = rowsOf<{ id: string }>(await db().execute(sql`select s.id from students s
    join class_memberships cm on cm.school_id = s.school_id and cm.student_id = s.id
    join classes c on c.school_id = cm.school_id and c.id = cm.class_id where s.school_id = ${school} and c.name = '5А' and s.last_name <> 'Морозов' limit 1`));
  stranger = other!.id;
  parent = await loginAs(t.app, 'parent');
});
afterAll(async () => { await t?.close(); });

describe('making a link', () => {
  it('shows the link once; only its SHA-256 is stored; the page says the link works; audited', async () => {
    const made = await makeLink(parent, `/calendar/students/${dima}`);
    expect(made.status).toBe(200);
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.url).toMatch(/^http:\/\/localhost(:\d+)?\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(made.body).toContain(`href="${made.url.replace('http://', 'webcal://')}"`);
    expect(mainText(made.body)).toContain('Ссылка показывается один раз');
    const [row] = await feeds();
    expect(row).toMatchObject({ studentId: dima, staffId: null, accountId: await accountId('parent'), revokedAt: null, lastUsedAt: null });
    expect(row!.tokenHash).toBe(createHash('sha256').update(made.token).digest('hex'));
    // The raw token is nowhere in the database: not in the link's row, the audit trail, the sessions or the login journal.
    const [found] = rowsOf<{ n: number | string }>(await db().execute(sql`select
      (select count(*) from calendar_feeds f where f::text like ${`%${made.token}%`}) +
      (select count(*) from audit_events a where a::text like ${`%${made.token}%`}) +
      (select count(*) from sessions s where s::text like ${`%${made.token}%`}) +
      (select count(*) from auth_events e where e::text like ${`%${made.token}%`}) as n`));
    expect(Number(found!.n)).toBe(0);
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.entity, 'calendar_feed'), eq(auditEvents.entityId, row!.id)));
    expect(audit).toMatchObject({ action: 'create', actorRole: 'parent', newValue: { for: 'student', studentId: dima } });
    const page = await parent.get('/calendar');
    expect(page.body).not.toContain(made.token);
    expect(mainText(page.body)).toMatch(/Дмитрий Морозов 5А класс ссылка действует создана \d\d\.\d\d\.\d{4} \d\d:\d\d\. Календарь по ней ещё не подключали\./);
    expect((await fetchFeed(t.app, made.path)).statusCode).toBe(200);
    expect((await feeds())[0]!.lastUsedAt).not.toBeNull();
    expect(mainText((await parent.get('/calendar')).body)).toContain('Телефон последний раз обновлял календарь');
  });

  it('a new link replaces the old one: the old answers 404, one live link, both acts audited', async () => {
    const first = await makeLink(parent, `/calendar/students/${alisa}`);
    const second = await makeLink(parent, `/calendar/students/${alisa}`);
    expect(second.token).not.toBe(first.token);
    await expectRefused(first.path, 'revoked', school);
    expect((await fetchFeed(t.app, second.path)).statusCode).toBe(200);
    const rows = (await feeds()).filter((f) => f.studentId === alisa);
    expect(rows.map((r) => r.revokedAt === null).sort()).toEqual([false, true]);
    const acts = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entity, 'calendar_feed'));
    expect(acts.map((a) => a.action).sort()).toEqual(['create', 'create', 'create', 'revoke']);
  });
});

describe('revoking and refusing', () => {
  it('a revoked link answers 404 with a Russian text, audited in the school\'s login journal', async () => {
    const made = await makeLink(parent, `/calendar/students/${dima}`);
    const res = await parent.post(`/calendar/students/${dima}/revoke`);
    expect(res.statusCode).toBe(303);
    expect(mainText((await parent.get('/calendar')).body)).toContain('Ссылка отозвана: календарь на телефоне больше не обновляется.');
    await expectRefused(made.path, 'revoked', school);
    expect(mainText((await (await loginAs(t.app, 'admin')).get('/admin/logins')).body)).toContain('ссылка на календарь отклонена');
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.entity, 'calendar_feed'), eq(auditEvents.action, 'revoke')))
      .orderBy(desc(auditEvents.seq)).limit(1);
    expect(audit).toMatchObject({ actorRole: 'parent', oldValue: { for: 'student', studentId: dima } });
  });

  it('an unknown or malformed link answers 404, audited without a school', async () => {
    await expectRefused(`/calendar/feed/${'A'.repeat(43)}.ics`, 'unknown', null);
    await expectRefused('/calendar/feed/not-a-token.ics', 'unknown', null);
  });

  it('stops working when the parent is no longer linked to the child, and while the account is blocked', async () => {
    const made = await makeLink(parent, `/calendar/students/${alisa}`);
    const [link] = await db().select().from(studentGuardians).where(and(eq(studentGuardians.schoolId, school), eq(studentGuardians.studentId, alisa)));
    await db().delete(studentGuardians).where(and(eq(studentGuardians.schoolId, school), eq(studentGuardians.studentId, alisa)));
    await expectRefused(made.path, 'unlinked', school);
    await db().insert(studentGuardians).values(link!);
    expect((await fetchFeed(t.app, made.path)).statusCode).toBe(200);
    const own = and(eq(memberships.schoolId, school), eq(memberships.accountId, await accountId('parent')));
    await db().update(memberships).set({ disabledAt: sql`now()` }).where(own);
    await expectRefused(made.path, 'blocked', school);
    await db().update(memberships).set({ disabledAt: null }).where(own);
  });

  it('a teacher\'s link stops working when she leaves the school (her membership is blocked)', async () => {
    const made = await makeLink(await loginAs(t.app, 'classteacher'), '/calendar/staff');
    expect((await fetchFeed(t.app, made.path)).statusCode).toBe(200);
    await db().update(memberships).set({ disabledAt: sql`now()` })
      .where(and(eq(memberships.schoolId, school), eq(memberships.accountId, await accountId('classteacher'))));
    await expectRefused(made.path, 'blocked', school);
  });
});

describe('who may make which link', () => {
  it('another family\'s child: 404, nothing stored; the student may not link a sibling', async () => {
    const before = (await feeds()).length;
    await parent.get('/calendar');
    expect((await parent.post(`/calendar/students/${stranger}`)).statusCode).toBe(404);
    expect((await parent.post(`/calendar/students/${stranger}/revoke`)).statusCode).toBe(404);
    expect((await parent.post('/calendar/students/not-a-uuid')).statusCode).toBe(404);
    const student = await loginAs(t.app, 'student');
    await student.get('/calendar');
    expect((await student.post(`/calendar/students/${alisa}`)).statusCode).toBe(404);
    expect((await feeds()).length).toBe(before);
  });

  it('roles: a teacher may not link a child, a parent or a student not a teacher\'s lessons; admin and secretary have no page', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    await teacher.get('/calendar');
    expect((await teacher.post(`/calendar/students/${dima}`)).statusCode).toBe(403);
    expect(mainText((await teacher.get('/calendar')).body)).toContain('Мои уроки');
    expect(mainText((await teacher.get('/calendar')).body)).not.toContain('Дмитрий');
    await parent.get('/calendar');
    expect((await parent.post('/calendar/staff')).statusCode).toBe(403);
    expect((await parent.post('/calendar/staff/revoke')).statusCode).toBe(403);
    for (const login of ['admin', 'secretary']) expect((await (await loginAs(t.app, login)).get('/calendar')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/calendar' })).statusCode).toBe(303);
  });

  it('another school: its parent gets 404 for this school\'s child, this parent 404 for its child', async () => {
    const other = await buildSmallSchool(t.database, 'cf', 'Школа календаря');
    const theirParent = await loginAs(t.app, 'cf-parent', FIXTURE_PASSWORD);
    await theirParent.get('/calendar');
    expect((await theirParent.post(`/calendar/students/${dima}`)).statusCode).toBe(404);
    const theirChild = other.students.get('5А-1')!;
    const made = await makeLink(theirParent, `/calendar/students/${theirChild}`);
    expect(made.status).toBe(200);
    await parent.get('/calendar');
    expect((await parent.post(`/calendar/students/${theirChild}`)).statusCode).toBe(404);
    expect((await parent.post(`/calendar/students/${theirChild}/revoke`)).statusCode).toBe(404);
    // Their link lives in their school and answers there.
    const [row] = await db().select().from(calendarFeeds).where(eq(calendarFeeds.studentId, theirChild));
    expect(row!.schoolId).toBe(other.schoolId);
    expect((await fetchFeed(t.app, made.path)).statusCode).toBe(200);
  });
});
