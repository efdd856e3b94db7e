// Changes to a group's КТП: each in one transaction with its audit row, then the topics of the lessons not given yet
// are refilled (fill.ts); lessons already given keep their topic and their link to the КТП row.
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import type { Actor } from '../../web/types.ts';
import { writeAudit } from '../audit/queries.ts';
import { ktpTopics } from '../curriculum/schema.ts';
import { guardLesson, inLessonTx, type Outcome } from '../journal/lesson-writes.ts';
import { lessons } from '../schedule/schema.ts';
import { fillTopicsFromKtp, lessonsForFill, unlinkDropped, type FillBy } from './fill.ts';
import { listTopics } from './queries.ts';
import { planMayFill, reuseTopicRows, type TopicInput } from './rules.ts';

type Where = { schoolId: string; groupId: string };

/** Rewrites ordinals to 1..n in the given order (through negatives first: the ordinal is unique per group). */
async function renumber(tx: Tx, { schoolId, groupId }: Where, orderedIds: string[]): Promise<void> {
  const mine = and(eq(ktpTopics.schoolId, schoolId), eq(ktpTopics.groupId, groupId));
  await tx.update(ktpTopics).set({ ordinal: sql`-${ktpTopics.ordinal}` }).where(mine);
  if (orderedIds.length === 0) return;
  const values = sql.join(orderedIds.map((id, i) => sql`(${id}::uuid, ${i + 1}::int)`), sql`, `);
  await tx.execute(sql`update ktp_topics as k set ordinal = v.ordinal from (values ${values}) as v(id, ordinal)
    where k.school_id = ${schoolId} and k.group_id = ${groupId} and k.id = v.id`);
}

export async function addTopic(db: Db, by: FillBy, where: Where, topic: TopicInput): Promise<void> {
  await withSchool(db, where.schoolId, async (tx) => {
    const [last] = await tx.select({ n: max(ktpTopics.ordinal) }).from(ktpTopics)
      .where(and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId)));
    const [row] = await tx.insert(ktpTopics).values({ ...where, ordinal: (last?.n ?? 0) + 1, ...topic }).returning({ id: ktpTopics.id });
    await writeAudit(tx, by.audit, { entity: 'ktp', entityId: where.groupId, action: 'topic_create', newValue: { id: row!.id, ...topic } });
    await fillTopicsFromKtp(tx, by, where);
  });
}

export async function updateTopic(db: Db, by: FillBy, where: Where, topicId: string, topic: TopicInput): Promise<boolean> {
  return withSchool(db, where.schoolId, async (tx) => {
    const mine = and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId), eq(ktpTopics.id, topicId));
    const [old] = await tx.select().from(ktpTopics).where(mine);
    if (!old) return false;
    await tx.update(ktpTopics).set(topic).where(mine);
    await writeAudit(tx, by.audit, {
      entity: 'ktp', entityId: where.groupId, action: 'topic_update',
      oldValue: { id: topicId, section: old.section, title: old.title, hours: old.hours }, newValue: { id: topicId, ...topic },
    });
    await fillTopicsFromKtp(tx, by, where);
    return true;
  });
}

/**
 * Deletes a topic. Lessons already given on it keep their topic and lose only the link (audited, unlinkDropped).
 * Returns how many such lessons there were, or null when the topic is not the group's.
 */
export async function deleteTopic(db: Db, by: FillBy, where: Where, topicId: string): Promise<number | null> {
  return withSchool(db, where.schoolId, async (tx) => {
    const mine = and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId), eq(ktpTopics.id, topicId));
    const [old] = await tx.select().from(ktpTopics).where(mine);
    if (!old) return null;
    const kept = await unlinkDropped(tx, by, where, [topicId]);
    await tx.delete(ktpTopics).where(mine);
    await renumber(tx, where, (await listTopics(tx, where)).map((t) => t.id));
    await writeAudit(tx, by.audit, { entity: 'ktp', entityId: where.groupId, action: 'topic_delete', oldValue: { id: topicId, section: old.section, title: old.title, hours: old.hours } });
    await fillTopicsFromKtp(tx, by, where);
    return kept;
  });
}

/** Moves a topic one place up or down (nothing at the ends). */
export async function moveTopic(db: Db, by: FillBy, where: Where, topicId: string, direction: 'up' | 'down'): Promise<boolean> {
  return withSchool(db, where.schoolId, async (tx) => {
    const ids = (await listTopics(tx, where)).map((t) => t.id);
    const i = ids.indexOf(topicId);
    if (i < 0) return false;
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= ids.length) return true;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await renumber(tx, where, ids);
    await writeAudit(tx, by.audit, { entity: 'ktp', entityId: where.groupId, action: 'topic_move', oldValue: { ordinal: i + 1 }, newValue: { id: topicId, ordinal: j + 1 } });
    await fillTopicsFromKtp(tx, by, where);
    return true;
  });
}

