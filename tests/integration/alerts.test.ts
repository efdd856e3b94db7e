// Alerts to families end to end: the parent's choices (page, form, audit), a browser's subscription, a teacher's mark
// save → exactly one push to an HTTPS push service stood up here (the payload decrypted: «Новая отметка по математике»,
// no mark) and one e-mail to an SMTP listener — none for the father who did not opt in or for another family; quiet
// hours deferral to 07:00; a 410 removes the subscription; a failure is retried; roles and another school's id refused.
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { createMailTransport, type MailSender } from '../../src/modules/diary/outbox.ts';
import { alertDeliveries, alertEvents, alertPrefs, appSettings, pushSubscriptions } from '../../src/modules/alerts/schema.ts';
import { alertsTick } from '../../src/modules/alerts/timer.ts';
import { accounts } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { attendance, lessonColumns, workTypes } from '../../src/modules/journal/schema.ts';
import { studentGuardians, students } from '../../src/modules/people/schema.ts';
import { now } from '../../src/web/clock.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { decryptPush, pushKeys, startPushEndpoint, type PushEndpoint } from '../support/push-endpoint.ts';
import { schoolIds } from './accounts-support.ts';
import { clearLesson, demoGroup, lessonOf, rosterIds } from './journal-support.ts';

let t: TestApp;
let push: PushEndpoint;
let smtp: SMTPServer;
let config: Config;
let mail: MailSender;
const inbox: Buffer[] = [];
let s1: string;
let s2: string;
let dima: string;
let anna: Client;
const keys = pushKeys();
const db = () => t.database.db;
const today = todayIso();
const tomorrow = addDays(today, 1);
/** A moment of the school day `day` at `hhmm:ss` in the demo school's zone (Europe/Moscow, +03:00 all year). */
const schoolTime = (day: string, time: string) => new Date(`${day}T${time}+03:00`);
/** `s` seconds after now on the app's clock (the teacher's save has just happened). */
const afterSave = (s: number) => new Date(now().getTime() + s * 1000);

const tick = (at: Date) => alertsTick(db(), config, { at, mail, agent: push.agent });
const deliveries = () => db().select().from(alertDeliveries).where(eq(alertDeliveries.schoolId, s1));

async function absence(lessonId: string) {
  await db().delete(attendance).where(and(eq(attendance.schoolId, s1), eq(attendance.lessonId, lessonId), eq(attendance.studentId, dima)));
  await db().insert(attendance).values({ schoolId: s1, lessonId, studentId: dima, kind: 'absent' });
}

beforeAll(async () => {
  push = await startPushEndpoint();
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => { inbox.push(Buffer.concat(chunks)); callback(); });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SMTP_URL: smtpUrl, PUBLIC_URL: 'https://school.example.ru' });
  mail = createMailTransport(smtpUrl)!;
  t = await startTestApp();
  ({ s1, s2 } = await schoolIds(db()));
  [{ id: dima }] = await db().select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, s1), eq(students.lastName, 'Морозов'), eq(students.firstName, 'Дмитрий'))) as [{ id: string }];
  anna = await loginAs(t.app, 'parent');
}, 300_000);

afterAll(async () => {
  mail?.close?.();
  await t?.close();
  await push?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('the parent chooses alerts', () => {
  it('finds «Уведомления» from home and sees each child with the choices', async () => {
    expect((await anna.get('/')).body).toContain('href="/diary/alerts"');
    const res = await anna.get('/diary/alerts');
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Дмитрий Морозов (5А)');
    expect(res.body).toContain(`name="${dima}.marks"`);
    const [vapid] = await db().select().from(appSettings).where(eq(appSettings.key, 'vapid_public_key'));
    expect(res.body).toContain(`data-vapid="${vapid!.value}"`);
  });

  it('e-mail chosen without an address → 422 with the message; nothing saved', async () => {
    const res = await anna.post('/diary/alerts', { [`${dima}.marks`]: 'on', [`${dima}.byEmail`]: 'on', email: '' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Укажите адрес электронной почты');
    expect(await db().select().from(alertPrefs).where(eq(alertPrefs.schoolId, s1))).toEqual([]);
  });

  it('saves marks and absences by push and e-mail for Дмитрий, with an audit row; the browser subscribes', async () => {
    await anna.get('/diary/alerts');
    const res = await anna.post('/diary/alerts', { [`${dima}.marks`]: 'on', [`${dima}.absences`]: 'on', [`${dima}.byPush`]: 'on', [`${dima}.byEmail`]: 'on', email: 'anna.alerts@example.ru' });
    expect(res.statusCode).toBe(303);
    expect(await db().select().from(alertPrefs).where(eq(alertPrefs.schoolId, s1)))
      .toMatchObject([{ studentId: dima, marks: true, absences: true, homework: false, byPush: true, byEmail: true, email: 'anna.alerts@example.ru' }]);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.schoolId, s1), eq(auditEvents.entity, 'alert_prefs')))).toHaveLength(1);
    await anna.get('/diary/alerts');
    const sub = await anna.json('/diary/alerts/push', { endpoint: `${push.origin}/push/anna`, keys: { p256dh: keys.p256dh, auth: keys.authB64 } });
    expect(sub.statusCode).toBe(200);
    expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.schoolId, s1))).toHaveLength(1);
    expect((await anna.json('/diary/alerts/push', { endpoint: 'http://evil.example/x', keys: { p256dh: keys.p256dh, auth: keys.authB64 } })).statusCode).toBe(422);
  });
});

