// npm run cli -- export oneroster --school <id> [--year <id|name>] --out FILE.zip: the open export of a school's year
// (OneRoster 1.2 CSV, modules/export/oneroster) written to a file; without --year the current year of the school.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { and, eq, or } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { withSchool } from '../db/tenant.ts';
import { schools } from '../modules/platform/schema.ts';
import { currentYear } from '../modules/setup/lookups.ts';
import { academicYears } from '../modules/setup/schema.ts';
import { writeOneRosterZip } from '../modules/export/oneroster/writer.ts';
import { todayIso } from '../web/dates.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function exportCommand(database: Database, args: string[], usage: string): Promise<number> {
  const [what, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { school: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } } });
  if (what !== 'oneroster' || !values.school || !values.out || !UUID.test(values.school)) {
    console.error(usage);
    return 2;
  }
  const db = database.db;
  const [school] = await db.select().from(schools).where(eq(schools.id, values.school));
  if (!school) {
    console.error(`Школы ${values.school} нет.`);
    return 1;
  }
  const wanted = values.year;
  const year = await withSchool(db, school.id, async (tx) => {
    if (wanted === undefined) return currentYear(tx, { schoolId: school.id, date: todayIso(undefined, school.timeZone) });
    const [y] = await tx.select().from(academicYears).where(and(eq(academicYears.schoolId, school.id),
      UUID.test(wanted) ? or(eq(academicYears.id, wanted), eq(academicYears.name, wanted)) : eq(academicYears.name, wanted)));
    return y;
  });
  if (!year) {
    console.error(`У школы «${school.name}» нет учебного года${wanted === undefined ? '' : ` «${wanted}»`}.`);
    return 1;
  }
  const started = Date.now();
  try {
    const r = await writeOneRosterZip(db, { schoolId: school.id, yearId: year.id }, createWriteStream(values.out));
    const rows = [...(r?.counts ?? [])].map(([f, n]) => `${f} ${n}`).join(', ');
    console.log(`Выгрузка OneRoster 1.2 «${school.name}», ${year.name}: ${values.out} за ${((Date.now() - started) / 1000).toFixed(1)} с.`);
    console.log(`Строк: ${rows}.`);
    return 0;
  } catch (err) {
    await rm(values.out, { force: true });
    throw err;
  }
}
