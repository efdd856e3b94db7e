// Filling the topics of a group's lessons from its КТП (called after every КТП change and after laying lessons out).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { ktpTopics } from '../curriculum/schema.ts';
import { lessons, substitutions } from '../schedule/schema.ts';
import { assignTopics } from './rules.ts';

/**
 * Walks the group's lessons in date / lesson-number order (cancelled ones — a substitution of kind 'cancelled' — take
 * no topic) and the КТП topics in ordinal order (a topic of N hours covers N lessons), and sets lessons.topic and
 * ktp_topic_id on every lesson whose topic_overridden is false. An overridden lesson keeps its topic but uses up its
 * place in the plan. Lessons beyond the plan's hours get no topic. Writes only the lessons that change.
 * Returns how many lessons changed.
 */
export async function fillTopicsFromKtp(tx: Tx | Db, { schoolId, groupId }: { schoolId: string; groupId: string }): Promise<number> {
  const rows = await tx.select({
    id: lessons.id, topic: lessons.topic, ktpTopicId: lessons.ktpTopicId, overridden: lessons.topicOverridden, cancelled: substitutions.kind,
  }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id), eq(substitutions.kind, 'cancelled')))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
  if (rows.length === 0) return 0;
  const topics = await tx.select({ id: ktpTopics.id, title: ktpTopics.title, hours: ktpTopics.hours }).from(ktpTopics)
    .where(and(eq(ktpTopics.schoolId, schoolId), eq(ktpTopics.groupId, groupId))).orderBy(asc(ktpTopics.ordinal));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const assignments = assignTopics(rows.map((r) => ({ id: r.id, cancelled: r.cancelled !== null, overridden: r.overridden })), topics);
  const changed = assignments.filter((a) => {
    const r = byId.get(a.lessonId)!;
    return r.topic !== a.title || r.ktpTopicId !== a.topicId;
  });
  for (let i = 0; i < changed.length; i += 500) {
    const part = changed.slice(i, i + 500);
    const values = sql.join(part.map((a) => sql`(${a.lessonId}::uuid, ${a.title}::text, ${a.topicId}::uuid)`), sql`, `);
    await tx.execute(sql`
      update lessons as l set topic = v.topic, ktp_topic_id = v.ktp_topic_id, updated_at = now()
      from (values ${values}) as v(id, topic, ktp_topic_id)
      where l.school_id = ${schoolId} and l.group_id = ${groupId} and l.id = v.id and l.topic_overridden = false`);
  }
  return changed.length;
}