describe('a teacher saves marks', () => {
  it('one alert (push + e-mail) for Анна only; the payload decrypts to the lock-screen text without the mark', async () => {
    const group = await demoGroup(db(), s1, '5А', 'Математика');
    const lesson = await lessonOf(db(), s1, group, 'latestPast', today);
    await clearLesson(db(), s1, lesson.id);
    const roster = await rosterIds(db(), s1, group, lesson.date);
    expect(roster).toContain(dima);
    const other = roster.find((id) => id !== dima)!;
    const teacher = await loginAs(t.app, 'teacher');
    await teacher.get(`/journal/lessons/${lesson.id}`);
    const saved = await teacher.post(`/journal/lessons/${lesson.id}/marks`, { [`m_${dima}_1`]: '5', [`w_${dima}_1`]: '', [`m_${other}_1`]: '3', [`w_${other}_1`]: '' });
    expect(saved.statusCode).toBe(303);
    // In the same transaction as the save: one event for Дмитрий (the other child's family chose nothing).
    expect(await db().select().from(alertEvents).where(eq(alertEvents.schoolId, s1))).toMatchObject([{ kind: 'mark', studentId: dima, status: 'pending' }]);
    const r = await tick(afterSave(30));
    expect(r).toMatchObject({ alerts: 1, sent: 2, failed: 0 });
    expect(push.received).toHaveLength(1);
    expect(push.received[0]!.path).toBe('/push/anna');
    expect(push.received[0]!.headers['content-encoding']).toBe('aes128gcm');
    expect(String(push.received[0]!.headers.authorization)).toMatch(/^vapid t=.+, k=/);
    const payload = JSON.parse(decryptPush(push.received[0]!.body, keys)) as Record<string, string>;
    expect(payload).toEqual({ title: 'Дмитрий', body: 'Новая отметка по математике', url: `/diary/${dima}` });
    expect(inbox).toHaveLength(1);
    const m = await simpleParser(inbox[0]!);
    expect(m.to && 'text' in m.to ? m.to.text : '').toBe('anna.alerts@example.ru');
    expect(m.subject).toBe('Дмитрий: новая отметка по математике');
    expect(m.text).not.toMatch(/\b5\b/);
    // Absolute links (PUBLIC_URL): the child's diary, and where to change or stop the alerts (also List-Unsubscribe).
    expect(m.text).toContain(`Подробности — в дневнике «Отметки»: https://school.example.ru/diary/${dima}`);
    expect(m.text).toContain('Изменить или отключить уведомления: https://school.example.ru/diary/alerts');
    expect(m.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://school.example.ru/diary/alerts' } });
    expect(await db().select().from(alertEvents).where(eq(alertEvents.schoolId, s1))).toMatchObject([{ status: 'done' }]);
    // Nothing more on the next tick.
    expect(await tick(afterSave(60))).toMatchObject({ alerts: 0, sent: 0 });
    expect(push.received).toHaveLength(1);
  });
});

describe('a burst of marks in one lesson', () => {
  it('three saves for Дмитрий within the timer\'s window (two columns, one changed) make one alert, one push and one e-mail', async () => {
    const group = await demoGroup(db(), s1, '5А', 'Математика');
    const lesson = await lessonOf(db(), s1, group, 'latestPast', today);
    await clearLesson(db(), s1, lesson.id);
    const teacher = await loginAs(t.app, 'teacher');
    const cell = async (column: number, value: string, was: string) => {
      const res = await teacher.json('/journal/cells', { lessonId: lesson.id, studentId: dima, column, value, was });
      expect(res.statusCode, res.body).toBe(200);
    };
    // A second column of the lesson (a test, «СР»), as the lesson page adds it.
    const [wt] = await db().select({ id: workTypes.id }).from(workTypes).where(eq(workTypes.schoolId, s1)).limit(1);
    await db().insert(lessonColumns).values({ schoolId: s1, lessonId: lesson.id, columnNo: 2, workTypeId: wt!.id }).onConflictDoNothing();
    await cell(1, '5', '');
    await cell(2, '4', '');
    await cell(1, '3', '5');
    const [pushes, mails] = [push.received.length, inbox.length];
    // An event per column at least (a mark changed again before the timer may share its column's event).
    expect((await db().select().from(alertEvents).where(and(eq(alertEvents.schoolId, s1), eq(alertEvents.status, 'pending')))).length)
      .toBeGreaterThanOrEqual(2);
    expect(await tick(afterSave(30))).toMatchObject({ alerts: 1, sent: 2, failed: 0 });
    expect(push.received).toHaveLength(pushes + 1);
    expect(inbox).toHaveLength(mails + 1);
    const payload = JSON.parse(decryptPush(push.received.at(-1)!.body, keys)) as Record<string, string>;
    expect(payload.body).toBe('Новые отметки по математике');
  });
});

describe('quiet hours, failures and dropped subscriptions', () => {
  let lessonId: string;
  beforeAll(async () => {
    const group = await demoGroup(db(), s1, '5А', 'Математика');
    lessonId = (await lessonOf(db(), s1, group, 'old', today)).id;
    await db().delete(alertDeliveries).where(eq(alertDeliveries.schoolId, s1));
    push.received.length = 0;
    inbox.length = 0;
  });

  it('an absence at 22:30 (school time) waits until 07:00 the next morning', async () => {
    await absence(lessonId);
    expect(await tick(schoolTime(today, '22:30:00'))).toMatchObject({ alerts: 1, sent: 0 });
    expect((await deliveries()).map((d) => d.notBefore.toISOString())).toEqual(Array(2).fill(schoolTime(tomorrow, '07:00:00').toISOString()));
    expect(await tick(schoolTime(tomorrow, '06:59:00'))).toMatchObject({ sent: 0 });
    expect(push.received).toHaveLength(0);
    expect(await tick(schoolTime(tomorrow, '07:00:10'))).toMatchObject({ sent: 2 });
    expect(JSON.parse(decryptPush(push.received[0]!.body, keys))).toMatchObject({ body: 'Пропуск урока по математике' });
  });

  it('a push service failure is retried later; a 410 removes the subscription', async () => {
    await db().delete(alertDeliveries).where(eq(alertDeliveries.schoolId, s1));
    await db().update(alertPrefs).set({ byEmail: false }).where(eq(alertPrefs.schoolId, s1));
    push.answer.status = 500;
    await absence(lessonId);
    expect(await tick(schoolTime(tomorrow, '10:00:00'))).toMatchObject({ alerts: 1, failed: 1 });
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: 'служба push ответила 500' });
    expect(d!.notBefore.toISOString()).toBe(schoolTime(tomorrow, '10:00:30').toISOString()); // retried 30 s later
    push.answer.status = 410;
    expect(await tick(schoolTime(tomorrow, '10:01:00'))).toMatchObject({ gone: 1 });
    expect(await deliveries()).toMatchObject([{ status: 'gone', attempts: 2 }]);
    expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.schoolId, s1))).toEqual([]);
    push.answer.status = 201;
  });
});

describe('who may use the routes', () => {
  it('refuses staff and students (403) and another school\'s subscription (404)', async () => {
    for (const login of ['teacher', 'admin']) {
      const c = await loginAs(t.app, login);
      expect((await c.get('/diary/alerts')).statusCode).toBe(403);
      expect((await c.json('/diary/alerts/push', { endpoint: `${push.origin}/x`, keys: { p256dh: keys.p256dh, auth: keys.authB64 } })).statusCode).toBe(403);
    }
    const [g] = await db().select({ id: studentGuardians.guardianId }).from(studentGuardians).where(eq(studentGuardians.schoolId, s2)).limit(1);
    const [{ id: accountId }] = await db().select({ id: accounts.id }).from(accounts).limit(1) as [{ id: string }];
    const [other] = await db().insert(pushSubscriptions).values({ schoolId: s2, guardianId: g!.id, accountId, endpoint: `${push.origin}/s2`, p256dh: keys.p256dh, auth: keys.authB64 })
      .returning({ id: pushSubscriptions.id });
    await anna.get('/diary/alerts');
    expect((await anna.post(`/diary/alerts/push/${other!.id}/delete`)).statusCode).toBe(404);
    expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.schoolId, s2))).toHaveLength(1);
  });
});
