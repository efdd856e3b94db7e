// Staff cards (личные карты сотрудников): list, read, create, update — each change audited in its transaction.
import { isUniqueViolation } from '../../db/faults.ts';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { classesLedBy, currentYear } from '../setup/lookups.ts';
import type { StaffInput } from './forms.ts';
import { linkedAccount, LIST_LIMIT, nameSearch } from './queries.ts';
import { diff } from './rules.ts';
import { staff } from './schema.ts';

export async function listStaff(db: Db, { schoolId, q }: { schoolId: string; q: string }) {
  return db.select({
    id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName,
    position: staff.position, category: staff.category, birthDate: staff.birthDate,
  }).from(staff)
    .where(and(eq(staff.schoolId, schoolId), nameSearch(q, staff)))
    .orderBy(asc(staff.lastName), asc(staff.firstName), asc(staff.middleName))
    .limit(LIST_LIMIT + 1);
}

export async function getStaff(db: Db, { schoolId, id }: { schoolId: string; id: string }) {
  const rows = await db.select().from(staff).where(and(eq(staff.schoolId, schoolId), eq(staff.id, id))).limit(1);
  return rows[0];
}

/** The card with what the card page shows beside it: the account and the classes led this year. */
export async function staffCard(db: Db, { schoolId, id, today }: { schoolId: string; id: string; today: string }) {
  const card = await getStaff(db, { schoolId, id });
  if (!card) return undefined;
  const year = await currentYear(db, { schoolId, date: today });
  const [account, classes] = await Promise.all([
    linkedAccount(db, { schoolId, staffId: id }),
    year ? classesLedBy(db, { schoolId, staffId: id, yearId: year.id }) : Promise.resolve([]),
  ]);
  return { card, account, classes: classes.map((c) => ({ id: c.id, name: c.name })) };
}

export class DuplicateExternalIdError extends Error {}

async function externalIdTaken(tx: Tx, schoolId: string, externalId: string | null, exceptId?: string) {
  if (!externalId) return false;
  const rows = await tx.select({ id: staff.id }).from(staff)
    .where(and(eq(staff.schoolId, schoolId), eq(staff.externalId, externalId), exceptId ? ne(staff.id, exceptId) : undefined)).limit(1);
  return rows.length > 0;
}

export async function createStaff(db: Db, ctx: AuditContext, input: StaffInput): Promise<string> {
  try {
    return await withSchool(db, ctx.schoolId, async (tx) => {
      if (await externalIdTaken(tx, ctx.schoolId, input.externalId)) throw new DuplicateExternalIdError();
      const [row] = await tx.insert(staff).values({ schoolId: ctx.schoolId, ...input }).returning({ id: staff.id });
      await writeAudit(tx, ctx, { entity: 'staff', entityId: row!.id, action: 'create', newValue: input });
      return row!.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'staff_external')) throw new DuplicateExternalIdError();
    throw err;
  }
}

/** Updates a card; returns false when nothing changed, undefined when the card is not in this school. */
export async function updateStaff(db: Db, ctx: AuditContext, id: string, input: StaffInput): Promise<boolean | undefined> {
  try {
    return await withSchool(db, ctx.schoolId, async (tx) => {
      const [before] = await tx.select().from(staff).where(and(eq(staff.schoolId, ctx.schoolId), eq(staff.id, id))).for('update');
      if (!before) return undefined;
      const change = diff(before, input);
      if (!change) return false;
      if (await externalIdTaken(tx, ctx.schoolId, input.externalId, id)) throw new DuplicateExternalIdError();
      await tx.update(staff).set({ ...change.new, updatedAt: new Date() }).where(and(eq(staff.schoolId, ctx.schoolId), eq(staff.id, id)));
      await writeAudit(tx, ctx, { entity: 'staff', entityId: id, action: 'update', oldValue: change.old, newValue: change.new });
      return true;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'staff_external')) throw new DuplicateExternalIdError();
    throw err;
  }
}
