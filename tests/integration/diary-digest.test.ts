// The weekly e-mail digest through HTTP and a real SMTP listener (smtp-server on 127.0.0.1): the parent's opt-in with
// its checks and audit row, the outbox without SMTP_URL (kept, seen by the admin), a refused delivery recorded and
// retried, the delivered mail's content (marks, an absence, homework, escaped HTML), dedupe, opting out, the CLI
// command, the timer's tick, and who may see what (403 by role, 404 for another school's message).
import { and, between, eq, like } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { sendDigestsCommand } from '../../src/cli/send-digests.ts';
import { loadConfig } from '../../src/config.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { digestTick } from '../../src/modules/diary/digest-timer.ts';
import { digestSubscriptions, outbox } from '../../src/modules/diary/schema.ts';
import { attendance, marks } from '../../src/modules/journal/schema.ts';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { guardians, studentGuardians, students } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { subjects } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { schoolIds } from './accounts-support.ts';
import { demoGroup } from './journal-support.ts';

const WEEK = '2026-11-16';
const SUBJECT = 'Дневник: неделя 16.11–22.11.2026 — Алиса, Дмитрий';
const EMAIL = 'anna.digest@example.ru';
const HOMEWORK = 'Задача <№ 7> & «повторить»';

let t: TestApp;
let plain: FastifyInstance; // the same database, without SMTP_URL
let smtp: SMTPServer;
let smtpUrl = '';
let refuse = false;
const inbox: Array<{ rcpt: string[]; raw: Buffer }> = [];
let s1: string;
let s2: string;
let dima: string;
let absentLesson: string;
let father: string;
const db = () => t.database.db;

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        inbox.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        return callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return (smtp.server.address() as { port: number }).port;
}

/** Дмитрий's own facts of the week, straight from the journal tables: [date, subject, value]. */
async function dimaMarks() {
  return db().select({ date: lessons.date, subject: subjects.name, value: marks.value }).from(marks)
    .innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId)))
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(marks.schoolId, s1), eq(marks.studentId, dima), between(lessons.date, WEEK, '2026-11-22')));
}

const ddmm = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
const outboxOf = (schoolId: string) => db().select().from(outbox).where(eq(outbox.schoolId, schoolId));
const parse = (i: number): Promise<ParsedMail> => simpleParser(inbox[i]!.raw);

/** A parent account of a school-2 family (the demo has no parent login there). */
async function schoolTwoParent(): Promise<{ login: string; childName: string }> {
  const [g] = await db().select({ guardianId: studentGuardians.guardianId, first: students.firstName, last: students.lastName })
    .from(studentGuardians).innerJoin(students, and(eq(students.schoolId, studentGuardians.schoolId), eq(students.id, studentGuardians.studentId)))
    .where(eq(studentGuardians.schoolId, s2)).limit(1);
  const [acc] = await db().insert(accounts).values({ login: 'parent-two', fullName: 'Родитель Второй школы', passwordHash: await hashPassword('otmetka-demo') })
    .returning({ id: accounts.id });
  await db().insert(memberships).values({ schoolId: s2, accountId: acc!.id, roles: ['parent'], guardianId: g!.guardianId });
  return { login: 'parent-two', childName: `${g!.first} ${g!.last}` };
}

