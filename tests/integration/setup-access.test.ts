// Who may read and change the school setup: the admin writes, the deputy only reads, everyone else is refused;
// another school's ids answer 404 and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels } from '../support/client.ts';
import { demoFacts, snapshot } from './setup-support.ts';

let t: TestApp;
let facts: Awaited<ReturnType<typeof demoFacts>>;
beforeAll(async () => {
  t = await startTestApp();
  facts = await demoFacts(t.database.db);
});
afterAll(async () => { await t.close(); });

/** Every page of the setup, with school 1's ids. */
function pages(): string[] {
  const f = facts;
  return [
    '/setup', '/setup/years', `/setup/years/${f.year.id}`, `/setup/schemes/${f.quarters.id}`, `/setup/periods/${f.quarterPeriods[0]!.id}`,
    `/setup/holidays/${f.holiday.id}`, `/setup/transfers/${f.transfer.id}`, '/setup/bells', `/setup/bells/${f.bellSchedule.id}`,
    '/setup/subjects', `/setup/subjects/${f.subject.id}`, `/setup/years/${f.year.id}/classes`, `/setup/classes/${f.class5A.id}`,
  ];
}

/** Every form of the setup with a body the admin's own school would accept. */
function posts(): Array<[string, Record<string, string>]> {
  const f = facts;
  const period = { ordinal: '5', name: '5 четверть', startsOn: '2027-05-27', endsOn: '2027-05-30' };
  const holiday = { name: 'Каникулы', kind: 'vacation', startsOn: '2027-04-10', endsOn: '2027-04-12' };
  const klass = { grade: '5', letter: 'В', shift: '1', schemeId: f.quarters.id };
  return [
    ['/setup/school', { name: 'Чужое имя школы', staffIdleMinutes: '60' }],
    ['/setup/years', { name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-05-31' }],
    [`/setup/years/${f.year.id}`, { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-06-30' }],
    [`/setup/years/${f.year.id}/schemes`, { kind: 'trimesters' }],
    [`/setup/years/${f.year.id}/holidays`, holiday],
    [`/setup/years/${f.year.id}/transfers`, { date: '2026-12-26', worksAs: '1' }],
    [`/setup/years/${f.year.id}/classes`, klass],
    [`/setup/schemes/${f.quarters.id}`, { kind: 'quarters', name: 'Чужие четверти' }],
    [`/setup/schemes/${f.quarters.id}/periods`, { ordinal_0: '5', name_0: '5 четверть', startsOn_0: '2027-05-27', endsOn_0: '2027-05-30' }],
    [`/setup/periods/${f.quarterPeriods[3]!.id}`, { ...period, ordinal: '4' }],
    [`/setup/periods/${f.quarterPeriods[3]!.id}/delete`, {}],
    [`/setup/holidays/${f.holiday.id}`, holiday],
    [`/setup/holidays/${f.holiday.id}/delete`, {}],
    [`/setup/transfers/${f.transfer.id}`, { date: '2027-02-20', worksAs: '2' }],
    [`/setup/transfers/${f.transfer.id}/delete`, {}],
    ['/setup/bells', { shift: '3' }],
    [`/setup/bells/${f.bellSchedule.id}`, { name: 'Чужие звонки', lessonNumber_0: '1', startsAt_0: '09:00', endsAt_0: '09:45' }],
    [`/setup/bells/${f.bellSchedule.id}/delete`, {}],
    ['/setup/subjects', { name: 'Чужой предмет' }],
    [`/setup/subjects/${f.subject.id}`, { name: 'Чужой предмет' }],
    [`/setup/classes/${f.class5A.id}`, klass],
    [`/setup/classes/${f.class5A.id}/delete`, {}],
    [`/setup/schemes/${f.halves!.id}/delete`, {}],
  ];
}

describe('navigation', () => {
  it.each([['admin', true], ['deputy', true], ['teacher', false], ['secretary', false], ['parent', false], ['student', false]])(
    '%s sees «Настройка школы»: %s', async (login, sees) => {
      const c = await loginAs(t.app, login);
      expect(navLabels((await c.get('/')).body).includes('Настройка школы')).toBe(sees);
    },
  );
});

describe('the deputy reads every page but changes nothing', () => {
  it('opens every page, without forms', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    for (const url of pages()) {
      const res = await deputy.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/<form method="post" action="\/setup/);
    }
    const text = mainText((await deputy.get('/setup')).body);
    expect(text).toContain('Контакты обучающихся и родителей собираются Бездействие сотрудника 30 мин.');
    expect(mainText((await deputy.get(`/setup/years/${facts.year.id}/classes`)).body)).toContain('5А 1 Четверти Соколов Андрей Николаевич');
  });

  it('gets 403 on every form', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get('/setup');
    const before = await snapshot(t.database.db, facts.schoolId);
    for (const [url, form] of posts()) {
      const res = await deputy.post(url, form);
      expect(res.statusCode, url).toBe(403);
      expect(mainText(res.body)).toContain('Доступ запрещён');
    }
    expect(await snapshot(t.database.db, facts.schoolId)).toBe(before);
  });
});

describe('other roles are refused', () => {
  it.each(['teacher', 'classteacher', 'secretary', 'parent', 'student'])('%s gets 403 on every page and form', async (login) => {
    const c = await loginAs(t.app, login);
    await c.get('/');
    const before = await snapshot(t.database.db, facts.schoolId);
    for (const url of [...pages(), '/setup/classes']) expect((await c.get(url)).statusCode, `${login} GET ${url}`).toBe(403);
    for (const [url, form] of posts()) expect((await c.post(url, form)).statusCode, `${login} POST ${url}`).toBe(403);
    expect(await snapshot(t.database.db, facts.schoolId)).toBe(before);
  });

  it('sends a visitor to the login page', async () => {
    const res = await t.app.inject({ url: '/setup' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fsetup');
  });
});

describe('another school', () => {
  it("answers 404 to admin2 for school 1's ids, on every page and form, and changes nothing", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get('/setup');
    const before = await snapshot(t.database.db, facts.schoolId);
    for (const url of pages().filter((u) => /[0-9a-f]{8}-/.test(u))) {
      const res = await admin2.get(url);
      expect(res.statusCode, `GET ${url}`).toBe(404);
      expect(mainText(res.body)).toContain('Страница не найдена');
    }
    for (const [url, form] of posts().filter(([u]) => /[0-9a-f]{8}-/.test(u))) {
      expect((await admin2.post(url, form)).statusCode, `POST ${url}`).toBe(404);
    }
    expect(await snapshot(t.database.db, facts.schoolId)).toBe(before);
  });

  it("shows admin2 only school 2's own data", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const own = await demoFacts(t.database.db, 'admin2');
    const classes = mainText((await admin2.get(`/setup/years/${own.year.id}/classes`)).body);
    expect(classes).toContain('5А');
    expect(classes).not.toContain('11Б');
    const home = mainText((await admin2.get('/setup')).body);
    expect(home).toContain('2026/2027');
    expect((await admin2.get('/setup')).body).toContain('МАОУ «Гимназия № 2» (демо)');
  });

  it('answers 404 to a malformed id', async () => {
    const admin = await loginAs(t.app, 'admin');
    for (const url of ['/setup/years/123', '/setup/classes/not-a-uuid', '/setup/periods/00000000-0000-0000-0000-00000000000z']) {
      expect((await admin.get(url)).statusCode, url).toBe(404);
    }
    await admin.get('/setup');
    expect((await admin.post('/setup/subjects/nope', { name: 'X' })).statusCode).toBe(404);
  });
});
