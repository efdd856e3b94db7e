// Importing or editing a КТП never rewrites the journal's past. On Monday 23.11.2026 the demo teacher re-plans 5Б maths:
// every lesson up to today (the closed first quarter too) stays exactly as it was — topic, link, updated_at — while the
// lessons after today get the new topics, each with its audit row; the КТП page shows planned vs given; «Применить КТП
// к будущим урокам» changes only the future; a future lesson of a closed period is left alone until it is reopened.
// Forbidden roles, a teacher of another group and another school's ids change nothing.
import { and, asc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATH_5, planTopics } from '../../src/cli/seed/demo-ktp.ts';
import { accounts } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { ktpTopics } from '../../src/modules/curriculum/schema.ts';
import { journalReopens, periodClosures } from '../../src/modules/journal/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { periods, schoolClasses } from '../../src/modules/setup/schema.ts';
import { todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { demoGroup, schoolOf } from './journal-support.ts';
import { applyChecked, csv, makeGroup, uploadKtp } from './ktp-support.ts';
import { SCHOOL_2 } from './people-support.ts';

let t: TestApp;
let teacher: Client;
let school: string;
let group: string;
let teacherAccount: string;
const today = todayIso();
const db = () => t.database.db;
const page = () => `/ktp/groups/${group}`;
const topicRow = async (title: string) => (await db().select().from(ktpTopics)
  .where(and(eq(ktpTopics.groupId, group), eq(ktpTopics.title, title))))[0]!;

type Plan = Array<{ title: string; hours: number }>;
const ORIGINAL: Plan = planTopics(MATH_5);
/** The plan with two hours of revision put first: every place of the plan moves by two. */
const REPLANNED: Plan = [{ title: 'Повторение: числа и вычисления', hours: 2 }, ...ORIGINAL];
/** Five hours of revision first. */
const REVISION_5: Plan = [{ title: 'Повторение: числа и вычисления', hours: 5 }, ...ORIGINAL];

async function groupLessons() {
  const rows = await db().select({
    id: lessons.id, date: lessons.date, n: lessons.lessonNumber, topic: lessons.topic, ktp: lessons.ktpTopicId,
    updatedAt: lessons.updatedAt, overridden: lessons.topicOverridden, sub: substitutions.kind,
  }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.lessonId, lessons.id), eq(substitutions.kind, 'cancelled')))
    .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group))).orderBy(asc(lessons.date), asc(lessons.lessonNumber));
  return rows.map((r) => ({ ...r, cancelled: r.sub !== null, updatedAt: r.updatedAt.toISOString() }));
}
type Lesson = Awaited<ReturnType<typeof groupLessons>>[number];
const given = (rows: Lesson[]) => rows.filter((r) => r.date <= today);
const state = (rows: Lesson[]) => rows.map((r) => ({ id: r.id, date: r.date, topic: r.topic, ktp: r.ktp, updatedAt: r.updatedAt }));

/** The title the plan puts at each lesson's place (cancelled lessons take no place; written independently of the app). */
function placed(rows: Lesson[], plan: Plan): Map<string, string | null> {
  const slots = plan.flatMap((p) => Array.from({ length: p.hours }, () => p.title));
  const out = new Map<string, string | null>();
  let place = 0;
  for (const r of rows) {
    if (r.cancelled) { out.set(r.id, null); continue; }
    out.set(r.id, slots[place] ?? null);
    place += 1;
  }
  return out;
}

/** Uploads a plan as CSV and confirms it, as the teacher does on the page. */
async function importPlan(client: Client, plan: Plan) {
  const file = csv([['№', 'Тема урока', 'Часы'], ...plan.map((p, i) => [String(i + 1), p.title, String(p.hours)])]);
  const checked = await uploadKtp(t.app, client, group, { name: 'ктп-5б.csv', data: file });
  expect(checked.statusCode).toBe(200);
  return applyChecked(client, checked.body, group);
}

/** The audit rows of lesson topics written by one request. */
async function topicAudits(requestId: string) {
  return db().select().from(auditEvents)
    .where(and(eq(auditEvents.schoolId, school), eq(auditEvents.entity, 'lesson'), eq(auditEvents.requestId, requestId)));
}
/** The request of the КТП change just made: the newest audit row of that action, never one a step before used. */
const used = new Set<string>();
async function lastKtpRequest(action: string): Promise<string> {
  const rows = await db().select().from(auditEvents)
    .where(and(eq(auditEvents.entity, 'ktp'), eq(auditEvents.entityId, group), eq(auditEvents.action, action)))
    .orderBy(asc(auditEvents.at));
  const id = rows.at(-1)?.requestId;
  expect(id && !used.has(id), `a new «${action}» audit row`).toBe(true);
  used.add(id!);
  return id!;
}