beforeAll(async () => {
  smtpUrl = `smtp://127.0.0.1:${await startSmtp()}`;
  t = await startTestApp({ env: { SMTP_URL: smtpUrl } });
  plain = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: t.appDatabase, loginRateLimit: 1000 });
  ({ s1, s2 } = await schoolIds(db()));
  [{ id: dima }] = await db().select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, s1), eq(students.lastName, 'Морозов'), eq(students.firstName, 'Дмитрий'))) as [{ id: string }];
  // An absence with its reason and a homework with characters HTML must escape, on 5А maths lessons of the week.
  const math = await demoGroup(db(), s1, '5А', 'Математика');
  const week = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
    .where(and(eq(lessons.schoolId, s1), eq(lessons.groupId, math), between(lessons.date, WEEK, '2026-11-21'))).orderBy(lessons.date, lessons.lessonNumber);
  expect(week.length).toBeGreaterThan(1);
  absentLesson = week[0]!.id;
  await db().delete(marks).where(and(eq(marks.schoolId, s1), eq(marks.lessonId, absentLesson), eq(marks.studentId, dima)));
  await db().insert(attendance).values({ schoolId: s1, lessonId: absentLesson, studentId: dima, kind: 'absent', reason: 'illness' })
    .onConflictDoUpdate({ target: [attendance.schoolId, attendance.lessonId, attendance.studentId], set: { kind: 'absent', reason: 'illness' } });
  // Дмитрий's father gets an account too, but never opts in.
  [{ id: father }] = await db().select({ id: guardians.id }).from(guardians)
    .where(and(eq(guardians.schoolId, s1), eq(guardians.lastName, 'Морозов'), eq(guardians.firstName, 'Сергей'))) as [{ id: string }];
  const [acc] = await db().insert(accounts).values({ login: 'father-morozov', fullName: 'Морозов Сергей Викторович', passwordHash: await hashPassword('otmetka-demo') })
    .returning({ id: accounts.id });
  await db().insert(memberships).values({ schoolId: s1, accountId: acc!.id, roles: ['parent'], guardianId: father });
  await db().update(lessons).set({ homework: HOMEWORK }).where(and(eq(lessons.schoolId, s1), eq(lessons.id, week[1]!.id)));
}, 240_000);

afterAll(async () => {
  await plain?.close();
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('the parent opts in', () => {
  let parent: Client;
  beforeAll(async () => { parent = await loginAs(t.app, 'parent'); });

  it('sees the form prefilled with the guardian card\'s e-mail (the school collects contacts), not yet subscribed', async () => {
    const res = await parent.get('/diary/digest');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="morozova.anna@example.ru"');
    const text = mainText(res.body);
    expect(text).toContain('сводка не приходит');
    expect(text).toContain('Дмитрий Морозов (5А)');
    expect(text).toContain('Алиса Морозова (2А)');
    expect(mainText((await parent.get('/')).body)).toContain('Сводка дневника на e-mail');
  });

  it.each([
    ['not-an-email', 'указан неверно'],
    ['anna@example', 'указан неверно'],
    ['anna@example.ru\r\nBcc: x@evil.ru', 'указан неверно'],
    [`${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}.ru`, 'не длиннее 254'],
    ['', 'Укажите адрес'],
  ])('refuses %j with 422 and a message at the field, the value kept', async (email, message) => {
    await parent.get('/diary/digest');
    const res = await parent.post('/diary/digest', { enabled: 'on', email });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/class="field-error" id="e-email">[^<]*/);
    expect(mainText(res.body)).toContain(message);
    if (email && !email.includes('\r')) expect(res.body).toContain(`value="${email}"`);
    expect(await db().select().from(digestSubscriptions).where(eq(digestSubscriptions.schoolId, s1))).toEqual([]);
  });

  it('turns the digest on with an address, with an audit row', async () => {
    await parent.get('/diary/digest');
    const res = await parent.post('/diary/digest', { enabled: 'on', email: EMAIL });
    expect(res.statusCode).toBe(303);
    const page = await parent.get('/diary/digest');
    expect(mainText(page.body)).toContain(`Еженедельная сводка будет приходить на ${EMAIL}`);
    expect(mainText(page.body)).toContain(`сводка включена, адрес ${EMAIL}`);
    const rows = await db().select().from(digestSubscriptions).where(eq(digestSubscriptions.schoolId, s1));
    expect(rows).toMatchObject([{ email: EMAIL, enabled: true }]);
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.schoolId, s1), eq(auditEvents.entity, 'digest_subscription')));
    expect(audit).toMatchObject([{ entityId: rows[0]!.guardianId, action: 'create', newValue: { email: EMAIL, enabled: true } }]);
  });
});

