// Consents to the processing of personal data (152-ФЗ), as the secretary and the class teacher meet them: recording one
// (who signed, the purposes, the paper), its history, a withdrawal that erases the contacts and alert settings and keeps
// what the law makes the school keep (with the audit row naming what went), a contact refused without a consent, the
// class list's marker; the roles refused and another school's ids answering 404.
import { and, eq, isNull, notExists, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSchool } from '../../src/modules/alerts/collect.ts';
import { alertDeliveries, alertEvents, alertPrefs, pushSubscriptions } from '../../src/modules/alerts/schema.ts';
import { pdConsents } from '../../src/modules/consents/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { guardians, studentGuardians } from '../../src/modules/people/schema.ts';
import { addDays, ruDate, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { aStudentOf, auditRows, classByName, guardianById, guardianByName, SCHOOL_2, schoolId, studentByName } from './people-support.ts';

let t: TestApp;
const db = () => t.database.db;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

// Dates from the test clock's day (tests/support/test-clock.ts): a consent signed three days ago, one dated next week.
const TODAY = todayIso();
const SIGNED = addDays(TODAY, -3);
const NEXT_WEEK = addDays(TODAY, 7);

const ERASED_LABELS = ['телефон', 'электронная почта', 'адрес', 'настройки уведомлений и адрес для них', 'подписки на push-уведомления'];
const consentsOf = (col: 'studentId' | 'guardianId', id: string) => db().select().from(pdConsents).where(eq(pdConsents[col], id));
const guardiansOfStudent = (studentId: string) => db().select().from(studentGuardians).where(eq(studentGuardians.studentId, studentId));

/** A family of 5А the demo left without any consent (their contacts are not kept). */
async function familyWithoutConsent() {
  const cls = await classByName(db(), '5А');
  const [row] = await db().select({ id: classMemberships.studentId }).from(classMemberships)
    .where(and(eq(classMemberships.classId, cls.id), isNull(classMemberships.endsOn),
      notExists(db().select({ one: sql`1` }).from(pdConsents).where(eq(pdConsents.studentId, classMemberships.studentId)))))
    .orderBy(classMemberships.studentId).limit(1);
  const [link] = await guardiansOfStudent(row!.id);
  return { studentId: row!.id, guardianId: link!.guardianId };
}

describe('the secretary records and withdraws consents', () => {
  it('records a minor\'s consent signed by a parent; refuses a bad one with Russian messages', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const { studentId, guardianId } = await familyWithoutConsent();
    const card = mainText((await secretary.get(`/people/students/${studentId}`)).body);
    expect(card).toContain('Согласие на обработку персональных данных');
    expect(card).toContain('нет согласия');
    const page = await secretary.get(`/people/students/${studentId}/consents`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Согласий нет');

    const bad = await secretary.post(`/people/students/${studentId}/consents`, {
      givenOn: NEXT_WEEK, document: '', givenByGuardianId: '',
    });
    expect(bad.statusCode).toBe(422);
    // A message beside each field, in Russian.
    for (const [field, message] of [
      ['givenOn', 'Дата согласия не может быть в будущем.'], ['purposes', 'Отметьте хотя бы одну цель обработки.'],
      ['document', 'Укажите документ'], ['givenByGuardianId', 'За несовершеннолетнего согласие даёт законный представитель'],
    ]) expect(bad.body).toMatch(new RegExp(`id="e-${field}">${message}`));
    expect(await consentsOf('studentId', studentId)).toHaveLength(0);

    // Two purposes: the checkboxes post `purposes` twice (the test client's form takes one value a name).
    const body = new URLSearchParams({
      givenOn: ruDate(SIGNED), document: `Заявление № 77 от ${ruDate(SIGNED)}`, givenByGuardianId: guardianId, _csrf: secretary.csrfToken,
    });
    body.append('purposes', 'journal');
    body.append('purposes', 'contacts');
    const ok = await t.app.inject({
      method: 'POST', url: `/people/students/${studentId}/consents`, payload: body.toString(),
      headers: {
        cookie: [...secretary.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(ok.statusCode).toBe(303);
    const [row] = await consentsOf('studentId', studentId);
    expect(row).toMatchObject({
      givenOn: SIGNED, document: `Заявление № 77 от ${ruDate(SIGNED)}`, givenByGuardianId: guardianId, withdrawnOn: null,
      purposes: ['journal', 'contacts'],
    });
    const history = mainText((await secretary.get(`/people/students/${studentId}/consents`)).body);
    const signedRu = ruDate(SIGNED).replace(/\./g, '\\.');
    expect(history).toMatch(new RegExp(`Заявление № 77 от ${signedRu} ?, дата согласия ${signedRu} действует`));
    expect(history).toContain('(законный представитель)');
    expect(history).toContain('Записал(а): secretary');
    expect(await auditRows(db(), 'pd_consent', row!.id))
      .toMatchObject([{ action: 'record', actorRole: 'secretary', newValue: { subject: `student:${studentId}` } }]);
  });

  it('a withdrawal erases the contacts, alert settings and push subscriptions, keeps the rest, and says so in the audit', async () => {
    const admin = await loginAs(t.app, 'admin');
    const father = await guardianByName(db(), 'Морозов', 'Сергей');
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const sid = await schoolId(db());
    await db().update(guardians).set({ email: 'sergey@example.ru', address: 'ул. Лесная, 3' }).where(eq(guardians.id, father.id));
    await db().insert(alertPrefs).values({
      schoolId: sid, studentId: dima.id, guardianId: father.id, marks: true, byEmail: true, email: 'sergey@example.ru',
    });
    await db().insert(pushSubscriptions).values({
      schoolId: sid, guardianId: father.id, accountId: (await loginAccount('parent'))!, endpoint: 'https://push.example/1',
      p256dh: 'x'.repeat(30), auth: 'y'.repeat(10),
    });
    const [own] = await consentsOf('guardianId', father.id);
    expect(own).toBeDefined();

    const confirm = mainText((await admin.get(`/people/guardians/${father.id}/consents/${own!.id}/withdraw`)).body);
    expect(confirm).toContain('Что будет удалено');
    for (const what of ERASED_LABELS) expect(confirm).toContain(what);
    expect(confirm).toContain('отметки, итоговые отметки и посещаемость');

    const withdraw = `/people/guardians/${father.id}/consents/${own!.id}/withdraw`;
    const missing = await admin.post(withdraw, { withdrawnOn: TODAY, document: '' });
    expect(missing.statusCode).toBe(422);
    expect(mainText(missing.body)).toContain('Укажите документ об отзыве');
    expect((await guardianById(db(), father.id))!.phone).not.toBeNull();

    const res = await admin.post(withdraw, { withdrawnOn: ruDate(TODAY), document: 'Заявление об отзыве № 5', reason: 'переезд' });
    expect(res.statusCode).toBe(303);
    const after = (await guardianById(db(), father.id))!;
    expect(after).toMatchObject({
      phone: null, email: null, address: null, lastName: 'Морозов', firstName: 'Сергей', birthDate: '1985-02-11',
    });
    expect(await db().select().from(alertPrefs).where(eq(alertPrefs.guardianId, father.id))).toHaveLength(0);
    expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.guardianId, father.id))).toHaveLength(0);
    expect((await guardiansOfStudent(dima.id)).some((l) => l.guardianId === father.id)).toBe(true); // the link stays
    const [row] = await db().select().from(pdConsents).where(eq(pdConsents.id, own!.id));
    expect(row).toMatchObject({ withdrawnOn: TODAY, withdrawalDocument: 'Заявление об отзыве № 5', withdrawalReason: 'переезд' });
    expect(row!.erased).toEqual(ERASED_LABELS);
    const audit = await auditRows(db(), 'pd_consent', own!.id);
    expect(audit.map((a) => a.action)).toEqual(['withdraw']);
    expect(audit[0]).toMatchObject({
      actorRole: 'admin', reason: 'переезд', newValue: { erased: ['phone', 'email', 'address', 'alertPrefs', 'pushSubscriptions'] },
    });
    expect(JSON.stringify(audit[0]!.newValue)).not.toContain('sergey@example.ru'); // the audit names what went, not the values
    const history = mainText((await admin.get(`/people/guardians/${father.id}/consents`)).body);
    expect(history).toContain(`отозвано ${ruDate(TODAY)}`);
    expect(history).toContain('Удалено: телефон, электронная почта, адрес');
    // Withdrawing again is refused without a change.
    const again = await admin.post(withdraw, { withdrawnOn: ruDate(TODAY), document: 'ещё раз' });
    expect(again.statusCode).toBe(303);
    expect(await auditRows(db(), 'pd_consent', own!.id)).toHaveLength(1);
    expect((await admin.get(`/people/guardians/${father.id}/consents/${own!.id}/withdraw`)).statusCode).toBe(404);
  });
});

async function loginAccount(login: string) {
  const row = await db().query.accounts.findFirst({ where: (a, { eq: e }) => e(a.login, login) });
  return row?.id;
}

describe('contacts only with a consent', () => {
  it('a phone for a guardian without a consent is refused beside the field; with one it is saved', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const { guardianId } = await familyWithoutConsent();
    const g = (await guardianById(db(), guardianId))!;
    const form = {
      lastName: g.lastName, firstName: g.firstName, middleName: g.middleName ?? '', sex: g.sex ?? '', birthDate: g.birthDate ?? '',
      phone: '+7 916 222-33-44', email: '', address: '',
    };
    await secretary.get(`/people/guardians/${guardianId}/edit`);
    const refused = await secretary.post(`/people/guardians/${guardianId}`, form);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/id="e-phone">Нет действующего согласия на обработку персональных данных с целью «контакты для связи»/);
    expect(refused.body).toContain('value="+7 916 222-33-44"'); // what was typed is kept
    expect((await guardianById(db(), guardianId))!.phone).toBeNull();

    await secretary.get(`/people/guardians/${guardianId}/consents`);
    const consent = await secretary.post(`/people/guardians/${guardianId}/consents`, {
      givenOn: TODAY, document: 'Заявление № 78', purposes: 'contacts',
    });
    expect(consent.statusCode).toBe(303);
    await secretary.get(`/people/guardians/${guardianId}/edit`);
    expect((await secretary.post(`/people/guardians/${guardianId}`, form)).statusCode).toBe(303);
    expect((await guardianById(db(), guardianId))!.phone).toBe('+79162223344');
  });

  it('a new guardian\'s contacts need the consent document given with the card', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const student = await aStudentOf(db(), '3Б');
    const base = {
      relation: 'бабушка', lastName: 'Согласова', firstName: 'Вера', middleName: '', sex: 'ж', birthDate: '1958-04-04',
      phone: '+7 903 000-11-22', email: '', address: '',
    };
    await secretary.get(`/people/students/${student.id}/guardians/new`);
    const refused = await secretary.post(`/people/students/${student.id}/guardians`, base);
    expect(refused.statusCode).toBe(422);
    expect(mainText(refused.body)).toContain('Контакты сохраняются только при согласии');
    const ok = await secretary.post(`/people/students/${student.id}/guardians`, {
      ...base, consentDocument: `Заявление № 90 от ${ruDate(TODAY)}`,
    });
    expect(ok.statusCode).toBe(303);
    const granny = await guardianByName(db(), 'Согласова', 'Вера');
    expect(granny.phone).toBe('+79030001122');
    expect(await consentsOf('guardianId', granny.id))
      .toMatchObject([{ document: `Заявление № 90 от ${ruDate(TODAY)}`, purposes: ['journal', 'contacts', 'alerts'], givenOn: TODAY }]);
  });
});