/**
 * Replaces the whole КТП of a group (import, copy). The old rows carry the new topics (rules.reuseTopicRows: same title
 * first, then the rows lessons already given hold), so a lesson given before keeps its link; rows left over are dropped.
 * Returns how many topics there were before.
 */
export async function replaceTopics(
  db: Db, by: FillBy, where: Where, topics: TopicInput[], action: 'import' | 'copy', extra: Record<string, unknown> = {},
): Promise<number> {
  return withSchool(db, where.schoolId, async (tx) => {
    const mine = and(eq(ktpTopics.schoolId, where.schoolId), eq(ktpTopics.groupId, where.groupId));
    const old = await listTopics(tx, where);
    const given = (await lessonsForFill(tx, where)).filter((l) => l.ktpTopicId && !planMayFill(l, by.today));
    const held = new Set(given.map((l) => l.ktpTopicId!));
    const { ids, drop } = reuseTopicRows(old, topics, held);
    await unlinkDropped(tx, by, where, drop);
    if (drop.length) await tx.delete(ktpTopics).where(and(mine, inArray(ktpTopics.id, drop)));
    await tx.update(ktpTopics).set({ ordinal: sql`-${ktpTopics.ordinal}` }).where(mine);
    const rows = topics.map((t, i) => ({ ...where, id: ids[i] ?? undefined, ordinal: i + 1, ...t }));
    const reused = rows.filter((r) => r.id);
    for (let i = 0; i < reused.length; i += 500) {
      const values = sql.join(reused.slice(i, i + 500)
        .map((r) => sql`(${r.id}::uuid, ${r.ordinal}::int, ${r.section}::text, ${r.title}::text, ${r.hours}::int)`), sql`, `);
      await tx.execute(sql`update ktp_topics as k set ordinal = v.ordinal, section = v.section, title = v.title, hours = v.hours
        from (values ${values}) as v(id, ordinal, section, title, hours)
        where k.school_id = ${where.schoolId} and k.group_id = ${where.groupId} and k.id = v.id`);
    }
    const added = rows.filter((r) => !r.id).map(({ id: _id, ...r }) => r);
    for (let i = 0; i < added.length; i += 500) await tx.insert(ktpTopics).values(added.slice(i, i + 500));
    await writeAudit(tx, by.audit, {
      entity: 'ktp', entityId: where.groupId, action,
      oldValue: { topics: old.length }, newValue: { topics: topics.length, hours: topics.reduce((s, t) => s + t.hours, 0), ...extra },
    });
    await fillTopicsFromKtp(tx, by, where);
    return old.length;
  });
}

/**
 * Sets a lesson's topic by hand (topic_overridden = true), or with an empty topic gives it back to the КТП
 * (topic_overridden = false, the lesson takes its plan topic). The journal's edit rules decide, as on the lesson page
 * (a lesson past the edit window or in a closed period is refused; the deputy writes a reason).
 */
export async function setLessonTopic(
  db: Db, by: FillBy, actor: Actor, { schoolId, groupId, lessonId }: Where & { lessonId: string }, topic: string, reason?: string,
): Promise<Outcome> {
  return inLessonTx(db, schoolId, async (tx) => {
    const g = await guardLesson(tx, by.audit, actor, by.today, lessonId, 'plan', reason);
    if ('ok' in g) return g;
    const mine = and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId));
    const [old] = await tx.select({ topic: lessons.topic, overridden: lessons.topicOverridden }).from(lessons).where(mine);
    if (topic === '') {
      await tx.update(lessons).set({ topicOverridden: false, updatedAt: sql`now()` }).where(mine);
      await fillTopicsFromKtp(tx, by, { schoolId, groupId, also: lessonId });
    } else {
      await tx.update(lessons).set({ topic, ktpTopicId: null, topicOverridden: true, updatedAt: sql`now()` }).where(mine);
      await fillTopicsFromKtp(tx, by, { schoolId, groupId });
    }
    const [now] = await tx.select({ topic: lessons.topic, overridden: lessons.topicOverridden }).from(lessons).where(mine);
    await writeAudit(tx, by.audit, {
      entity: 'lesson', entityId: lessonId, action: 'topic', oldValue: old, newValue: now, reason: g.reason,
    });
    return { ok: true, message: topic ? 'Тема урока сохранена.' : 'Тема урока снова берётся из КТП.' };
  });
}

/** «Применить КТП к будущим урокам»: the fill alone, for lessons not given yet. Returns how many lessons changed. */
export async function applyToFuture(db: Db, by: FillBy, where: Where): Promise<number> {
  return withSchool(db, where.schoolId, async (tx) => {
    const n = await fillTopicsFromKtp(tx, by, where);
    if (n > 0) await writeAudit(tx, by.audit, { entity: 'ktp', entityId: where.groupId, action: 'apply_future', newValue: { lessons: n } });
    return n;
  });
}