describe('sending the week\'s digests', () => {
  let admin: Client;
  const trigger = async (app: FastifyInstance, week: string, who?: Client) => {
    const c = who ?? (await loginAs(app, 'admin'));
    await c.get('/admin/outbox');
    const res = await c.post('/admin/outbox/digests', { week });
    return { res, page: await c.get('/admin/outbox'), client: c };
  };
  beforeAll(async () => { admin = await loginAs(t.app, 'admin'); });

  it('without SMTP_URL the digest is queued and kept; the admin sees it in the outbox', async () => {
    const { res, page } = await trigger(plain, WEEK);
    expect(res.statusCode).toBe(303);
    const text = mainText(page.body);
    expect(text).toContain('новых писем — 1');
    expect(text).toContain('не настроен: письма остались в очереди');
    expect(text).toContain(SUBJECT);
    expect(text).toContain(EMAIL);
    expect(text).toContain('в очереди');
    const rows = await outboxOf(s1);
    expect(rows).toMatchObject([{ kind: 'digest', toAddress: EMAIL, subject: SUBJECT, sentAt: null, error: null }]);
    expect(rows[0]!.dedupeKey).toMatch(new RegExp(`^digest:[0-9a-f-]{36}:${WEEK}$`));
    expect(inbox).toHaveLength(0);
  });

  it('a refused delivery is recorded on the row and nothing crashes', async () => {
    refuse = true;
    try {
      const { res, page } = await trigger(t.app, WEEK, admin);
      expect(res.statusCode).toBe(303);
      expect(mainText(page.body)).toContain('уже были в очереди — 1');
      expect(mainText(page.body)).toContain('с ошибкой: 1');
      expect(mainText(page.body)).toMatch(/ошибка: .*Mailbox unavailable/);
    } finally {
      refuse = false;
    }
    expect(await outboxOf(s1)).toMatchObject([{ sentAt: null, error: expect.stringContaining('Mailbox unavailable') }]);
    expect(inbox).toHaveLength(0);
  });

  it('the next run delivers it over SMTP: to, subject, marks with subjects, the absence, homework', async () => {
    const { page } = await trigger(t.app, WEEK, admin);
    expect(mainText(page.body)).toContain('Отправлено: 1');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.rcpt).toEqual([EMAIL]);
    const mail = await parse(0);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : '').toBe(EMAIL);
    expect(mail.from?.value[0]).toMatchObject({ address: 'no-reply@otmetka.local', name: 'Отметка' });
    expect(mail.subject).toBe(SUBJECT);
    const text = mail.text ?? '';
    expect(text).toContain('Морозов Дмитрий, 5А');
    expect(text).toContain('Морозова Алиса, 2А');
    const own = await dimaMarks();
    expect(own.length).toBeGreaterThan(0);
    const dimaPart = text.slice(text.indexOf('Морозов Дмитрий, 5А')); // the children come in order of first names: Алиса, then Дмитрий
    for (const m of own) expect(dimaPart).toContain(`${ddmm(m.date)} ${m.subject} — ${m.value} (`);
    expect(dimaPart).toMatch(/\d\d\.11, \d-й урок, Математика — пропуск, причина: по болезни/);
    expect(dimaPart).toMatch(new RegExp(`Математика, к \\d\\d\\.\\d\\d \\(задано \\d\\d\\.11\\): ${HOMEWORK}`));
    expect(mail.html).toContain('Задача &lt;№ 7&gt; &amp; «повторить»');
    expect(mail.html).not.toContain('<№ 7>');
    const [row] = await outboxOf(s1);
    expect(row!.sentAt).toBeInstanceOf(Date);
    expect(row!.error).toBeNull();
    expect(mainText(page.body)).toMatch(/отправлено \d\d\.\d\d\.\d{4} \d\d:\d\d/);
  });

  it('a second run sends nothing new (one digest per guardian and week)', async () => {
    const { page } = await trigger(t.app, WEEK, admin);
    expect(mainText(page.body)).toContain('новых писем — 0, уже были в очереди — 1');
    expect(mainText(page.body)).toContain('Отправлено: 0');
    expect(inbox).toHaveLength(1);
    expect(await outboxOf(s1)).toHaveLength(1);
    const tick = await digestTick(db(), loadConfig({ SMTP_URL: smtpUrl }), new Date('2026-11-21T13:00:00Z')); // Saturday 16:00 in Moscow
    expect(tick).toMatchObject({ queued: 0, already: 1, sent: 0 });
    expect(inbox).toHaveLength(1);
  });

  it('the admin reads the message\'s text', async () => {
    const [row] = await outboxOf(s1);
    const res = await admin.get(`/admin/outbox/${row!.id}`);
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain(SUBJECT);
    expect(res.body).toContain('Задача &lt;№ 7&gt; &amp; «повторить»');
  });

  it('the week field is checked: 422 at the field for a malformed, future or too old week', async () => {
    for (const [week, message] of [['32.13.2026', 'ДД.ММ.ГГГГ'], ['2030-01-07', 'прошедшую или текущую'], ['2020-01-06', 'больше года назад']] as const) {
      await admin.get('/admin/outbox');
      const res = await admin.post('/admin/outbox/digests', { week });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="e-week"');
      expect(mainText(res.body)).toContain(message);
    }
  });

  it('the CLI command queues and sends a week; a bad --week is refused', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const config = loadConfig({ SMTP_URL: smtpUrl });
      expect(await sendDigestsCommand(t.database, config, ['--week', '2026-11-11'], 'usage')).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('Сводки за неделю 09.11–15.11.2026: новых писем — 1');
      expect(inbox).toHaveLength(2);
      expect((await parse(1)).subject).toBe('Дневник: неделя 09.11–15.11.2026 — Алиса, Дмитрий');
      expect(await sendDigestsCommand(t.database, config, ['--week', 'вчера'], 'usage')).toBe(2);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });

  it('after opting out nothing more is queued', async () => {
    const parent = await loginAs(t.app, 'parent');
    await parent.get('/diary/digest');
    expect((await parent.post('/diary/digest', { email: EMAIL })).statusCode).toBe(303);
    expect(mainText((await parent.get('/diary/digest')).body)).toContain('сводка не приходит');
    const { page } = await trigger(t.app, '2026-11-02', admin);
    expect(mainText(page.body)).toContain('новых писем — 0');
    expect(await db().select().from(outbox).where(and(eq(outbox.schoolId, s1), like(outbox.dedupeKey, '%:2026-11-02')))).toEqual([]);
    expect(inbox).toHaveLength(2);
  });
});

