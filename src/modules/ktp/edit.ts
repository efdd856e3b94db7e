// Changes to a group's КТП: each in one transaction with its audit row, then the group's lesson topics are refilled.
import { and, eq, isNotNull, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { ktpTopics } from '../curriculum/schema.ts';
import { lessons } from '../schedule/schema.ts';
import { fillTopicsFromKtp } from './fill.ts';
import { listTopics } from './queries.ts';
import type { TopicInput } from './rules.ts';

type Where = { schoolId: string; groupId: string };

/**
 * Unlinks lessons from topics about to be deleted. The foreign key lessons(school_id, ktp_topic_id) → ktp_topics is
 * ON DELETE SET NULL over both columns, which would null lessons.school_id and fail; so the link is cleared first
 * (the refill after the change sets the new topics).
 */
async function unlinkLessons(tx: Tx, { schoolId, groupId }: Where, topicId?: string): Promise<void> {
  await tx.update(lessons).set({ ktpTopicId: null })
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId), topicId ? eq(lessons.ktpTopicId, topicId) : isNotNull(lessons.ktpTopicId)));
}

/** Rewrites ordinals to 1..n in the given order (through negatives first: the ordinal is unique per group). */
async function renumber(tx: Tx, { schoolId, groupId }: Where, orderedIds: string[]): Promise<void> {
  const mine = and(eq(ktpTopics.schoolId, schoolId), eq(ktpTopics.groupId, groupId));
  await tx.update(ktpTopics).set({ ordinal: sql`-${ktpTopics.ordinal}` }).where(mine);
  if (orderedIds.length === 0) return;
  const values = sql.join(orderedIds.map((id, i) => sql`(${id}::uuid, ${i + 1}::int)`), sql`, `);
  await tx.execute(sql`update ktp_topics as k set ordinal = v.ordinal from (values ${values}) as v(id, ordinal)
    where k.school_id = ${schoolId} and k.group_id = ${groupId} and k.id = v.id`);
}

export async function addTopic(db: Db, audit: AuditContext, where: Where, topic: TopicInput): Promise<void> {
  await withSchool(db, where.schoolId, async (tx) => {
    const [last] = await tx.select({ n: max(ktpTopics.ordinal) }).from(ktpTopics)
      .where(and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId)));
    const [row] = await tx.insert(ktpTopics).values({ ...where, ordinal: (last?.n ?? 0) + 1, ...topic }).returning({ id: ktpTopics.id });
    await writeAudit(tx, audit, { entity: 'ktp', entityId: where.groupId, action: 'topic_create', newValue: { id: row!.id, ...topic } });
    await fillTopicsFromKtp(tx, where);
  });
}

export async function updateTopic(db: Db, audit: AuditContext, where: Where, topicId: string, topic: TopicInput): Promise<boolean> {
  return withSchool(db, where.schoolId, async (tx) => {
    const mine = and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId), eq(ktpTopics.id, topicId));
    const [old] = await tx.select().from(ktpTopics).where(mine);
    if (!old) return false;
    await tx.update(ktpTopics).set(topic).where(mine);
    await writeAudit(tx, audit, {
      entity: 'ktp', entityId: where.groupId, action: 'topic_update',
      oldValue: { id: topicId, section: old.section, title: old.title, hours: old.hours }, newValue: { id: topicId, ...topic },
    });
    await fillTopicsFromKtp(tx, where);
    return true;
  });
}

export async function deleteTopic(db: Db, audit: AuditContext, where: Where, topicId: string): Promise<boolean> {
  return withSchool(db, where.schoolId, async (tx) => {
    await unlinkLessons(tx, where, topicId);
    const [old] = await tx.delete(ktpTopics)
      .where(and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId), eq(ktpTopics.id, topicId))).returning();
    if (!old) return false;
    await renumber(tx, where, (await listTopics(tx, where)).map((t) => t.id));
    await writeAudit(tx, audit, { entity: 'ktp', entityId: where.groupId, action: 'topic_delete', oldValue: { id: topicId, section: old.section, title: old.title, hours: old.hours } });
    await fillTopicsFromKtp(tx, where);
    return true;
  });
}

/** Moves a topic one place up or down (nothing at the ends). */
export async function moveTopic(db: Db, audit: AuditContext, where: Where, topicId: string, direction: 'up' | 'down'): Promise<boolean> {
  return withSchool(db, where.schoolId, async (tx) => {
    const ids = (await listTopics(tx, where)).map((t) => t.id);
    const i = ids.indexOf(topicId);
    if (i < 0) return false;
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= ids.length) return true;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await renumber(tx, where, ids);
    await writeAudit(tx, audit, { entity: 'ktp', entityId: where.groupId, action: 'topic_move', oldValue: { ordinal: i + 1 }, newValue: { id: topicId, ordinal: j + 1 } });
    await fillTopicsFromKtp(tx, where);
    return true;
  });
}

/** Replaces the whole КТП of a group (import, copy). Returns how many topics there were before. */
export async function replaceTopics(db: Db, audit: AuditContext, where: Where, topics: TopicInput[], action: 'import' | 'copy', extra: Record<string, unknown> = {}): Promise<number> {
  return withSchool(db, where.schoolId, async (tx) => {
    await unlinkLessons(tx, where);
    const old = await tx.delete(ktpTopics).where(and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId))).returning({ id: ktpTopics.id });
    for (let i = 0; i < topics.length; i += 500) {
      await tx.insert(ktpTopics).values(topics.slice(i, i + 500).map((t, k) => ({ ...where, ordinal: i + k + 1, section: t.section, title: t.title, hours: t.hours })));
    }
    await writeAudit(tx, audit, {
      entity: 'ktp', entityId: where.groupId, action,
      oldValue: { topics: old.length }, newValue: { topics: topics.length, hours: topics.reduce((s, t) => s + t.hours, 0), ...extra },
    });
    await fillTopicsFromKtp(tx, where);
    return old.length;
  });
}

/**
 * Sets a lesson's topic by hand (topic_overridden = true), or with an empty topic gives it back to the КТП
 * (topic_overridden = false, then the group is refilled).
 */
export async function setLessonTopic(db: Db, audit: AuditContext, { schoolId, groupId, lessonId }: Where & { lessonId: string }, topic: string): Promise<void> {
  await withSchool(db, schoolId, async (tx) => {
    const mine = and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId));
    const [old] = await tx.select({ topic: lessons.topic, overridden: lessons.topicOverridden }).from(lessons).where(mine);
    if (topic === '') {
      await tx.update(lessons).set({ topicOverridden: false, updatedAt: sql`now()` }).where(mine);
      await fillTopicsFromKtp(tx, { schoolId, groupId });
    } else {
      await tx.update(lessons).set({ topic, ktpTopicId: null, topicOverridden: true, updatedAt: sql`now()` }).where(mine);
      await fillTopicsFromKtp(tx, { schoolId, groupId });
    }
    const [now] = await tx.select({ topic: lessons.topic, overridden: lessons.topicOverridden }).from(lessons).where(mine);
    await writeAudit(tx, audit, { entity: 'lesson', entityId: lessonId, action: 'topic', oldValue: old, newValue: now });
  });
}
