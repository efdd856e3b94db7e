// Queries of the school's work types: list, one, create, update, archive, delete (unused only), reorder; the defaults.
import { and, asc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import type { WorkTypeInput } from './forms.ts';
import { DEFAULT_WORK_TYPES } from './rules.ts';
import { lessonColumns, workTypes } from './schema.ts';

type Q = Db | Tx;
const columns = {
  id: workTypes.id, name: workTypes.name, shortName: workTypes.shortName, weight: workTypes.weight,
  isControl: workTypes.isControl, ordinal: workTypes.ordinal, archived: workTypes.archived,
};
const own = (schoolId: string, id: string) => and(eq(workTypes.schoolId, schoolId), eq(workTypes.id, id));
const row = (input: WorkTypeInput) => ({ name: input.name, shortName: input.shortName, weight: String(input.weight), isControl: input.isControl });

/** The school's work types in their order (archived ones last when `withArchived`). */
export async function listWorkTypes(db: Q, schoolId: string, opts: { withArchived?: boolean } = {}) {
  const rows = await db.select(columns).from(workTypes).where(eq(workTypes.schoolId, schoolId))
    .orderBy(asc(workTypes.archived), asc(workTypes.ordinal), asc(workTypes.name));
  return opts.withArchived === false ? rows.filter((r) => !r.archived) : rows;
}

export async function getWorkType(db: Q, schoolId: string, id: string) {
  const [r] = await db.select(columns).from(workTypes).where(own(schoolId, id));
  return r;
}

/** Adds the default work types to a school (idempotent: a name already there is kept as it is). */
export async function insertDefaultWorkTypes(tx: Q, schoolId: string): Promise<void> {
  await tx.insert(workTypes).values(DEFAULT_WORK_TYPES.map((w, i) => ({
    schoolId, name: w.name, shortName: w.shortName, weight: String(w.weight), isControl: w.isControl, ordinal: i + 1,
  }))).onConflictDoNothing();
}

export async function createWorkType(db: Db, ctx: AuditContext, input: WorkTypeInput): Promise<string> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [last] = await tx.select({ n: max(workTypes.ordinal) }).from(workTypes).where(eq(workTypes.schoolId, ctx.schoolId));
    const [r] = await tx.insert(workTypes).values({ schoolId: ctx.schoolId, ...row(input), ordinal: (last?.n ?? 0) + 1 })
      .returning({ id: workTypes.id });
    await writeAudit(tx, ctx, { entity: 'work_type', entityId: r!.id, action: 'create', newValue: input });
    return r!.id;
  });
}

export async function updateWorkType(db: Db, ctx: AuditContext, id: string, input: WorkTypeInput): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getWorkType(tx, ctx.schoolId, id);
    await tx.update(workTypes).set(row(input)).where(own(ctx.schoolId, id));
    await writeAudit(tx, ctx, { entity: 'work_type', entityId: id, action: 'update', oldValue: old, newValue: input });
  });
}

export async function setWorkTypeArchived(db: Db, ctx: AuditContext, id: string, archived: boolean): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    await tx.update(workTypes).set({ archived }).where(own(ctx.schoolId, id));
    await writeAudit(tx, ctx, { entity: 'work_type', entityId: id, action: archived ? 'archive' : 'unarchive', oldValue: { archived: !archived }, newValue: { archived } });
  });
}

/**
 * Whether a work type is used: some lesson column of the school is of this type (marks always sit in a column).
 * A used type is archived, never deleted.
 */
export async function isWorkTypeUsed(db: Q, schoolId: string, id: string): Promise<boolean> {
  const [r] = await db.select({ one: sql<number>`1` }).from(lessonColumns)
    .where(and(eq(lessonColumns.schoolId, schoolId), eq(lessonColumns.workTypeId, id))).limit(1);
  return r !== undefined;
}

export async function deleteWorkType(db: Db, ctx: AuditContext, id: string): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getWorkType(tx, ctx.schoolId, id);
    await tx.delete(workTypes).where(own(ctx.schoolId, id));
    await writeAudit(tx, ctx, { entity: 'work_type', entityId: id, action: 'delete', oldValue: old });
  });
}

/** Swaps a work type with its neighbour above (-1) or below (+1) among the active ones; renumbers 1…n. */
export async function moveWorkType(db: Db, ctx: AuditContext, id: string, direction: -1 | 1): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const list = await listWorkTypes(tx, ctx.schoolId);
    const i = list.findIndex((w) => w.id === id);
    const j = i + direction;
    if (i < 0 || j < 0 || j >= list.length || list[j]!.archived !== list[i]!.archived) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    for (const [k, w] of list.entries()) {
      if (w.ordinal !== k + 1) await tx.update(workTypes).set({ ordinal: k + 1 }).where(own(ctx.schoolId, w.id));
    }
    await writeAudit(tx, ctx, { entity: 'work_type', entityId: id, action: direction < 0 ? 'move_up' : 'move_down', newValue: { order: list.map((w) => w.name) } });
  });
}
