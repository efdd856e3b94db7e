// Messages through HTTP: a parent writes to a teacher of the child, the teacher sees which child it is about and
// answers, unread counts on both sides; whom a parent may write to; another family, another teacher, another school,
// the roles without messages; an empty, a too long and an HTML message.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL_2 } from '../../src/cli/demo-data.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { messages, messageThreads } from '../../src/modules/messages/schema.ts';
import { staff, studentGuardians, students } from '../../src/modules/people/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';

let t: TestApp;
let school: string;
let dmitry: string;
let ivanova: string;
let deputy: string;
let other: { studentId: string; guardianId: string };
let foreignThread: string;
let parent: Client;
let teacher: Client;
let thread: string;
const db = () => t.database.db;

async function personOf(login: string) {
  const [m] = await db().select({ schoolId: memberships.schoolId, staffId: memberships.staffId, guardianId: memberships.guardianId, studentId: memberships.studentId })
    .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return m!;
}

/** A family of 5Б: the first student of the class with a guardian, and that guardian. */
async function familyOf(className: string) {
  const [row] = await db().select({ studentId: studentGuardians.studentId, guardianId: studentGuardians.guardianId }).from(studentGuardians)
    .innerJoin(classMemberships, and(eq(classMemberships.schoolId, studentGuardians.schoolId), eq(classMemberships.studentId, studentGuardians.studentId)))
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(eq(studentGuardians.schoolId, school), eq(schoolClasses.name, className))).limit(1);
  return row!;
}

/** A thread of the second demo school (its own student, guardian and staff member). */
async function threadOfSchool2(): Promise<string> {
  const [s2] = await db().select({ id: schools.id }).from(schools).where(eq(schools.name, DEMO_SCHOOL_2.name));
  const [fam] = await db().select({ studentId: studentGuardians.studentId, guardianId: studentGuardians.guardianId }).from(studentGuardians)
    .where(eq(studentGuardians.schoolId, s2!.id)).limit(1);
  const [st] = await db().select({ id: staff.id }).from(staff).where(eq(staff.schoolId, s2!.id)).limit(1);
  const [row] = await db().insert(messageThreads).values({ schoolId: s2!.id, studentId: fam!.studentId, guardianId: fam!.guardianId, staffId: st!.id, subject: 'Чужая школа' })
    .returning({ id: messageThreads.id });
  await db().insert(messages).values({ schoolId: s2!.id, threadId: row!.id, authorSide: 'guardian', body: 'Секрет второй школы' });
  return row!.id;
}

const threadCount = async () => (await db().select({ n: count() }).from(messageThreads).where(eq(messageThreads.schoolId, school)))[0]!.n;
const messageCount = async () => (await db().select({ n: count() }).from(messages).where(eq(messages.schoolId, school)))[0]!.n;
const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

