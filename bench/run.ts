// npm run bench: the journal's speed on a realistic school year. Needs DATABASE_URL (a PostgreSQL server; the bench makes
// its own database `otmetka_bench` there, dropping an old one). Seeds the demo, fills every lesson of the year of demo
// school № 1 with marks, attendance, topics and homework, starts the app in this process and measures each request of
// MEASUREMENTS with autocannon at one connection. Prints one JSON line for the fill and one per measurement.
// BENCH_SECONDS: seconds per measurement (default 8).
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/cli/demo-data.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { students } from '../src/modules/people/schema.ts';
import { addDays, todayIso } from '../src/web/dates.ts';
import { findTargets, freshDatabase, prepare, type Targets } from './fill.ts';
import { measure, type Measurement } from './measure.ts';
import { Session } from './session.ts';

/** Saving one grid cell: 5 and 4 in turn, each request sending what the cell held (`was`), so every save changes it. */
function cellSaves(t: Targets): Measurement['json'] {
  let was = t.cellValue;
  return {
    next: () => ({ lessonId: t.lessonId, studentId: t.studentId, column: 1, value: was === '5' ? '4' : '5', was }),
    seen: (_status, body) => {
      try {
        const r = JSON.parse(body) as { display?: unknown };
        if (typeof r.display === 'string') was = r.display;
      } catch {
        /* not JSON: counted as an error by the status */
      }
    },
  };
}

/** The demo parent's son (Морозов Дмитрий, 5А): whose diary the parent's pages show. */
async function diaryChild(db: Database['db'], schoolId: string): Promise<string> {
  const [s] = await db.select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.personalFileNo, 'М-0001')));
  if (!s) throw new Error('bench: no Морозов Дмитрий (М-0001) in the demo');
  return s.id;
}

/** What is measured: add a row per page. */
const MEASUREMENTS = (t: Targets, child: string): Measurement[] => [
  { name: 'journal_grid', as: 'teacher', path: `/journal/groups/${t.groupId}?period=${t.periodId}` },
  { name: 'journal_cell_save', as: 'teacher', path: '/journal/cells', json: cellSaves(t) },
  { name: 'journal_lesson', as: 'teacher', path: `/journal/lessons/${t.lessonId}` },
  // Issue 6: the parent's diary — this week, and marks by subject for the current period.
  { name: 'diary_week', as: 'parent', path: `/diary/${child}` },
  { name: 'diary_marks', as: 'parent', path: `/diary/${child}/marks` },
  // Issue 12: the deputy's weekly journal-filling control of the whole school (last week: every lesson of it is due).
  { name: 'report_journal_control', as: 'deputy', path: `/reports/journal-control?week=${addDays(todayIso(), -7)}` },
  // Issue 12: the regulations' deadlines of the whole school, as the deputy sees them.
  { name: 'report_deadlines', as: 'deputy', path: '/reports/deadlines' },
];

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    console.error('npm run bench: задайте DATABASE_URL — сервер PostgreSQL (бенчмарк создаёт на нём базу otmetka_bench).\n'
      + 'npm run bench: set DATABASE_URL to a PostgreSQL server (the bench creates the database otmetka_bench on it).\n'
      + 'Например / e.g.: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench');
    process.exit(2);
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const url = await freshDatabase(server);
  const database = await openDatabase({ databaseUrl: url });
  const { schoolId, line } = await prepare(database);
  console.log(JSON.stringify(line));
  const targets = await findTargets(database.db, schoolId);
  const child = await diaryChild(database.db, schoolId);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent',
    TRUST_PROXY: 'true' });
  const app = await buildApp({ config, database: await database.asApp({ password: config.databaseApp.password }), loginRateLimit: 1000 });
  const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  try {
    const sessions = new Map<string, Session>();
    for (const m of MEASUREMENTS(targets, child)) {
      const session = sessions.get(m.as) ?? await Session.login(base, m.as, DEMO_PASSWORD);
      sessions.set(m.as, session);
      console.log(JSON.stringify(await measure(base, m, session, seconds)));
    }
  } finally {
    await app.close();
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
