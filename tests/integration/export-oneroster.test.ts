// The open export through HTTP: an admin downloads the OneRoster 1.2 ZIP of the demo school and of a small school of its
// own; every file's header is the binding's, every referenced sourcedId exists, the manifest lists exactly the files
// present, the counts are the database's; nothing of the other school is in it; other roles are refused, another
// school's year answers 404; the command line writes the same package.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/export-oneroster.ts';
import { rowsOf } from '../../src/db/client.ts';
import { academicYears } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { checkPackage, unzip, type Table } from './export-support.ts';
import { schoolOf } from './journal-support.ts';
import { addSmallSchoolJournal, type SmallJournal } from './export-oneroster-support.ts';
import type { WrittenFile } from '../../src/modules/export/oneroster/spec.ts';

let t: TestApp;
let admin: Client;
let demo: string;
let demoYear: string;
let school2: string;
let year2: string;
let small: SmallJournal;
const db = () => t.database.db;
const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number | string }>(await db().execute(query))[0]!.n);

beforeAll(async () => {
  t = await startTestApp();
  demo = await schoolOf(db(), 'admin');
  school2 = await schoolOf(db(), 'admin2');
  const latestYear = async (s: string) => (await db().select({ id: academicYears.id }).from(academicYears)
    .where(eq(academicYears.schoolId, s)).orderBy(sql`starts_on desc`).limit(1))[0]!.id;
  demoYear = await latestYear(demo);
  year2 = await latestYear(school2);
  admin = await loginAs(t.app, 'admin');
  small = await addSmallSchoolJournal(t.database, await buildSmallSchool(t.database, 'orx'));
}, 240_000);

afterAll(async () => {
  await t?.close();
});

/** The database's own counts of what a school's year export must hold. */
async function expected(schoolId: string, yearId: string) {
  const yearStudents = sql`(select cm.student_id from class_memberships cm
    join classes k on k.school_id = cm.school_id and k.id = cm.class_id
    where cm.school_id = ${schoolId} and k.year_id = ${yearId})`;
  const groups = sql`(select id from teaching_groups where school_id = ${schoolId} and year_id = ${yearId})`;
  const users = await count(sql`select (select count(*) from staff where school_id = ${schoolId})
    + (select count(*) from students where school_id = ${schoolId} and id in ${yearStudents})
    + (select count(distinct guardian_id) from student_guardians where school_id = ${schoolId} and student_id in ${yearStudents}) as n`);
  const enrollments = await count(sql`select
      (select count(*) from class_memberships cm join classes k on k.school_id = cm.school_id and k.id = cm.class_id
        where cm.school_id = ${schoolId} and k.year_id = ${yearId})
    + (select count(*) from classes where school_id = ${schoolId} and year_id = ${yearId} and class_teacher_id is not null)
    + (select count(*) from teaching_groups g join class_memberships cm on cm.school_id = g.school_id and cm.class_id = g.class_id
        where g.school_id = ${schoolId} and g.year_id = ${yearId} and g.kind = 'class')
    + (select count(*) from group_members where school_id = ${schoolId} and group_id in ${groups})
    + (select count(*) from group_teachers where school_id = ${schoolId} and group_id in ${groups}) as n`);
  const results = await count(sql`select (select count(*) from marks m join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
      where m.school_id = ${schoolId} and l.group_id in ${groups})
    + (select count(*) from period_marks where school_id = ${schoolId} and group_id in ${groups}) as n`);
  const classes = await count(sql`select (select count(*) from classes where school_id = ${schoolId} and year_id = ${yearId})
    + (select count(*) from teaching_groups where school_id = ${schoolId} and year_id = ${yearId}) as n`);
  return { users, enrollments, results, classes };
}

async function download(client: Client, yearId: string) {
  const started = performance.now();
  const res = await client.get(`/admin/export/oneroster.zip?year=${yearId}`);
  return { res, ms: Math.round(performance.now() - started), bytes: res.rawPayload.length };
}

const ids = (tables: Map<WrittenFile, Table>) => new Set([...tables.values()].flatMap((tb) => tb.rows.map((r) => r.sourcedId!)));