describe('the class teacher sees who has none', () => {
  it('marks the students and parents without a consent and counts them', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const page = await ct.get('/my-class');
    expect(page.statusCode).toBe(200);
    const n = Number(/data-no-consent="(\d+)"/.exec(page.body)![1]);
    expect(n).toBeGreaterThanOrEqual(2); // the demo: two families without one, one withdrawn (one recorded by a test above)
    expect(mainText(page.body)).toContain(`без согласия: ${n}`);
    expect(page.body.match(/data-consent="none"/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(page.body).toMatch(/data-consent="withdrawn"/);
    expect(page.body).toMatch(/data-guardian-consent="(none|withdrawn)"/);
    // Read-only: the class teacher may not open the consent pages.
    const { studentId } = await familyWithoutConsent();
    expect((await ct.get(`/people/students/${studentId}/consents`)).statusCode).toBe(403);
  });
});

describe('who may', () => {
  it('teacher, class teacher, deputy, parent and student: 403 on the consent pages', async () => {
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    const [c] = await consentsOf('studentId', dima.id);
    for (const login of ['teacher', 'classteacher', 'deputy', 'parent', 'student']) {
      const who = await loginAs(t.app, login);
      const urls = [
        `/people/students/${dima.id}/consents`, `/people/guardians/${anna.id}/consents`, `/people/students/${dima.id}/consents/${c!.id}/withdraw`,
      ];
      for (const url of urls) {
        expect((await who.get(url)).statusCode, `${login} GET ${url}`).toBe(403);
      }
      await who.get('/');
      const post = await who.post(`/people/students/${dima.id}/consents/${c!.id}/withdraw`, { withdrawnOn: TODAY, document: 'x' });
      expect(post.statusCode, login).toBe(403);
    }
    expect((await consentsOf('studentId', dima.id))[0]!.withdrawnOn).toBeNull();
  });

  it('another school\'s person and consent: 404', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    const [c] = await consentsOf('studentId', dima.id);
    expect((await admin2.get(`/people/students/${dima.id}/consents`)).statusCode).toBe(404);
    expect((await admin2.get(`/people/guardians/${anna.id}/consents`)).statusCode).toBe(404);
    await admin2.get('/');
    const withdraw = await admin2.post(`/people/students/${dima.id}/consents/${c!.id}/withdraw`, {
      withdrawnOn: TODAY, document: 'x',
    });
    expect(withdraw.statusCode).toBe(404);
    const record = await admin2.post(`/people/students/${dima.id}/consents`, { givenOn: TODAY, document: 'x', purposes: 'journal' });
    expect(record.statusCode).toBe(404);
    // A school-2 student with a school-1 consent id: 404 too.
    const own = await aStudentOf(db(), '5А', SCHOOL_2);
    expect((await admin2.get(`/people/students/${own.id}/consents/${c!.id}/withdraw`)).statusCode).toBe(404);
    expect((await admin2.get(`/people/students/${own.id}/consents`)).statusCode).toBe(200);
    expect(await db().select().from(pdConsents).where(and(eq(pdConsents.studentId, own.id)))).not.toHaveLength(0);
  });
});

