// Timetable versions and their slots: list, create from a date (copying the version in force), add/remove a slot.
import { and, asc, count, desc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { academicYears } from '../setup/schema.ts';
import { timetables, timetableSlots } from './schema.ts';

type Q = Db | Tx;

export type SlotRow = {
  id: string; weekday: number; lessonNumber: number; groupId: string; staffId: string; room: string | null; weekParity: string | null;
};

const slotColumns = {
  id: timetableSlots.id, weekday: timetableSlots.weekday, lessonNumber: timetableSlots.lessonNumber, groupId: timetableSlots.groupId,
  staffId: timetableSlots.staffId, room: timetableSlots.room, weekParity: timetableSlots.weekParity,
};

/** The versions of a year, oldest first, each with its slot count and the date it stops (the next one's start). */
export async function listVersions(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }) {
  const rows = await db.select({ id: timetables.id, validFrom: timetables.validFrom, note: timetables.note, slots: count(timetableSlots.id) })
    .from(timetables)
    .leftJoin(timetableSlots, and(eq(timetableSlots.schoolId, timetables.schoolId), eq(timetableSlots.timetableId, timetables.id)))
    .where(and(eq(timetables.schoolId, schoolId), eq(timetables.yearId, yearId)))
    .groupBy(timetables.schoolId, timetables.id)
    .orderBy(asc(timetables.validFrom));
  return rows.map((r, i) => ({ ...r, slots: Number(r.slots), validUntil: rows[i + 1]?.validFrom ?? null }));
}

export async function getVersion(db: Q, { schoolId, id }: { schoolId: string; id: string }) {
  const [row] = await db.select({
    id: timetables.id, yearId: timetables.yearId, validFrom: timetables.validFrom, note: timetables.note,
    yearStartsOn: academicYears.startsOn, yearEndsOn: academicYears.endsOn, yearName: academicYears.name,
  })
    .from(timetables)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, timetables.schoolId), eq(academicYears.id, timetables.yearId)))
    .where(and(eq(timetables.schoolId, schoolId), eq(timetables.id, id))).limit(1);
  return row;
}

/** The version in force on a date: the latest one of the year starting on or before it. */
export async function versionOn(db: Q, { schoolId, yearId, date }: { schoolId: string; yearId: string; date: string }) {
  const [row] = await db.select({ id: timetables.id, validFrom: timetables.validFrom }).from(timetables)
    .where(and(eq(timetables.schoolId, schoolId), eq(timetables.yearId, yearId), lte(timetables.validFrom, date)))
    .orderBy(desc(timetables.validFrom)).limit(1);
  return row;
}

export async function slotsOf(db: Q, { schoolId, timetableId }: { schoolId: string; timetableId: string }): Promise<SlotRow[]> {
  return db.select(slotColumns).from(timetableSlots)
    .where(and(eq(timetableSlots.schoolId, schoolId), eq(timetableSlots.timetableId, timetableId)))
    .orderBy(asc(timetableSlots.weekday), asc(timetableSlots.lessonNumber));
}

/**
 * Every version of the year with the dates it is in force [validFrom, validUntil) and its slots (H4 lays lessons out from this).
 */
export async function slotsInForce(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }) {
  const versions = await listVersions(db, { schoolId, yearId });
  const out: Array<{ timetableId: string; validFrom: string; validUntil: string | null; slots: SlotRow[] }> = [];
  for (const v of versions) {
    out.push({ timetableId: v.id, validFrom: v.validFrom, validUntil: v.validUntil, slots: await slotsOf(db, { schoolId, timetableId: v.id }) });
  }
  return out;
}

/** Creates a version valid from a date with a copy of the slots of the version in force on that date (if any). */
export async function createVersion(db: Db, ctx: AuditContext, p: { yearId: string; validFrom: string; note: string | null; createdBy: string }) {
  const schoolId = ctx.schoolId;
  return withSchool(db, schoolId, async (tx) => {
    const source = await versionOn(tx, { schoolId, yearId: p.yearId, date: p.validFrom });
    const [created] = await tx.insert(timetables)
      .values({ schoolId, yearId: p.yearId, validFrom: p.validFrom, note: p.note, createdBy: p.createdBy })
      .returning({ id: timetables.id });
    const id = created!.id;
    let copied = 0;
    if (source) {
      const slots = await slotsOf(tx, { schoolId, timetableId: source.id });
      if (slots.length) {
        await tx.insert(timetableSlots).values(slots.map(({ id: _id, ...s }) => ({ ...s, schoolId, timetableId: id })));
      }
      copied = slots.length;
    }
    await writeAudit(tx, ctx, { entity: 'timetable', entityId: id, action: 'create', newValue: { validFrom: p.validFrom, copiedFrom: source?.id ?? null, slots: copied } });
    return { id, copied, sourceValidFrom: source?.validFrom ?? null };
  });
}

export async function addSlot(db: Db, ctx: AuditContext, timetableId: string, s: Omit<SlotRow, 'id'>) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(timetableSlots).values({ ...s, schoolId: ctx.schoolId, timetableId }).returning({ id: timetableSlots.id });
    await writeAudit(tx, ctx, { entity: 'timetable_slot', entityId: row!.id, action: 'create', newValue: { timetableId, ...s } });
    return row!.id;
  });
}

export async function removeSlot(db: Db, ctx: AuditContext, timetableId: string, slotId: string): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const deleted = await tx.delete(timetableSlots)
      .where(and(eq(timetableSlots.schoolId, ctx.schoolId), eq(timetableSlots.timetableId, timetableId), eq(timetableSlots.id, slotId)))
      .returning(slotColumns);
    if (!deleted[0]) return false;
    await writeAudit(tx, ctx, { entity: 'timetable_slot', entityId: slotId, action: 'delete', oldValue: deleted[0] });
    return true;
  });
}
