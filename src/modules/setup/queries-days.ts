// Holidays (каникулы, праздники, выходные) and transferred study days of a year. Every function takes schoolId.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { holidays, transferredDays } from './schema.ts';

type Q = Db | Tx;
export type HolidayInput = { name: string; kind: string; startsOn: string; endsOn: string; grades: number[] | null };
export type TransferInput = { date: string; worksAs: number; note: string | null };

export async function getHoliday(db: Q, { schoolId, holidayId }: { schoolId: string; holidayId: string }) {
  const [row] = await db.select().from(holidays).where(and(eq(holidays.schoolId, schoolId), eq(holidays.id, holidayId)));
  return row;
}

export async function createHoliday(db: Db, ctx: AuditContext, yearId: string, input: HolidayInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(holidays).values({ schoolId: ctx.schoolId, yearId, ...input }).returning({ id: holidays.id });
    await writeAudit(tx, ctx, { entity: 'holiday', entityId: row!.id, action: 'create', newValue: { yearId, ...input } });
  });
}

export async function updateHoliday(db: Db, ctx: AuditContext, holidayId: string, input: HolidayInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getHoliday(tx, { schoolId: ctx.schoolId, holidayId });
    await tx.update(holidays).set(input).where(and(eq(holidays.schoolId, ctx.schoolId), eq(holidays.id, holidayId)));
    await writeAudit(tx, ctx, { entity: 'holiday', entityId: holidayId, action: 'update', oldValue: old, newValue: input });
  });
}

export async function deleteHoliday(db: Db, ctx: AuditContext, holidayId: string) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getHoliday(tx, { schoolId: ctx.schoolId, holidayId });
    await tx.delete(holidays).where(and(eq(holidays.schoolId, ctx.schoolId), eq(holidays.id, holidayId)));
    await writeAudit(tx, ctx, { entity: 'holiday', entityId: holidayId, action: 'delete', oldValue: old });
  });
}

export async function getTransfer(db: Q, { schoolId, transferId }: { schoolId: string; transferId: string }) {
  const [row] = await db.select().from(transferredDays).where(and(eq(transferredDays.schoolId, schoolId), eq(transferredDays.id, transferId)));
  return row;
}

/** The transfer already set on a date (the date is unique in the school), to refuse a second one with a message. */
export async function transferOn(db: Q, { schoolId, date }: { schoolId: string; date: string }) {
  const [row] = await db.select().from(transferredDays).where(and(eq(transferredDays.schoolId, schoolId), eq(transferredDays.date, date)));
  return row;
}

export async function createTransfer(db: Db, ctx: AuditContext, yearId: string, input: TransferInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(transferredDays).values({ schoolId: ctx.schoolId, yearId, ...input }).returning({ id: transferredDays.id });
    await writeAudit(tx, ctx, { entity: 'transferred_day', entityId: row!.id, action: 'create', newValue: { yearId, ...input } });
  });
}

export async function updateTransfer(db: Db, ctx: AuditContext, transferId: string, input: TransferInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getTransfer(tx, { schoolId: ctx.schoolId, transferId });
    await tx.update(transferredDays).set(input).where(and(eq(transferredDays.schoolId, ctx.schoolId), eq(transferredDays.id, transferId)));
    await writeAudit(tx, ctx, { entity: 'transferred_day', entityId: transferId, action: 'update', oldValue: old, newValue: input });
  });
}

export async function deleteTransfer(db: Db, ctx: AuditContext, transferId: string) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getTransfer(tx, { schoolId: ctx.schoolId, transferId });
    await tx.delete(transferredDays).where(and(eq(transferredDays.schoolId, ctx.schoolId), eq(transferredDays.id, transferId)));
    await writeAudit(tx, ctx, { entity: 'transferred_day', entityId: transferId, action: 'delete', oldValue: old });
  });
}
