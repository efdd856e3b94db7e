// School events (class_id null) and class events: read, create, edit, delete — writes audited.
import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { schoolClasses } from '../setup/schema.ts';
import { events } from './schema.ts';

type Q = Db | Tx;

export type EventInput = { classId: string | null; date: string; startsAt: string | null; endsAt: string | null; title: string; description: string | null };

const eventColumns = {
  id: events.id, classId: events.classId, className: schoolClasses.name, date: events.date, startsAt: events.startsAt, endsAt: events.endsAt,
  title: events.title, description: events.description,
};

function eventSelect(db: Q) {
  return db.select(eventColumns).from(events)
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, events.schoolId), eq(schoolClasses.id, events.classId)));
}

/**
 * Events in [from, until): school-wide ones plus those of the given classes (`classIds` undefined: all classes).
 * The class week view (H3) can call this with one class id.
 */
export async function eventsBetween(db: Q, { schoolId, from, until, classIds }: { schoolId: string; from: string; until: string; classIds?: readonly string[] }) {
  const scope = classIds === undefined ? undefined
    : classIds.length ? or(isNull(events.classId), inArray(events.classId, [...classIds])) : isNull(events.classId);
  return eventSelect(db).where(and(eq(events.schoolId, schoolId), gte(events.date, from), lt(events.date, until), scope))
    .orderBy(asc(events.date), sql`${events.startsAt} nulls first`, asc(events.title));
}

export async function getEvent(db: Q, { schoolId, eventId }: { schoolId: string; eventId: string }) {
  const [row] = await eventSelect(db).where(and(eq(events.schoolId, schoolId), eq(events.id, eventId))).limit(1);
  return row;
}

export async function createEvent(db: Db, ctx: AuditContext, input: EventInput, createdBy: string | null): Promise<string> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(events).values({ schoolId: ctx.schoolId, ...input, createdBy }).returning({ id: events.id });
    await writeAudit(tx, ctx, { entity: 'event', entityId: row!.id, action: 'create', newValue: input });
    return row!.id;
  });
}

export async function updateEvent(db: Db, ctx: AuditContext, eventId: string, old: unknown, input: EventInput): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    await tx.update(events).set(input).where(and(eq(events.schoolId, ctx.schoolId), eq(events.id, eventId)));
    await writeAudit(tx, ctx, { entity: 'event', entityId: eventId, action: 'update', oldValue: old, newValue: input });
  });
}

export async function deleteEvent(db: Db, ctx: AuditContext, eventId: string, old: unknown): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    await tx.delete(events).where(and(eq(events.schoolId, ctx.schoolId), eq(events.id, eventId)));
    await writeAudit(tx, ctx, { entity: 'event', entityId: eventId, action: 'delete', oldValue: old });
  });
}