describe('who may see what', () => {
  it.each(['teacher', 'parent', 'student', 'deputy'])('%s → 403 on the outbox', async (login) => {
    const c = await loginAs(t.app, login);
    const [row] = await outboxOf(s1);
    expect((await c.get('/admin/outbox')).statusCode).toBe(403);
    expect((await c.get(`/admin/outbox/${row!.id}`)).statusCode).toBe(403);
    expect((await c.post('/admin/outbox/digests', { week: WEEK })).statusCode).toBe(403);
  });

  it.each(['admin', 'teacher', 'student'])('%s → 403 on the parent\'s digest page', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/diary/digest')).statusCode).toBe(403);
    expect((await c.post('/diary/digest', { enabled: 'on', email: EMAIL })).statusCode).toBe(403);
  });

  it('admin2 sees only their school\'s outbox: school 1\'s message → 404, a malformed id → 404', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const [row] = await outboxOf(s1);
    const list = await admin2.get('/admin/outbox');
    expect(list.statusCode).toBe(200);
    expect(mainText(list.body)).not.toContain(EMAIL);
    expect((await admin2.get(`/admin/outbox/${row!.id}`)).statusCode).toBe(404);
    expect((await admin2.get('/admin/outbox/not-a-uuid')).statusCode).toBe(404);
  });

  it('a parent of another school sees only their own child and subscribes in their school; no lessons there, no digest', async () => {
    const { login, childName } = await schoolTwoParent();
    const c = await loginAs(t.app, login);
    const page = await c.get('/diary/digest');
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain(childName);
    expect(mainText(page.body)).not.toContain('Дмитрий Морозов'); // school 1's child (school 2 may have a Дмитрий of its own)
    expect(page.body).not.toContain('morozova.anna@example.ru');
    expect((await c.post('/diary/digest', { enabled: 'on', email: 'two@example.ru' })).statusCode).toBe(303);
    expect(await db().select().from(digestSubscriptions).where(eq(digestSubscriptions.email, 'two@example.ru'))).toMatchObject([{ schoolId: s2 }]);
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get('/admin/outbox');
    expect((await admin2.post('/admin/outbox/digests', { week: WEEK })).statusCode).toBe(303);
    expect(await outboxOf(s2)).toEqual([]);
    expect(inbox.some((m) => m.rcpt.includes('two@example.ru'))).toBe(false);
  });

  it('a parent who never opted in gets nothing', async () => {
    const c = await loginAs(t.app, 'father-morozov');
    expect(mainText((await c.get('/diary/digest')).body)).toContain('сводка не приходит');
    expect(await db().select().from(outbox).where(like(outbox.dedupeKey, `digest:${father}:%`))).toEqual([]);
    expect(inbox.every((m) => m.rcpt.length === 1 && m.rcpt[0] === EMAIL)).toBe(true);
  });
});