/** Every lesson after today that the plan may fill holds the title at its place, and each change has its audit row. */
async function expectFutureFollows(before: Lesson[], plan: Plan, requestId: string, locked: (l: Lesson) => boolean = () => false) {
  const after = await groupLessons();
  const want = placed(after, plan);
  const was = new Map(before.map((r) => [r.id, r]));
  const audits = await topicAudits(requestId);
  const byLesson = new Map(audits.map((a) => [a.entityId, a]));
  expect(audits.length).toBe(byLesson.size); // one row per lesson
  let changed = 0;
  for (const l of after.filter((r) => r.date > today && !r.overridden)) {
    const old = was.get(l.id)!;
    if (locked(l)) {
      expect(state([l]), l.date).toEqual(state([old]));
      continue;
    }
    expect(l.topic, `${l.date} #${l.n}`).toBe(want.get(l.id));
    if (old.topic !== l.topic) {
      changed += 1;
      expect(byLesson.get(l.id), `audit of ${l.date}`).toMatchObject({
        action: 'update', oldValue: { topic: old.topic }, newValue: { topic: l.topic }, actorAccountId: teacherAccount, ip: '127.0.0.1',
      });
    } else {
      expect(byLesson.get(l.id), JSON.stringify([l, old])).toBeUndefined();
    }
  }
  expect(audits.length).toBe(changed);
  return changed;
}

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  group = await demoGroup(db(), school, '5Б', 'Математика');
  teacherAccount = (await db().select({ id: accounts.id }).from(accounts).where(eq(accounts.login, 'teacher')))[0]!.id;
  teacher = await loginAs(t.app, 'teacher');
}, 300_000);
afterAll(async () => { await t?.close(); });

