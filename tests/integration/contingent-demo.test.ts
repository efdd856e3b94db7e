// The demo movements (seedDemoContingent) on the demo school, and the fold reproducing the stored memberships.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/cli/demo-data.ts';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { buildSchool, type BuiltSchool } from '../../src/cli/seed/builder.ts';
import { seedDemoContingent } from '../../src/cli/seed/demo-contingent.ts';
import { demoSchoolSpec } from '../../src/cli/seed/demo-school.ts';
import { classListOn, movementsOf } from '../../src/modules/contingent/queries.ts';
import { foldMemberships } from '../../src/modules/contingent/rules.ts';
import { classMemberships, orders } from '../../src/modules/contingent/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { listRows } from './contingent-support.ts';

let t: TestApp;
let built: BuiltSchool;

/** Every stored membership of the school, without row ids, in a stable order. */
async function storedMemberships(schoolId: string) {
  const rows = await t.database.db.select().from(classMemberships).where(eq(classMemberships.schoolId, schoolId));
  return rows.map(({ schoolId: _s, id: _i, ...m }) => m).sort((a, b) => `${a.studentId}${a.startsOn}`.localeCompare(`${b.studentId}${b.startsOn}`));
}
async function foldedMemberships(schoolId: string) {
  const ids = (await t.database.db.select({ id: students.id }).from(students).where(eq(students.schoolId, schoolId))).map((r) => r.id);
  const folded = foldMemberships(await movementsOf(t.database.db, { schoolId, studentIds: ids }));
  if (!('memberships' in folded)) throw new Error(`does not fold: ${folded.error.code}`);
  return folded.memberships.sort((a, b) => `${a.studentId}${a.startsOn}`.localeCompare(`${b.studentId}${b.startsOn}`));
}

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  built = await buildSchool(t.database.db, demoSchoolSpec(), await hashPassword(DEMO_PASSWORD));
});
afterAll(async () => { await t.close(); });

describe('the demo contingent', () => {
  it('the fold reproduces the memberships the school builder inserted', async () => {
    const stored = await storedMemberships(built.schoolId);
    expect(stored.length).toBeGreaterThan(500);
    expect(await foldedMemberships(built.schoolId)).toEqual(stored);
  });

  it('posts the autumn movements through the service', async () => {
    await seedDemoContingent(t.database.db, built);
    const rows = await t.database.db.select({ number: orders.number, kind: orders.kind, status: orders.status, cancelReason: orders.cancelReason })
      .from(orders).where(eq(orders.schoolId, built.schoolId)).orderBy(orders.date, orders.number);
    expect(rows).toEqual([
      { number: '112-К', kind: 'enrolment', status: 'posted', cancelReason: null },
      { number: '118-К', kind: 'enrolment', status: 'posted', cancelReason: null },
      { number: '124-К', kind: 'transfer', status: 'posted', cancelReason: null },
      { number: '139-К', kind: 'withdrawal', status: 'posted', cancelReason: null },
      { number: '141-К', kind: 'transfer', status: 'cancelled', cancelReason: 'ошибка в номере класса' },
      { number: '142-К', kind: 'transfer', status: 'posted', cancelReason: null },
    ]);
    expect(await storedMemberships(built.schoolId)).toEqual(await foldedMemberships(built.schoolId));
  });

  it('shows the movements in the class lists', async () => {
    const list = (key: string, date: string) => classListOn(t.database.db, { schoolId: built.schoolId, classId: built.classes.get(key)!, date });
    const a5 = await list('5А', '2026-11-22');
    expect(a5!.left.map((l) => l.note)).toEqual(['выбыл(а) 12.11.2026 (выбыл в МБОУ СОШ № 7 г. Тулы)']);
    expect(a5!.present.some((p) => p.startsOn === '2026-10-05')).toBe(true);
    expect(a5!.present.map((p) => p.name)).toContain('Морозов Дмитрий Сергеевич');
    expect((await list('5А', '2026-11-11'))!.present.map((p) => p.studentId)).toContain(a5!.left[0]!.studentId);
    expect((await list('5Б', '2026-11-22'))!.left.map((l) => l.note)).toEqual(['переведён(а) в 5А 05.10.2026']);
    expect((await list('7А', '2026-11-22'))!.present.map((p) => p.name)).toContain('Гарипова Амина Ренатовна');
    expect((await list('7А', '2026-09-14'))!.present.map((p) => p.name)).not.toContain('Гарипова Амина Ренатовна');
    expect((await list('6А', '2026-11-22'))!.left.map((l) => l.note)).toEqual(['переведён(а) в 6Б 16.11.2026']);
    expect((await list('7Б', '2026-11-22'))!.left).toEqual([]); // the cancelled transfer left no trace
  });

  it('leaves the Morozovs alone', async () => {
    for (const key of ['student', 'sister']) {
      const rows = await t.database.db.select().from(classMemberships)
        .where(and(eq(classMemberships.schoolId, built.schoolId), eq(classMemberships.studentId, built.students.get(key)!)));
      expect(rows.map((r) => `${r.startsOn} ${r.endsOn}`)).toEqual(['2026-09-01 null']);
    }
  });

  it('lets the class teacher of 5А see who left and who came', async () => {
    const c = await loginAs(t.app, 'classteacher');
    const page = await c.get(`/contingent/classes/${built.classes.get('5А')}?date=2026-11-22`);
    expect(page.statusCode).toBe(200);
    expect(listRows(page.body)).toContainEqual(expect.stringMatching(/выбыл\(а\) 12\.11\.2026 \(выбыл в МБОУ СОШ № 7 г\. Тулы\)$/));
    expect(listRows(page.body)).toContainEqual(expect.stringMatching(/^\d+ .+ 05\.10\.2026$/));
    expect(mainText(page.body)).toContain('выбыли из класса: 1');
  });
});
