// A person's data on request (152-ФЗ art. 14): the secretary downloads a student's and a guardian's file from the card (the
// ZIP holds a Russian README, data.json with the card, consents, family, contingent, marks and attendance, the CSVs), the
// parent downloads their own and their own children's from /account — never another family's child; every download is
// audited; other roles 403, another school's ids 404.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { unzip } from './export-support.ts';
import { aStudentOf, guardianByName, SCHOOL_2, studentByName } from './people-support.ts';

let t: TestApp;
const db = () => t.database.db;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const exportsOf = (entityId: string) => db().select().from(auditEvents)
  .where(and(eq(auditEvents.entity, 'pd_export'), eq(auditEvents.entityId, entityId))).orderBy(auditEvents.at, auditEvents.id);

describe('the secretary exports a person\'s data from the card', () => {
  it('a student: one ZIP with the README, the card, consents, guardians, contingent, marks and attendance; audited', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const card = await secretary.get(`/people/students/${dima.id}`);
    expect(card.body).toContain(`href="/people/students/${dima.id}/export"`);
    const res = await secretary.get(`/people/students/${dima.id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="personal-data-student-2026-11-23\.zip"/);
    const files = await unzip(res.rawPayload);
    expect([...files.keys()].sort())
      .toEqual(['README.txt', 'attendance.csv', 'consents.csv', 'data.json', 'marks.csv', 'period-marks.csv']);
    expect(files.get('README.txt')).toContain('Персональные данные: Морозов Дмитрий Сергеевич');
    expect(files.get('README.txt')).toContain('Что школа хранит и после отзыва согласия');
    const data = JSON.parse(files.get('data.json')!);
    expect(data).toMatchObject({ kind: 'student', card: { lastName: 'Морозов', personalFileNo: 'М-0001', birthDate: dima.birthDate } });
    expect(data.guardians.map((g: { relation: string }) => g.relation).sort()).toEqual(['мать', 'отец']);
    expect(data.consents[0]).toMatchObject({ givenBy: 'Морозова Анна Игоревна', withdrawnOn: null });
    expect(data.consents[0].purposes).toContain('ведение электронного журнала и дневника');
    expect(data.contingent.classes.map((c: { className: string }) => c.className)).toContain('5А');
    expect(data.contingent.orders.length).toBeGreaterThan(0);
    expect(data.marks.length).toBeGreaterThan(0);
    expect(data.account).toMatchObject({ login: 'student' });
    expect(files.get('marks.csv')!.split('\r\n')[0]).toBe('\ufeffДата;Урок;Предмет;Отметка;Комментарий');
    expect(files.get('marks.csv')!.split('\r\n').filter(Boolean)).toHaveLength(data.marks.length + 1);
    expect(await exportsOf(dima.id))
      .toMatchObject([{ action: 'export', actorRole: 'secretary', newValue: { subject: `student:${dima.id}`, by: 'staff' } }]);
  });

  it('a guardian: the card, consents, children, the messages she wrote; no push keys', async () => {
    const admin = await loginAs(t.app, 'admin');
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    const res = await admin.get(`/people/guardians/${anna.id}/export`);
    expect(res.statusCode).toBe(200);
    const files = await unzip(res.rawPayload);
    expect([...files.keys()].sort()).toEqual(['README.txt', 'consents.csv', 'data.json', 'messages.csv']);
    const data = JSON.parse(files.get('data.json')!);
    expect(data).toMatchObject({
      kind: 'guardian', card: { lastName: 'Морозова', email: 'morozova.anna@example.ru' }, account: { login: 'parent' },
    });
    expect(data.children.map((c: { firstName: string }) => c.firstName).sort()).toEqual(['Алиса', 'Дмитрий']);
    expect(data.messages[0].text).toContain('Дмитрий говорит, что не записал домашнее задание');
    expect(files.get('data.json')).not.toMatch(/p256dh|passwordHash|password_hash/);
    expect(await exportsOf(anna.id)).toMatchObject([{ actorRole: 'admin', newValue: { by: 'staff' } }]);
  });
});

describe('a parent downloads their own data', () => {
  it('from /account: their own and their children\'s; another family\'s child is 404; audited as self-service', async () => {
    const parent = await loginAs(t.app, 'parent');
    expect((await parent.get('/account')).body).toContain('href="/account/personal-data"');
    const page = await parent.get('/account/personal-data');
    expect(page.statusCode).toBe(200);
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const alisa = await studentByName(db(), 'Морозова', 'Алиса');
    expect(mainText(page.body)).toContain('Выгрузить данные: Дмитрий Морозов');
    expect(page.body).toContain(`/account/personal-data/children/${alisa.id}.zip`);

    const me = await parent.get('/account/personal-data/me.zip');
    expect(me.statusCode).toBe(200);
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    expect(JSON.parse((await unzip(me.rawPayload)).get('data.json')!)).toMatchObject({ kind: 'guardian', card: { id: anna.id } });
    const child = await parent.get(`/account/personal-data/children/${dima.id}.zip`);
    expect(child.statusCode).toBe(200);
    expect(JSON.parse((await unzip(child.rawPayload)).get('data.json')!)).toMatchObject({ kind: 'student', card: { id: dima.id } });
    expect((await exportsOf(dima.id)).some((e) => e.actorRole === 'parent' && (e.newValue as { by: string }).by === 'self')).toBe(true);
    expect((await exportsOf(anna.id)).at(-1))
      .toMatchObject({ actorRole: 'parent', newValue: { subject: `guardian:${anna.id}`, by: 'self' } });

    const other = await aStudentOf(db(), '7А');
    expect((await parent.get(`/account/personal-data/children/${other.id}.zip`)).statusCode).toBe(404);
    expect((await parent.get('/account/personal-data/children/not-a-uuid.zip')).statusCode).toBe(404);
    expect(await exportsOf(other.id)).toHaveLength(0);
  });
});

describe('who may', () => {
  it('teacher, class teacher, deputy, parent and student: 403 on the staff export; staff: 403 on the parent\'s', async () => {
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    for (const login of ['teacher', 'classteacher', 'deputy', 'parent', 'student']) {
      const who = await loginAs(t.app, login);
      expect((await who.get(`/people/students/${dima.id}/export`)).statusCode, login).toBe(403);
      expect((await who.get(`/people/guardians/${anna.id}/export`)).statusCode, login).toBe(403);
    }
    for (const login of ['secretary', 'admin', 'teacher', 'student']) {
      const who = await loginAs(t.app, login);
      expect((await who.get('/account/personal-data')).statusCode, login).toBe(403);
      expect((await who.get(`/account/personal-data/children/${dima.id}.zip`)).statusCode, login).toBe(403);
    }
  });

  it('another school\'s student and guardian: 404, nothing audited', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    const before = (await exportsOf(dima.id)).length;
    expect((await admin2.get(`/people/students/${dima.id}/export`)).statusCode).toBe(404);
    expect((await admin2.get(`/people/guardians/${anna.id}/export`)).statusCode).toBe(404);
    expect(await exportsOf(dima.id)).toHaveLength(before);
    const own = await aStudentOf(db(), '5А', SCHOOL_2);
    expect((await admin2.get(`/people/students/${own.id}/export`)).statusCode).toBe(200);
  });
});
