// The diary counts its readers: each time a family account opens a child's diary week, that account's counter for the
// child and the week goes up by one (one row, not a row per click); another family's, another child's or another
// week's visit leaves it alone. The activity report and the «parents informed» deadline read these counters.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/cli/demo-data.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { diaryViews } from '../../src/modules/diary/schema.ts';
import { studentGuardians } from '../../src/modules/people/schema.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { mondayOf } from '../../src/modules/diary/rules.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { member, someStudentOf, studentByFile } from './diary-pages-support.ts';

let t: TestApp;
const db = () => t.database.db;
let schoolId: string;
let parentAccount: string;
let dmitry: string;
let alisa: string;
let otherChild: string;
let parent: Client;
let otherParent: Client;
/** The week of the tests' clock and the one before it (Mondays). */
const THIS_WEEK = mondayOf(todayIso());
const LAST_WEEK = addDays(THIS_WEEK, -7);

/** The guardian of another child of 5А gets an account of their own: another family of the same school. */
async function otherFamily(child: string): Promise<string> {
  const [g] = await db().select({ id: studentGuardians.guardianId }).from(studentGuardians)
    .where(and(eq(studentGuardians.schoolId, schoolId), eq(studentGuardians.studentId, child))).limit(1);
  const [a] = await db().insert(accounts).values({ login: 'other-family', fullName: 'Другая Семья Родитель', passwordHash: await hashPassword(DEMO_PASSWORD) })
    .returning({ id: accounts.id });
  await db().insert(memberships).values({ schoolId, accountId: a!.id, roles: ['parent'], guardianId: g!.id });
  return 'other-family';
}

const counters = () => db().select({
  accountId: diaryViews.accountId, studentId: diaryViews.studentId, weekStart: diaryViews.weekStart, views: diaryViews.views,
}).from(diaryViews).where(eq(diaryViews.schoolId, schoolId));

const counterOf = async (accountId: string, studentId: string, weekStart: string) =>
  (await counters()).find((r) => r.accountId === accountId && r.studentId === studentId && r.weekStart === weekStart)?.views ?? 0;

beforeAll(async () => {
  t = await startTestApp();
  const m = await member(db(), 'parent');
  schoolId = m.schoolId;
  parentAccount = m.accountId;
  dmitry = await studentByFile(db(), schoolId, 'М-0001');
  alisa = await studentByFile(db(), schoolId, 'М-0002');
  otherChild = await someStudentOf(db(), schoolId, '5А', todayIso(), [dmitry]);
  parent = await loginAs(t.app, 'parent');
  otherParent = await loginAs(t.app, await otherFamily(otherChild));
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('diary views', () => {
  it('each visit of the week page adds one to the account\'s counter for that child and week', async () => {
    expect(await counters()).toEqual([]);
    expect((await parent.get(`/diary/${dmitry}`)).statusCode).toBe(200);
    expect(await counterOf(parentAccount, dmitry, THIS_WEEK)).toBe(1);
    expect((await parent.get(`/diary/${dmitry}?week=${THIS_WEEK}`)).statusCode).toBe(200);
    expect((await parent.get(`/diary/${dmitry}?week=2026-11-25`)).statusCode).toBe(200); // a Wednesday: the same week
    expect(await counterOf(parentAccount, dmitry, THIS_WEEK)).toBe(3);
    expect((await parent.get(`/diary/${dmitry}?week=${LAST_WEEK}`)).statusCode).toBe(200);
    expect(await counterOf(parentAccount, dmitry, LAST_WEEK)).toBe(1);
    expect(await counters()).toHaveLength(2); // counters, not a row per click
  });

  it('another child, another family and a refused visit leave the counter alone', async () => {
    const before = await counterOf(parentAccount, dmitry, THIS_WEEK);
    expect((await parent.get(`/diary/${alisa}`)).statusCode).toBe(200);
    expect((await otherParent.get(`/diary/${otherChild}`)).statusCode).toBe(200);
    expect((await otherParent.get(`/diary/${dmitry}`)).statusCode).toBe(404);
    expect((await parent.get(`/diary/${dmitry}?week=не-неделя`)).statusCode).toBe(400);
    expect(await counterOf(parentAccount, dmitry, THIS_WEEK)).toBe(before);
    expect(await counterOf(parentAccount, alisa, THIS_WEEK)).toBe(1);
    const other = await member(db(), 'other-family');
    expect(await counterOf(other.accountId, otherChild, THIS_WEEK)).toBe(1);
    expect((await counters()).filter((r) => r.accountId === other.accountId)).toHaveLength(1);
  });

  it('sixteen visits of one account at once are all counted, each page served', async () => {
    const before = await counterOf(parentAccount, dmitry, LAST_WEEK);
    const answers = await Promise.all(Array.from({ length: 16 }, () => parent.get(`/diary/${dmitry}?week=${LAST_WEEK}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(16).fill(200));
    expect(await counterOf(parentAccount, dmitry, LAST_WEEK)).toBe(before + 16);
  });

  it('the other pages of the diary do not count (the week is what a parent reads)', async () => {
    const before = await counters();
    expect((await parent.get(`/diary/${dmitry}/marks`)).statusCode).toBe(200);
    expect(await counters()).toEqual(before);
  });
});