describe('the teacher re-plans 5Б maths in November', () => {
  it('the demo starts with topics on the lessons given, the first quarter closed', async () => {
    const rows = given(await groupLessons());
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => !r.cancelled).every((r) => r.topic)).toBe(true);
    expect(rows.slice(0, 3).map((r) => r.topic)).toEqual(ORIGINAL.slice(0, 3).map((p) => p.title));
    const closed = await db().select({ endsOn: periods.endsOn }).from(periodClosures)
      .innerJoin(periods, and(eq(periods.schoolId, periodClosures.schoolId), eq(periods.id, periodClosures.periodId)))
      .where(eq(periodClosures.groupId, group));
    expect(closed.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.date <= closed[0]!.endsOn).length).toBeGreaterThan(30);
  });

  it('an import leaves every lesson up to today as it was and gives the lessons after today the new topics, each audited', async () => {
    const before = await groupLessons();
    const res = await importPlan(teacher, REPLANNED);
    expect(res.statusCode).toBe(303);
    const after = await groupLessons();
    expect(state(given(after))).toEqual(state(given(before)));
    const changed = await expectFutureFollows(before, REPLANNED, await lastKtpRequest('import'));
    expect(changed).toBeGreaterThan(50);
  });

  it('the page shows planned vs given: the count, every mismatch, and where each plan topic was given', async () => {
    const rows = await groupLessons();
    const want = placed(rows, REPLANNED);
    const past = given(rows).filter((r) => !r.cancelled);
    const mismatches = past.filter((r) => (r.topic ?? null) !== want.get(r.id));
    expect(mismatches.length).toBeGreaterThan(10);
    const res = await teacher.get(page());
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    // The demo cancels one 5Б maths lesson: it keeps its plan hour («по КТП» counts it), it is not given.
    const cancelled = given(rows).length - past.length;
    const m = /Проведено (\d+) урок\S*(?: \(отменено (\d+)\))?, по КТП к сегодняшнему дню — (\d+) час\S*; расхождений с планом: (\d+)\./.exec(text);
    expect(m, text.slice(0, 400)).not.toBeNull();
    expect(m!.slice(1).map((v) => Number(v ?? 0))).toEqual([past.length, cancelled, past.length + cancelled, mismatches.length]);
    expect(text).toContain('по КТП: «Повторение: числа и вычисления» проведено: «Десятичная система счисления»');
    expect((res.body.match(/<li><a href="\/journal\/lessons\//g) ?? []).length).toBe(mismatches.length);
    const first = await topicRow('Десятичная система счисления');
    const day = `${past[0]!.date.slice(8, 10)}\\.${past[0]!.date.slice(5, 7)}`;
    expect(res.body).toMatch(new RegExp(`<tr id="t-${first.id}" class="ktp-has-given">((?!<tr)[\\s\\S])*</tr>\\s*`
      + `<tr class="ktp-given-on"><td></td><td colspan="3">проведена: ${day}</td></tr>`));
    expect(res.body).toContain(`action="/ktp/groups/${group}/apply"`);
    expect(text).toContain('Применить КТП к будущим урокам');
    expect(text).toContain('Будущие уроки уже идут по КТП.');
  });

  it('editing the plan (delete, hours, move) changes only lessons not given yet', async () => {
    const topicId = async (title: string) => (await topicRow(title)).id;
    const R = 'Ряд натуральных чисел';
    const longer = ORIGINAL.map((p) => (p.title === 'Ряд натуральных чисел' ? { ...p, hours: 3 } : p));
    const steps: Array<[string, () => Promise<{ statusCode: number }>, Plan]> = [
      ['topic_move', async () => teacher.post(`${page()}/topics/${await topicId(R)}/move`, { direction: 'up' }),
        [REPLANNED[0]!, ORIGINAL[1]!, ORIGINAL[0]!, ...ORIGINAL.slice(2)]],
      ['topic_delete', async () => teacher.post(`${page()}/topics/${await topicId('Повторение: числа и вычисления')}/delete`),
        [ORIGINAL[1]!, ORIGINAL[0]!, ...ORIGINAL.slice(2)]],
      ['topic_move', async () => teacher.post(`${page()}/topics/${await topicId(R)}/move`, { direction: 'down' }), ORIGINAL],
      ['topic_update', async () => teacher.post(`${page()}/topics/${await topicId(R)}`, { title: R, hours: '3' }), longer],
    ];
    for (const [action, post, plan] of steps) {
      const before = await groupLessons();
      await teacher.get(page());
      expect((await post()).statusCode, action).toBe(303);
      expect(state(given(await groupLessons())), action).toEqual(state(given(before)));
      const changed = await expectFutureFollows(before, plan, await lastKtpRequest(action));
      // swapping the first two topics moves only places already given: nothing after today changes
      if (action !== 'topic_move') expect(changed, action).toBeGreaterThan(50);
    }
  });

  it('«Применить КТП к будущим урокам» after a lesson was cancelled: only the future moves', async () => {
    const plan = ORIGINAL.map((p) => (p.title === 'Ряд натуральных чисел' ? { ...p, hours: 3 } : p));
    const future = (await groupLessons()).filter((r) => r.date > today);
    await db().insert(substitutions).values({ schoolId: school, lessonId: future[2]!.id, kind: 'cancelled', reason: 'карантин' });
    const before = await groupLessons();
    const shown = mainText((await teacher.get(page())).body);
    expect(shown).toMatch(/Будущих уроков, у которых тема изменится: \d+\./);
    const res = await teacher.post(`${page()}/apply`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page()}#progress`);
    expect(state(given(await groupLessons()))).toEqual(state(given(before)));
    const changed = await expectFutureFollows(before, plan, await lastKtpRequest('apply_future'));
    expect(changed).toBeGreaterThan(30);
    expect(mainText((await teacher.get(page())).body))
      .toContain(`КТП применён к будущим урокам: изменено тем — ${changed}. Прошедшие уроки не менялись.`);
    const settled = state(await groupLessons());
    expect((await teacher.post(`${page()}/apply`)).statusCode).toBe(303);
    expect(state(await groupLessons())).toEqual(settled);
    expect(mainText((await teacher.get(page())).body)).toContain('Будущие уроки уже идут по КТП.');
  });

  it('a future lesson in a closed period keeps its topic until the period is reopened', async () => {
    const [cls] = await db().select({ schemeId: schoolClasses.schemeId }).from(schoolClasses)
      .where(and(eq(schoolClasses.schoolId, school), eq(schoolClasses.name, '5Б')));
    const [current] = await db().select().from(periods)
      .where(and(eq(periods.schemeId, cls!.schemeId), eq(periods.schoolId, school), gt(periods.endsOn, today)))
      .orderBy(asc(periods.startsOn)).limit(1);
    await db().insert(periodClosures).values({ schoolId: school, groupId: group, periodId: current!.id });
    const inClosed = (l: Lesson) => l.date >= current!.startsOn && l.date <= current!.endsOn;
    const before = await groupLessons();
    expect(before.filter((l) => l.date > today && inClosed(l)).length).toBeGreaterThan(5);
    expect((await importPlan(teacher, REVISION_5)).statusCode).toBe(303);
    expect(state(given(await groupLessons()))).toEqual(state(given(before)));
    expect(await expectFutureFollows(before, REVISION_5, await lastKtpRequest('import'), inClosed)).toBeGreaterThan(30);
    expect(mainText((await teacher.get(page())).body))
      .toMatch(/Уроков после сегодняшнего дня в закрытых периодах: \d+ — их темы не меняются\./);

    await db().insert(journalReopens)
      .values({ schoolId: school, groupId: group, periodId: current!.id, untilDate: current!.endsOn, reason: 'Исправление КТП' });
    const reopened = await groupLessons();
    await teacher.get(page());
    expect((await teacher.post(`${page()}/apply`)).statusCode).toBe(303);
    expect(state(given(await groupLessons()))).toEqual(state(given(reopened)));
    expect(await expectFutureFollows(reopened, REVISION_5, await lastKtpRequest('apply_future'))).toBeGreaterThan(5);
  });
});

describe('a topic already given is deleted from the plan', () => {
  it('its lessons keep their topic and lose only the link, each with an audit row; no other lesson up to today changes', async () => {
    const topic = await topicRow('Десятичная система счисления');
    const before = await groupLessons();
    const on = given(before).filter((l) => l.ktp === topic.id);
    expect(on.length).toBeGreaterThan(0);
    await teacher.get(page());
    expect((await teacher.post(`${page()}/topics/${topic.id}/delete`)).statusCode).toBe(303);
    expect(mainText((await teacher.get(page())).body)).toContain(`Уроки, на которых она уже пройдена (${on.length}), сохранили свою тему.`);
    const after = new Map((await groupLessons()).map((l) => [l.id, l]));
    for (const l of given(before)) {
      if (l.ktp !== topic.id) expect(state([after.get(l.id)!])).toEqual(state([l]));
      else expect(after.get(l.id)).toMatchObject({ topic: l.topic, ktp: null });
    }
    const rows = await topicAudits(await lastKtpRequest('topic_delete'));
    for (const l of on) {
      expect(rows.find((r) => r.entityId === l.id)).toMatchObject({ oldValue: { ktpTopicId: topic.id }, newValue: { ktpTopicId: null } });
    }
  });
});

describe('a lesson\'s own topic through the КТП page', () => {
  it('follows the journal\'s edit rules: a lesson of the closed first quarter is refused and stays as it was', async () => {
    const first = (await groupLessons())[0]!;
    await teacher.get(page());
    for (const topic of ['Своя тема', '']) {
      const res = await teacher.post(`/ktp/lessons/${first.id}/topic`, { topic });
      expect(res.statusCode).toBe(303);
      expect(mainText((await teacher.get(page())).body)).toContain('Тема урока не сохранена. Итоговые отметки за период выставлены');
    }
    const [now] = (await groupLessons()).filter((l) => l.id === first.id);
    expect(state([now!])).toEqual(state([first]));
  });
});

describe('who may re-apply', () => {
  it('parent, student and secretary get 403; a teacher of another group and another school get 404; nothing changes', async () => {
    const before = state(await groupLessons());
    for (const login of ['parent', 'student', 'secretary']) {
      const c = await loginAs(t.app, login);
      expect((await c.get(page())).statusCode, login).toBe(403);
      expect((await c.post(`${page()}/apply`)).statusCode, login).toBe(403);
    }
    const other = await loginAs(t.app, 'classteacher');
    await other.get('/ktp');
    expect((await other.get(page())).statusCode).toBe(404);
    expect((await other.post(`${page()}/apply`)).statusCode).toBe(404);
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get('/ktp');
    expect((await admin2.post(`${page()}/apply`)).statusCode).toBe(404);
    const foreign = await makeGroup(db(), {
      className: '5А', subject: 'Математика', name: 'Группа школы 2', teacher: 'admin2', school: SCHOOL_2,
    });
    await teacher.get(page());
    expect((await teacher.post(`/ktp/groups/${foreign.groupId}/apply`)).statusCode).toBe(404);
    expect((await teacher.post('/ktp/groups/not-a-uuid/apply')).statusCode).toBe(404);
    expect(state(await groupLessons())).toEqual(before);
  });
});
