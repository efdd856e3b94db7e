// Rows the КТП tests need before the curriculum, timetable and lessons modules seed them: groups, teachers, lessons.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/client.ts';
import { groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { academicYears, subjects } from '../../src/modules/setup/schema.ts';
import type { Client } from '../support/client.ts';
import { multipart } from '../fixtures/imports/files.ts';
import { classByName, memberOf, schoolId, SCHOOL_1 } from './people-support.ts';

export async function makeGroup(db: Db, o: { className: string; subject: string; name: string; teacher?: string; startsOn?: string; endsOn?: string | null; school?: string }) {
  const sid = await schoolId(db, o.school ?? SCHOOL_1);
  const cls = await classByName(db, o.className, o.school ?? SCHOOL_1);
  const [subject] = await db.select().from(subjects).where(and(eq(subjects.schoolId, sid), eq(subjects.name, o.subject)));
  const [year] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, sid), eq(academicYears.id, cls.yearId)));
  const [g] = await db.insert(teachingGroups).values({ schoolId: sid, yearId: year!.id, subjectId: subject!.id, kind: 'class', classId: cls.id, name: o.name }).returning();
  if (o.teacher) {
    const m = await memberOf(db, o.teacher);
    await db.insert(groupTeachers).values({ schoolId: sid, groupId: g!.id, staffId: m.staffId!, startsOn: o.startsOn ?? year!.startsOn, endsOn: o.endsOn ?? null });
  }
  return { schoolId: sid, groupId: g!.id, year: year! };
}

/** Lessons of a group on consecutive dates from 2026-09-01 (lesson 1 each), half before and half after «today». */
export async function makeLessons(db: Db, o: { schoolId: string; groupId: string; teacher: string; dates: string[] }) {
  const m = await memberOf(db, o.teacher);
  const rows = await db.insert(lessons).values(o.dates.map((date) => ({ schoolId: o.schoolId, groupId: o.groupId, date, lessonNumber: 1, staffId: m.staffId! })))
    .returning({ id: lessons.id, date: lessons.date });
  return rows.sort((a, b) => a.date.localeCompare(b.date)).map((r) => r.id);
}

export async function cancelLesson(db: Db, schoolId: string, lessonId: string) {
  await db.insert(substitutions).values({ schoolId, lessonId, kind: 'cancelled', reason: 'болезнь' });
}

export async function lessonTopics(db: Db, groupId: string) {
  const rows = await db.select({ date: lessons.date, topic: lessons.topic, ktp: lessons.ktpTopicId, overridden: lessons.topicOverridden })
    .from(lessons).where(eq(lessons.groupId, groupId)).orderBy(lessons.date, lessons.lessonNumber);
  return rows;
}

export async function uploadKtp(app: FastifyInstance, client: Client, groupId: string, file: { name: string; data: Buffer } | null) {
  if (!client.csrfToken) await client.get(`/ktp/groups/${groupId}`);
  const { payload, contentType } = multipart({ _csrf: client.csrfToken }, file ?? undefined);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({ method: 'POST', url: `/ktp/groups/${groupId}/import`, payload, headers: { cookie, 'content-type': contentType } });
}

/** Confirms a checked file: posts the payload and the expected topic count that the check page carries. */
export async function applyChecked(client: Client, html: string, groupId: string) {
  const payload = /name="payload" value="([^"]*)"/.exec(html)![1]!
    .replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  const expected = /name="expected" value="(\d+)"/.exec(html)![1]!;
  return client.post(`/ktp/groups/${groupId}/import/apply`, { payload, expected });
}

export const csv = (rows: string[][]) => Buffer.from(`\ufeff${rows.map((r) => r.join(';')).join('\r\n')}\r\n`, 'utf8');

/** Titles in order as shown in the topics table of a group page. */
export function topicTitles(html: string): string[] {
  const table = /<table class="ktp-topics">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr id="t-[^"]+">\s*<td>(\d+)<\/td>\s*<td class="ktp-title"><a [^>]*>([^<]*)<\/a><\/td>/g)].map((m) => `${m[1]}. ${m[2]}`);
}

export function dates(n: number, from = '2026-09-01'): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  for (let i = 0; i < n; i++) { out.push(d.toISOString().slice(0, 10)); d.setUTCDate(d.getUTCDate() + 1); }
  return out;
}
