// Filling the topics of a group's lessons from its КТП (called after every КТП change, after laying lessons out, when a
// lesson is given back to the КТП, and by «Применить КТП к будущим урокам»). Only lessons not given yet and not locked
// by the journal change (rules.fillChanges); each changed topic is audited like a typed one, in the caller's transaction.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { ktpTopics, teachingGroups } from '../curriculum/schema.ts';
import { lessonLockSql } from '../journal/lesson-facts.ts';
import { lessons, substitutions } from '../schedule/schema.ts';
import { fillChanges, planMayFill, type FillChange, type FillLesson } from './rules.ts';

type Q = Tx | Db;
export type GroupWhere = { schoolId: string; groupId: string };
/** Who fills and on which day: the request's audit context and «today» (the lessons after it are not given yet). */
export type FillBy = { audit: AuditContext; today: string };

/** The group's lessons in date / lesson-number order with what the fill needs (cancelled, overridden, the journal's lock). */
export async function lessonsForFill(tx: Q, { schoolId, groupId }: GroupWhere): Promise<Array<FillLesson & { lessonNumber: number }>> {
  const lock = lessonLockSql(schoolId);
  const rows = await tx.select({
    id: lessons.id, date: lessons.date, lessonNumber: lessons.lessonNumber, topic: lessons.topic, ktpTopicId: lessons.ktpTopicId,
    overridden: lessons.topicOverridden, cancelledKind: substitutions.kind,
    periodClosed: lock.periodClosed, reopenedUntil: lock.reopenedUntil,
  }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id),
      eq(substitutions.kind, 'cancelled')))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
  return rows.map(({ cancelledKind, periodClosed, ...r }) => ({
    ...r, cancelled: cancelledKind !== null, periodClosed: Boolean(periodClosed),
  }));
}

export async function topicsForFill(tx: Q, { schoolId, groupId }: GroupWhere) {
  return tx.select({ id: ktpTopics.id, title: ktpTopics.title, hours: ktpTopics.hours }).from(ktpTopics)
    .where(and(eq(ktpTopics.schoolId, schoolId), eq(ktpTopics.groupId, groupId))).orderBy(asc(ktpTopics.ordinal));
}

/** Writes the lessons' new topics and links (set-based; an overridden lesson is never written). */
export async function writeTopics(tx: Q, { schoolId, groupId }: GroupWhere, changed: readonly FillChange[]): Promise<void> {
  for (let i = 0; i < changed.length; i += 500) {
    const part = changed.slice(i, i + 500);
    const values = sql.join(part.map((c) => sql`(${c.lessonId}::uuid, ${c.to.topic}::text, ${c.to.ktpTopicId}::uuid)`), sql`, `);
    await tx.execute(sql`
      update lessons as l set topic = v.topic, ktp_topic_id = v.ktp_topic_id, updated_at = now()
      from (values ${values}) as v(id, topic, ktp_topic_id)
      where l.school_id = ${schoolId} and l.group_id = ${groupId} and l.id = v.id and l.topic_overridden = false`);
  }
}

/**
 * Sets lessons.topic and ktp_topic_id from the КТП on the group's lessons that are not given yet (after `today`) and not
 * in a period the journal has locked; an overridden lesson keeps its topic. `also`: a lesson the actor gives back to the
 * КТП by hand right now (already allowed by the journal's edit rules) — it takes its plan topic whatever its date, and
 * its audit row is the caller's. Every other changed topic gets an audit row (entity 'lesson', action 'update', old and
 * new topic — as the lesson page writes a typed one). Returns how many lessons changed.
 */
export async function fillTopicsFromKtp(tx: Q, by: FillBy, where: GroupWhere & { also?: string }): Promise<number> {
  const [rows, topics] = await Promise.all([lessonsForFill(tx, where), topicsForFill(tx, where)]);
  if (rows.length === 0) return 0;
  const changed = fillChanges(rows, topics, by.today, where.also);
  await writeTopics(tx, where, changed);
  const audited = changed.filter((c) => c.lessonId !== where.also && c.from.topic !== c.to.topic);
  for (let i = 0; i < audited.length; i += 500) {
    await writeAudit(tx, by.audit, ...audited.slice(i, i + 500).map((c) => ({
      entity: 'lesson', entityId: c.lessonId, action: 'update', oldValue: { topic: c.from.topic }, newValue: { topic: c.to.topic },
    })));
  }
  return changed.length;
}

/**
 * Clears the links of lessons to КТП rows about to be dropped (the foreign key would do it silently). A lesson the plan
 * may no longer fill (given, or locked) keeps its topic and gets an audit row for the lost link; the others are refilled
 * after the change. Returns how many lessons already given lost their link.
 */
export async function unlinkDropped(tx: Q, by: FillBy, where: GroupWhere, topicIds: readonly string[]): Promise<number> {
  if (topicIds.length === 0) return 0;
  const dropped = new Set(topicIds);
  const linked = (await lessonsForFill(tx, where)).filter((l) => l.ktpTopicId !== null && dropped.has(l.ktpTopicId));
  if (linked.length === 0) return 0;
  await tx.update(lessons).set({ ktpTopicId: null, updatedAt: sql`now()` })
    .where(and(eq(lessons.schoolId, where.schoolId), inArray(lessons.id, linked.map((l) => l.id))));
  const kept = linked.filter((l) => !planMayFill(l, by.today));
  await writeAudit(tx, by.audit, ...kept.map((l) => ({
    entity: 'lesson', entityId: l.id, action: 'update', oldValue: { ktpTopicId: l.ktpTopicId }, newValue: { ktpTopicId: null },
    reason: 'Тема удалена из КТП; тема урока сохранена.',
  })));
  return kept.length;
}