describe('family alerts need the «уведомления семье» purpose', () => {
  it('without it the parent cannot turn on alerts, push or the digest, and the page says why', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const parent = await loginAs(t.app, 'parent');
    expect(mainText((await parent.get('/diary/alerts')).body)).not.toContain('Уведомления и сводка на почту приходят только при согласии');
    // Anna withdraws her own consent (the one covering alerts); a new one without the purpose is recorded.
    const [own] = await consentsOf('guardianId', anna.id);
    await secretary.get(`/people/guardians/${anna.id}/consents/${own!.id}/withdraw`);
    const withdraw = { withdrawnOn: TODAY, document: 'Заявление об отзыве № 9' };
    expect((await secretary.post(`/people/guardians/${anna.id}/consents/${own!.id}/withdraw`, withdraw)).statusCode).toBe(303);
    const journalOnly = { givenOn: TODAY, document: 'Заявление № 80', purposes: 'journal' };
    await secretary.post(`/people/guardians/${anna.id}/consents`, journalOnly);

    const page = await parent.get('/diary/alerts');
    expect(mainText(page.body))
      .toContain('Уведомления и сводка на почту приходят только при согласии на обработку персональных данных с целью «уведомления семье»');
    const refused = await parent.post('/diary/alerts', {
      [`${dima.id}.marks`]: 'on', [`${dima.id}.byEmail`]: 'on', email: 'anna@example.ru',
    });
    expect(refused.statusCode).toBe(422);
    expect(await db().select().from(alertPrefs).where(eq(alertPrefs.guardianId, anna.id))).toHaveLength(0);
    const keys = { p256dh: 'p'.repeat(40), auth: 'a'.repeat(16) };
    const push = await parent.json('/diary/alerts/push', { endpoint: 'https://push.example/anna', keys });
    expect(push.statusCode).toBe(422);
    expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.guardianId, anna.id))).toHaveLength(0);
    await parent.get('/diary/digest');
    const digest = await parent.post('/diary/digest', { enabled: 'on', email: 'anna@example.ru' });
    expect(digest.statusCode).toBe(422);
    expect(mainText(digest.body)).toContain('с целью «уведомления семье»');
    // Choosing what to follow without a channel is still fine (nothing is sent anywhere).
    await parent.get('/diary/alerts');
    expect((await parent.post('/diary/alerts', { [`${dima.id}.marks`]: 'on', email: '' })).statusCode).toBe(303);
  });

  it('settings kept from before are not sent without the purpose; with a new consent they are', async () => {
    const anna = await guardianByName(db(), 'Морозова', 'Анна');
    const dima = await studentByName(db(), 'Морозов', 'Дмитрий');
    const sid = await schoolId(db());
    await db().update(alertPrefs).set({ byEmail: true, email: 'anna.old@example.ru' }).where(eq(alertPrefs.guardianId, anna.id));
    const mark = async () => {
      await db().insert(alertEvents).values({ schoolId: sid, kind: 'mark', studentId: dima.id });
      await collectSchool(db(), { id: sid, timeZone: 'Europe/Moscow' }, new Date(`${TODAY}T12:00:00+03:00`));
      return db().select().from(alertDeliveries).where(eq(alertDeliveries.guardianId, anna.id));
    };
    expect(await mark()).toHaveLength(0);
    const secretary = await loginAs(t.app, 'secretary');
    await secretary.get(`/people/guardians/${anna.id}/consents`);
    const alertsOnly = { givenOn: TODAY, document: 'Заявление № 81', purposes: 'alerts' };
    await secretary.post(`/people/guardians/${anna.id}/consents`, alertsOnly);
    expect(await mark()).toMatchObject([{ channel: 'email', email: 'anna.old@example.ru' }]);
  });
});