beforeAll(async () => {
  t = await startTestApp();
  const p = await personOf('parent');
  school = p.schoolId;
  dmitry = (await personOf('student')).studentId!;
  ivanova = (await personOf('teacher')).staffId!;
  deputy = (await personOf('deputy')).staffId!;
  // Another family of the school gets an account: a guardian of a 5Б student (same password hash as the demo).
  other = await familyOf('5Б');
  const [hash] = await db().select({ h: accounts.passwordHash }).from(accounts).where(eq(accounts.login, 'parent'));
  const [acc] = await db().insert(accounts).values({ login: 'parent5b', fullName: 'Родитель Пятого Б', passwordHash: hash!.h }).returning({ id: accounts.id });
  await db().insert(memberships).values({ schoolId: school, accountId: acc!.id, roles: ['parent'], guardianId: other.guardianId });
  foreignThread = await threadOfSchool2();
  parent = await loginAs(t.app, 'parent');
  teacher = await loginAs(t.app, 'teacher');
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('the demo thread', () => {
  it('the parent has one unread answer of the maths teacher', async () => {
    const res = await parent.get('/messages');
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Сообщения (1)');
    const text = mainText(res.body);
    expect(text).toContain('Домашнее задание по математике');
    expect(text).toContain('Морозов Дмитрий, 5А');
    expect(text).toContain('Кому: Иванова Мария Александровна');
    expect(text).toContain('1 новое');
    expect(navLabels(res.body)).toContain('Сообщения');
    const home = await parent.get('/');
    expect(mainText(home.body)).toContain('Сообщения (1 новое)');
  });
});

describe('a parent writes to Дмитрий’s maths teacher, the teacher answers', () => {
  it('offers the parent’s two children of the school and no other child', async () => {
    const res = await parent.get('/messages/new');
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Морозов Дмитрий, 5А');
    expect(text).toContain('Морозова Алиса, 2А');
    expect(res.body).not.toContain(other.studentId);
  });

  it('offers Дмитрий’s teachers with accounts: the class teacher first, the maths teacher; not the deputy', async () => {
    const res = await parent.get(`/messages/new?student=${dmitry}`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('О ребёнке: Морозов Дмитрий, 5А');
    expect(text).toContain('Соколов Андрей Николаевич классный руководитель, учитель истории');
    expect(text).toContain('Иванова Мария Александровна учитель математики');
    expect(text.indexOf('Соколов')).toBeLessThan(text.indexOf('Иванова'));
    expect(res.body).toContain(`value="${ivanova}"`);
    expect(res.body).not.toContain(`value="${deputy}"`);
    expect(text).not.toContain('Кузнецова');
  });

  it('creates the thread and its first message; the teacher sees the child, one unread, reads it', async () => {
    await parent.get(`/messages/new?student=${dmitry}`);
    const res = await parent.post('/messages', { studentId: dmitry, staffId: ivanova, subject: 'Контрольная работа', body: 'Строка 1\nСтрока 2 <b>жирно</b>' });
    expect(res.statusCode).toBe(303);
    const m = /^\/messages\/([0-9a-f-]{36})$/.exec(String(res.headers.location));
    expect(m).not.toBeNull();
    thread = m![1]!;
    const [row] = await db().select().from(messageThreads).where(and(eq(messageThreads.schoolId, school), eq(messageThreads.id, thread)));
    expect(row).toMatchObject({ studentId: dmitry, staffId: ivanova, subject: 'Контрольная работа' });

    const list = await teacher.get('/messages');
    expect(heading(list.body)).toBe('Сообщения (1)');
    const text = mainText(list.body);
    expect(text).toContain('Контрольная работа');
    expect(text).toContain('Морозов Дмитрий, 5А');
    expect(text).toContain('От: Морозова Анна Игоревна (мать)');
    expect(mainText((await teacher.get('/')).body)).toContain('Сообщения (1 новое)');

    const page = await teacher.get(`/messages/${thread}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Строка 1\nСтрока 2 &lt;b&gt;жирно&lt;/b&gt;');
    expect(page.body).not.toContain('<b>жирно</b>');
    expect(mainText(page.body)).toContain('новое');
    expect(heading((await teacher.get('/messages')).body)).toBe('Сообщения');
    expect(mainText((await teacher.get(`/messages/${thread}`)).body)).not.toContain('новое');
  });

  it('the teacher answers; the parent sees one more unread and reads it', async () => {
    await teacher.get(`/messages/${thread}`);
    const res = await teacher.post(`/messages/${thread}`, { body: 'Контрольная в четверг.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/messages/${thread}#last`);
    const list = await parent.get('/messages');
    expect(heading(list.body)).toBe('Сообщения (2)');
    // Newest first: the answered thread is above the demo one.
    const text = mainText(list.body);
    expect(text.indexOf('Контрольная работа')).toBeLessThan(text.indexOf('Домашнее задание по математике'));
    const page = await parent.get(`/messages/${thread}`);
    expect(mainText(page.body)).toContain('Иванова Мария Александровна');
    expect(mainText(page.body)).toContain('Контрольная в четверг.');
    expect(heading((await parent.get('/messages')).body)).toBe('Сообщения (1)');
    expect(heading((await teacher.get('/messages')).body)).toBe('Сообщения');
  });
});

describe('whom a parent may not write to', () => {
  it('a teacher who does not teach the child (9А’s Russian teacher, the deputy): 422 at the field, nothing saved', async () => {
    const before = [await threadCount(), await messageCount()];
    await parent.get(`/messages/new?student=${dmitry}`);
    const res = await parent.post('/messages', { studentId: dmitry, staffId: deputy, subject: 'Вопрос', body: 'Здравствуйте' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Выберите получателя из списка');
    expect(res.body).toContain('Здравствуйте</textarea>');
    expect([await threadCount(), await messageCount()]).toEqual(before);
  });

  it('another family’s child, a malformed id, another school’s child: 404, nothing saved', async () => {
    const before = [await threadCount(), await messageCount()];
    expect((await parent.get(`/messages/new?student=${other.studentId}`)).statusCode).toBe(404);
    expect((await parent.get('/messages/new?student=nonsense')).statusCode).toBe(404);
    await parent.get(`/messages/new?student=${dmitry}`);
    for (const studentId of [other.studentId, 'nonsense', '']) {
      expect((await parent.post('/messages', { studentId, staffId: ivanova, subject: 'Вопрос', body: 'Текст' })).statusCode).toBe(404);
    }
    const [s2child] = await db().select({ id: students.id }).from(students).innerJoin(schools, eq(schools.id, students.schoolId))
      .where(eq(schools.name, DEMO_SCHOOL_2.name)).limit(1);
    expect((await parent.post('/messages', { studentId: s2child!.id, staffId: ivanova, subject: 'Вопрос', body: 'Текст' })).statusCode).toBe(404);
    expect([await threadCount(), await messageCount()]).toEqual(before);
  });
});

describe('another parent, another teacher, another school', () => {
  it('another parent does not see the thread (404), cannot answer it, cannot pick Дмитрий', async () => {
    const p2 = await loginAs(t.app, 'parent5b');
    const list = await p2.get('/messages');
    expect(list.statusCode).toBe(200);
    expect(mainText(list.body)).not.toContain('Морозов');
    expect((await p2.get(`/messages/${thread}`)).statusCode).toBe(404);
    const before = await messageCount();
    expect((await p2.post(`/messages/${thread}`, { body: 'Чужой ответ' })).statusCode).toBe(404);
    expect((await p2.get(`/messages/new?student=${dmitry}`)).statusCode).toBe(404);
    expect((await p2.post('/messages', { studentId: dmitry, staffId: ivanova, subject: 'Вопрос', body: 'Текст' })).statusCode).toBe(404);
    expect(await messageCount()).toBe(before);
    // Their own child: the maths teacher of 5Б is offered.
    const mine = await p2.get(`/messages/new?student=${other.studentId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(`value="${ivanova}"`);
  });

  it('a teacher other than the addressee: 404', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    expect((await ct.get('/messages')).statusCode).toBe(200);
    expect(mainText((await ct.get('/messages')).body)).not.toContain('Контрольная работа');
    expect((await ct.get(`/messages/${thread}`)).statusCode).toBe(404);
    expect((await ct.post(`/messages/${thread}`, { body: 'Не мне' })).statusCode).toBe(404);
    const dep = await loginAs(t.app, 'deputy');
    expect((await dep.get(`/messages/${thread}`)).statusCode).toBe(404);
  });

  it('another school’s thread, a malformed id: 404', async () => {
    for (const c of [parent, teacher]) {
      expect((await c.get(`/messages/${foreignThread}`)).statusCode).toBe(404);
      expect((await c.get('/messages/nonsense')).statusCode).toBe(404);
      await c.get('/messages');
      expect((await c.post(`/messages/${foreignThread}`, { body: 'Текст' })).statusCode).toBe(404);
    }
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(`/messages/${foreignThread}`)).statusCode).toBe(403);
  });

  it.each(['student', 'secretary', 'admin'])('%s has no messages: 403', async (login) => {
    const c = await loginAs(t.app, login);
    for (const url of ['/messages', '/messages/new', `/messages/${thread}`]) expect((await c.get(url)).statusCode).toBe(403);
    await c.get('/account');
    expect((await c.post('/messages', { studentId: dmitry, staffId: ivanova, subject: 'a', body: 'b' })).statusCode).toBe(403);
    expect((await c.post(`/messages/${thread}`, { body: 'b' })).statusCode).toBe(403);
    expect(navLabels((await c.get('/account')).body)).not.toContain('Сообщения');
  });

  it('a teacher does not start threads: /messages/new is for parents', async () => {
    expect((await teacher.get('/messages/new')).statusCode).toBe(403);
    expect((await teacher.post('/messages', { studentId: dmitry, staffId: ivanova, subject: 'a', body: 'b' })).statusCode).toBe(403);
  });
});

describe('bad input', () => {
  it('an empty answer: 422 «Напишите сообщение»', async () => {
    await teacher.get(`/messages/${thread}`);
    const before = await messageCount();
    const res = await teacher.post(`/messages/${thread}`, { body: '  \n  ' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Напишите сообщение');
    expect(await messageCount()).toBe(before);
  });

  it('a 100 kB answer: 422 with the text kept, never a 500; over the form limit: 413', async () => {
    const long = 'a'.repeat(100_000);
    await parent.get(`/messages/${thread}`);
    const before = await messageCount();
    const res = await parent.post(`/messages/${thread}`, { body: long });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Сообщение длиннее 5000 символов');
    expect(res.body).toContain(`>${long}</textarea>`);
    const huge = await parent.post(`/messages/${thread}`, { body: 'a'.repeat(300_000) });
    expect(huge.statusCode).toBe(413);
    expect(await messageCount()).toBe(before);
  });

  it('a new thread without a recipient, subject and text: 422 at each field; a 100 kB text is kept', async () => {
    const before = [await threadCount(), await messageCount()];
    await parent.get(`/messages/new?student=${dmitry}`);
    const empty = await parent.post('/messages', { studentId: dmitry, subject: ' ', body: '' });
    expect(empty.statusCode).toBe(422);
    const text = mainText(empty.body);
    for (const e of ['Выберите, кому написать', 'Укажите тему', 'Напишите сообщение']) expect(text).toContain(e);
    const long = 'b'.repeat(100_000);
    const res = await parent.post('/messages', { studentId: dmitry, staffId: ivanova, subject: 'т'.repeat(201), body: long });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Тема длиннее 200 символов');
    expect(mainText(res.body)).toContain('Сообщение длиннее 5000 символов');
    expect(res.body).toContain(`>${long}</textarea>`);
    expect(res.body).toMatch(new RegExp(`value="${ivanova}"\\s+checked`));
    expect([await threadCount(), await messageCount()]).toEqual(before);
  });

  it('control characters in a subject and a text are dropped; the text keeps its line breaks and tabs', async () => {
    await parent.get(`/messages/new?student=${dmitry}`);
    const res = await parent.post('/messages', {
      studentId: dmitry, staffId: ivanova, subject: '\u001b[31mОценка\u001b[0m за\u0008 четверть\rII',
      body: 'Добрый день!\r\n\tСтрока 2\u0001\u007f\rСтрока 3\u001b[2J\n\nПодпись',
    });
    expect(res.statusCode).toBe(303);
    const id = /^\/messages\/([0-9a-f-]{36})$/.exec(String(res.headers.location))![1]!;
    const [row] = await db().select({ subject: messageThreads.subject }).from(messageThreads).where(eq(messageThreads.id, id));
    expect(row!.subject).toBe('Оценка за четверть II');
    const [m] = await db().select({ body: messages.body }).from(messages).where(eq(messages.threadId, id));
    expect(m!.body).toBe('Добрый день!\n\tСтрока 2\nСтрока 3\n\nПодпись');
  });

  it('HTML in a subject is shown escaped in the list and the thread', async () => {
    await parent.get(`/messages/new?student=${dmitry}`);
    const res = await parent.post('/messages', { studentId: dmitry, staffId: ivanova, subject: '<script>alert(1)</script>', body: '<img src=x onerror=alert(1)>' });
    expect(res.statusCode).toBe(303);
    const list = await teacher.get('/messages');
    expect(list.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.body).not.toContain('<script>alert(1)');
    const page = await teacher.get(String(res.headers.location));
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
  });

  it('a parent unlinked from the child no longer reads the threads about the child; linked again, they are back', async () => {
    const me = await personOf('parent');
    const link = and(eq(studentGuardians.schoolId, school), eq(studentGuardians.studentId, dmitry), eq(studentGuardians.guardianId, me.guardianId!));
    const [row] = await db().select().from(studentGuardians).where(link);
    await db().delete(studentGuardians).where(link);
    try {
      expect((await parent.get(`/messages/${thread}`)).statusCode).toBe(404);
      expect(mainText((await parent.get('/messages')).body)).not.toContain('Контрольная работа');
      expect((await parent.post(`/messages/${thread}`, { body: 'Ещё вопрос' })).statusCode).toBe(404);
      expect((await teacher.get(`/messages/${thread}`)).statusCode).toBe(200); // the teacher keeps the record
    } finally {
      await db().insert(studentGuardians).values(row!);
    }
    expect((await parent.get(`/messages/${thread}`)).statusCode).toBe(200);
  });
});
