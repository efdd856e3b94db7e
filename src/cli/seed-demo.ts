import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accounts, operators } from '../modules/accounts/schema.ts';
import { hashPassword } from '../modules/accounts/passwords.ts';
import { countSchools } from '../modules/platform/queries.ts';
import { DEMO_PASSWORD } from './demo-data.ts';
import { buildSchool } from './seed/builder.ts';
import { demoCalendar } from './seed/calendar.ts';
import { demoSchool2Spec, demoSchoolSpec } from './seed/demo-school.ts';
import { seedDemoContingent } from './seed/demo-contingent.ts';
import { seedDemoCurriculum } from './seed/demo-curriculum.ts';
import { seedDemoTimetable } from './seed/demo-timetable.ts';
import { seedDemoLessons } from './seed/demo-lessons.ts';
import { seedDemoKtp } from './seed/demo-ktp.ts';
import { seedDemoWorkTypes } from './seed/demo-work-types.ts';
import { seedDemoJournal } from './seed/demo-journal.ts';
import { seedDemoMessages } from './seed/demo-messages.ts';
import { seedDemoRecentChanges } from './seed/demo-recent-changes.ts';
import { seedDemoReportGaps } from './seed/demo-report-gaps.ts';
import { seedDemoFamilyActivity, seedDemoPastSubstitutions } from './seed/demo-activity.ts';
import { seedDemoReports } from './seed/demo-reports.ts';
import { seedDemoPreviousYear } from './seed/demo-previous-year.ts';
import { seedDemoMedals } from './seed/demo-medals.ts';
import { seedDemoConsents } from './seed/demo-consents.ts';
import { now } from '../web/clock.ts';
import { todayIso } from '../web/dates.ts';

/** Seeds the demo schools and logins. Does nothing when any school exists. Returns whether it seeded. */
export async function seedDemo(db: Db): Promise<boolean> {
  if ((await countSchools(db)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // The demo's year is the school year of the app's today (see seed/calendar.ts).
  const cal = demoCalendar();
  const school1 = await buildSchool(db, demoSchoolSpec(cal), passwordHash);
  await seedDemoContingent(db, school1, cal);
  // The school year in motion: curriculum and groups → timetable → lessons laid out → КТП topics on the lessons.
  await seedDemoCurriculum(db, school1, cal);
  await seedDemoTimetable(db, school1, cal);
  await seedDemoLessons(db, school1);
  await seedDemoPastSubstitutions(db, school1); // this month's given, received and cancelled lessons (reports)
  await seedDemoKtp(db, school1);
  await seedDemoWorkTypes(db, school1);
  await seedDemoJournal(db, school1);
  // Last year's 10А/10Б (today's 11th graders, their year marks) and this year's medal and distinction candidates.
  await seedDemoMedals(db, school1, await seedDemoPreviousYear(db, school1, cal));
  await seedDemoRecentChanges(db, school1); // audited, for «Учётная запись скомпрометирована»
  await seedDemoReportGaps(db, school1); // something for the deputy's weekly journal control to find
  await seedDemoMessages(db, school1);
  await seedDemoFamilyActivity(db, school1); // logins and acknowledgements (the activity report)
  await seedDemoReports(db, school1); // a day over the homework norm, two control works on a day
  // Consents to the processing of personal data: all but two families of 5А; one withdrawn (the class teacher sees them).
  await seedDemoConsents(db, school1.schoolId, cal.year.startsOn, todayIso(now()), { withdrawIn: '5А' });
  const school2 = await buildSchool(db, demoSchool2Spec(cal), passwordHash);
  await seedDemoWorkTypes(db, school2);
  await seedDemoConsents(db, school2.schoolId, cal.year.startsOn, todayIso(now()));
  const [op] = await db.insert(accounts).values({ login: 'operator', fullName: 'Оператор Платформы', passwordHash }).returning({ id: accounts.id });
  await db.insert(operators).values({ accountId: op!.id });
  // Statistics for the planner: PGlite has no autovacuum, and a fresh PostgreSQL database gets them only later; without
  // them the reports' plans loop over whole tables (seconds instead of milliseconds).
  await db.execute(sql`analyze`);
  return true;
}
