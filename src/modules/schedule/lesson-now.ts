// The teacher's lesson «now» for the home page: their lessons of the next weeks and the holidays, read once, judged by
// lesson-now-rules.ts at the app clock's moment in the school's time zone.
import { and, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { now } from '../../web/clock.ts';
import { addDays, localDateTimeInput } from '../../web/dates.ts';
import { holidays } from '../setup/schema.ts';
import { lessonNow, type LessonNow, type WallClock } from './lesson-now-rules.ts';
import { teacherLessonsBetween, type LessonRow } from './lessons-queries.ts';

/** How far ahead the next lesson is looked for: longer than any school holiday but the summer's. */
const LOOK_AHEAD_DAYS = 21;
/** Own lessons (and substituted ones) read at most: about two school weeks of a full-time teacher. */
const LESSONS_READ = 80;

/** The school's wall clock now: today's date and the time of day in its time zone, by the app's clock. */
export function wallClockNow(timeZone: string): WallClock {
  const wall = localDateTimeInput(now(), timeZone);
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}

export async function teacherLessonNow(db: Db, o: { schoolId: string; staffId: string; timeZone: string }): Promise<LessonNow<LessonRow>> {
  const at = wallClockNow(o.timeZone);
  const until = addDays(at.date, LOOK_AHEAD_DAYS);
  const [rows, days] = await Promise.all([
    teacherLessonsBetween(db, { schoolId: o.schoolId, staffId: o.staffId, from: at.date, until, limit: LESSONS_READ }),
    db.select({ startsOn: holidays.startsOn, endsOn: holidays.endsOn, grades: holidays.grades }).from(holidays)
      .where(and(eq(holidays.schoolId, o.schoolId), lte(holidays.startsOn, until), gte(holidays.endsOn, at.date))),
  ]);
  return lessonNow(rows, o.staffId, at, days);
}