describe('the demo school', () => {
  let tables: Map<WrittenFile, Table>;

  it('downloads as a ZIP named after the school and year, with every file and column the binding asks for', async () => {
    const { res, ms, bytes } = await download(admin, demoYear);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="oneroster-[a-z0-9-]+-2026-2027\.zip"$/);
    tables = checkPackage(await unzip(res.rawPayload));
    console.log(`demo export: ${bytes} bytes in ${ms} ms; rows: ${[...tables].map(([f, tb]) => `${f} ${tb.rows.length}`).join(', ')}`);
    expect([...tables.keys()].sort()).toEqual(['academicSessions', 'categories', 'classes', 'courses', 'demographics', 'enrollments',
      'lineItems', 'orgs', 'results', 'roles', 'users']);
  }, 120_000);

  it('holds as many users, classes, enrollments and results as the database', async () => {
    const want = await expected(demo, demoYear);
    expect(tables.get('users')!.rows.length).toBe(want.users);
    expect(tables.get('classes')!.rows.length).toBe(want.classes);
    expect(tables.get('enrollments')!.rows.length).toBe(want.enrollments);
    expect(tables.get('results')!.rows.length).toBe(want.results);
    expect(want.results).toBeGreaterThan(1000);
    expect(tables.get('orgs')!.rows).toEqual([expect.objectContaining({ sourcedId: demo, type: 'school' })]);
  });

  it('holds nothing of the other school', async () => {
    const mine = ids(tables);
    const theirs = rowsOf<{ id: string }>(await db().execute(sql`select id::text from students where school_id = ${school2}
      union all select id::text from staff where school_id = ${school2}
      union all select id::text from guardians where school_id = ${school2}
      union all select id::text from teaching_groups where school_id = ${school2}
      union all select id::text from academic_years where school_id = ${school2}
      union all select id::text from work_types where school_id = ${school2}`)).map((r) => r.id);
    expect(theirs.length).toBeGreaterThan(50);
    expect(theirs.filter((id) => mine.has(id))).toEqual([]);
    const usernames = new Set(tables.get('users')!.rows.map((r) => r.username));
    expect(usernames.has('admin2')).toBe(false);
    expect(usernames.has('multi')).toBe(true); // a teacher of both schools is in each school's export, as that school's staff
  });

  it('maps logins, roles, the parent–child link and grades', () => {
    const users = new Map(tables.get('users')!.rows.map((r) => [r.username, r]));
    const roles = tables.get('roles')!.rows;
    const roleOf = (login: string) => roles.filter((r) => r.userSourcedId === users.get(login)!.sourcedId)
      .map((r) => `${r.roleType}:${r.role}`);
    expect(roleOf('admin')).toEqual(['primary:siteAdministrator']);
    expect(roleOf('deputy')).toEqual(['primary:siteAdministrator', 'secondary:teacher']);
    expect(roleOf('teacher')).toEqual(['primary:teacher']);
    expect(roleOf('secretary')).toEqual(['primary:ext:secretary']);
    expect(roleOf('parent')).toEqual(['primary:parent']);
    expect(roleOf('student')).toEqual(['primary:student']);
    const student = users.get('student')!;
    const parent = users.get('parent')!;
    expect(student.grades).toBe('05');
    expect(parent.agentSourcedIds!.split(',')).toContain(student.sourcedId);
    expect(student.agentSourcedIds!.split(',')).toContain(parent.sourcedId);
    expect(student.enabledUser).toBe('true');
  });
});

describe('a small school', () => {
  let tables: Map<WrittenFile, Table>;
  let entries: Map<string, string>;

  beforeAll(async () => {
    const client = await loginAs(t.app, 'orx-admin', FIXTURE_PASSWORD);
    const { res } = await download(client, small.yearId);
    expect(res.statusCode).toBe(200);
    entries = await unzip(res.rawPayload);
    tables = checkPackage(entries);
  }, 60_000);

  it('would notice a wrong header, a dangling reference, a file the manifest does not list, a bad vocabulary word', () => {
    const broken = (name: string, edit: (text: string) => string) =>
      new Map([...entries].map(([n, x]) => [n, n === name ? edit(x) : x]));
    expect(() => checkPackage(broken('users.csv', (x) => x.replace('givenName,familyName', 'familyName,givenName')))).toThrow(/header/);
    const student = tables.get('users')!.rows.find((r) => r.username === 'orx-student')!;
    const withoutStudent = (x: string) => x.split('\r\n').filter((line) => !line.startsWith(student.sourcedId!)).join('\r\n');
    expect(() => checkPackage(broken('users.csv', withoutStudent))).toThrow(/not in users/);
    expect(() => checkPackage(new Map([...entries, ['scoreScales.csv', 'sourcedId\r\n']]))).toThrow(/manifest/);
    expect(() => checkPackage(broken('roles.csv', (x) => x.replace(',primary,student,', ',primary,pupil,')))).toThrow(/vocabulary/);
  });

  it('holds the database counts', async () => {
    const want = await expected(small.schoolId, small.yearId);
    expect(tables.get('users')!.rows.length).toBe(want.users);
    expect(tables.get('enrollments')!.rows.length).toBe(want.enrollments);
    expect(tables.get('results')!.rows.length).toBe(want.results);
    expect(want.results).toBe(small.marks + small.periodMarks);
  });

  it('writes marks as scores, special period marks as text, periods as sessions of the year', () => {
    const results = tables.get('results')!.rows;
    const items = new Map(tables.get('lineItems')!.rows.map((r) => [r.sourcedId, r]));
    const byText = (text: string) => results.find((r) => r.textScore === text)!;
    expect(byText('5')).toMatchObject({ score: '5', scoreStatus: 'fully graded' });
    expect(byText('осв')).toMatchObject({ score: '', scoreStatus: 'exempt' });
    expect(byText('н/а')).toMatchObject({ score: '', scoreStatus: 'not submitted', incomplete: 'true' });
    expect(byText('зач')).toMatchObject({ score: '', scoreStatus: 'fully graded' });
    const mark = results.find((r) => r.textScore === '' && r.score === '4')!;
    expect(mark.scoreDate).toBe(small.lessonDate);
    const column = items.get(mark.lineItemSourcedId)!;
    expect(column).toMatchObject({
      assignDate: small.lessonDate, academicSessionSourcedId: small.q1, resultValueMin: '1', resultValueMax: '5', description: 'Звуки и буквы',
    });
    expect(items.get(byText('5').lineItemSourcedId)).toMatchObject({ title: 'Отметка за 1 четверть', academicSessionSourcedId: small.q1 });
    const sessions = new Map(tables.get('academicSessions')!.rows.map((r) => [r.sourcedId, r]));
    expect(sessions.get(small.yearId)).toMatchObject({ type: 'schoolYear', schoolYear: '2027', endDate: '2027-09-01' });
    expect(sessions.get(small.q1)).toMatchObject({ type: 'term', parentSourcedId: small.yearId, title: '1 четверть' });
  });

  it("enrols the subgroup's members and teachers with their dates, and writes demographics", () => {
    const rows = tables.get('enrollments')!.rows.filter((r) => r.classSourcedId === small.subgroupId);
    expect(rows.map((r) => `${r.role}:${r.beginDate}:${r.endDate}`).sort()).toEqual(small.subgroupEnrollments.sort());
    const demographics = tables.get('demographics')!.rows;
    expect(demographics.find((r) => r.sourcedId === small.firstStudentId)).toMatchObject({ birthDate: '2015-01-01', sex: 'male' });
    // The fixture's guardians have phones, but the school does not collect contacts: none leaves with the export.
    expect(tables.get('users')!.rows.filter((r) => r.phone !== '')).toEqual([]);
  });
});

describe('access', () => {
  it('gives the page with the years to the admin only', async () => {
    const page = await admin.get('/admin/export');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Скачать ZIP');
    expect(page.body).toContain(`value="${demoYear}" selected`);
    const bare = await admin.get('/admin/export/oneroster.zip');
    expect(bare.statusCode).toBe(303);
    expect(bare.headers.location).toBe('/admin/export');
    for (const login of ['deputy', 'teacher', 'secretary', 'parent', 'student', 'classteacher']) {
      const client = await loginAs(t.app, login);
      expect((await client.get('/admin/export')).statusCode, login).toBe(403);
      expect((await client.get(`/admin/export/oneroster.zip?year=${demoYear}`)).statusCode, login).toBe(403);
    }
  }, 60_000);

  it("answers 404 for another school's year or a malformed one", async () => {
    for (const url of [`/admin/export/oneroster.zip?year=${year2}`, `/admin/export?year=${year2}`, '/admin/export/oneroster.zip?year=x']) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    const other = await loginAs(t.app, 'admin2');
    const res = await other.get(`/admin/export/oneroster.zip?year=${demoYear}`);
    expect(res.statusCode).toBe(404);
  });
});

describe('the command line', () => {
  it('writes the same package for a school and a year given by name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'oneroster-'));
    const out = path.join(dir, 'small.zip');
    try {
      const code = await exportCommand(t.database, ['oneroster', '--school', small.schoolId, '--year', '2026/2027', '--out', out], 'usage');
      expect(code).toBe(0);
      const tables = checkPackage(await unzip(await readFile(out)));
      expect(tables.get('results')!.rows.length).toBe(small.marks + small.periodMarks);
      const missing = ['oneroster', '--school', small.schoolId, '--year', '1999/2000', '--out', out];
      expect(await exportCommand(t.database, missing, 'usage')).toBe(1);
      expect(await exportCommand(t.database, ['oneroster', '--out', out], 'usage')).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
