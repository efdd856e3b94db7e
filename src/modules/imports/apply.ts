// Applies a previewed batch: everything in one tenant transaction, all or nothing, with audit rows.
import { and, eq, getTableName, sql } from 'drizzle-orm';
import { pgError } from '../../db/faults.ts';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import type { AuditChange, AuditContext } from '../audit/queries.ts';
import { NEW_GUARDIAN_PURPOSES } from '../consents/rules.ts';
import { pdConsents } from '../consents/schema.ts';
import { classMemberships, orderItems, orders } from '../contingent/schema.ts';
import { guardians, staff, studentGuardians, students } from '../people/schema.ts';
import { auditRows, bulkUpdate, bulkUpdateRelations, CHUNK, insertRows, type ColumnType } from './bulk.ts';
import { planStaff } from './plan-staff.ts';
import { planStudents, type StudentsPlan } from './plan-students.ts';
import { summarize, type Summary } from './preview.ts';
import { loadStaff, loadStudentsState, orderExists } from './queries.ts';
import { importBatches } from './schema.ts';
import type { StaffRow, StudentRow } from './validate.ts';

export type EnrolmentOrder = { number: string; date: string };
export type AppliedSummary = Summary & { order: (EnrolmentOrder & { id: string }) | null };

/** Why an apply was refused; the transaction is rolled back and nothing is written. */
export class ApplyRefused extends Error {
  constructor(readonly reason: 'notFound' | 'applied' | 'changed' | 'needOrder' | 'orderDate' | 'orderExists', message: string) {
    super(message);
  }
}

const uuid = () => crypto.randomUUID();

const PERSON: Record<string, ColumnType> = { schoolId: 'uuid', id: 'uuid', lastName: 'text', firstName: 'text', middleName: 'text', sex: 'text' };
const STAFF_COLUMNS: Record<string, ColumnType> = {
  ...PERSON, birthDate: 'date', position: 'text', category: 'text', rank: 'text', diplomaSpecialty: 'text', phone: 'text', email: 'text', externalId: 'text',
};
const STUDENT_COLUMNS: Record<string, ColumnType> = { ...PERSON, birthDate: 'date', personalFileNo: 'text' };
const GUARDIAN_COLUMNS: Record<string, ColumnType> = { ...PERSON, phone: 'text', email: 'text' };
const DATES = { birthDate: 'date' } as const;

async function claim(tx: Tx, schoolId: string, batchId: string) {
  const [batch] = await tx.update(importBatches).set({ status: 'applied', appliedAt: new Date() })
    .where(and(eq(importBatches.schoolId, schoolId), eq(importBatches.id, batchId), eq(importBatches.status, 'preview')))
    .returning({ kind: importBatches.kind, rows: importBatches.rows, fileName: importBatches.fileName, summary: importBatches.summary });
  if (batch) return batch;
  const [other] = await tx.select({ status: importBatches.status }).from(importBatches)
    .where(and(eq(importBatches.schoolId, schoolId), eq(importBatches.id, batchId)));
  if (!other) throw new ApplyRefused('notFound', 'Нет такого импорта.');
  throw new ApplyRefused('applied', 'Этот файл уже импортирован: повторное применение не выполняется.');
}

const changedSinceReview = () => new ApplyRefused('changed', 'Данные школы изменились после проверки файла. Загрузите файл ещё раз и проверьте новый результат.');

async function applyStaff(tx: Tx, schoolId: string, rows: StaffRow[], audit: AuditChange[]) {
  const plan = planStaff(rows, await loadStaff(tx, schoolId), uuid);
  if (plan.errors.length) throw changedSinceReview();
  await insertRows(tx, getTableName(staff), STAFF_COLUMNS, plan.creates.map((c) => ({ schoolId, id: c.id, ...c.card })));
  await bulkUpdate(tx, { table: getTableName(staff), schoolId, types: DATES }, plan.updates);
  audit.push(...plan.creates.map((c) => ({ entity: 'staff', entityId: c.id, action: 'import_create', newValue: c.card })));
  audit.push(...plan.updates.map((u) => ({ entity: 'staff', entityId: u.id, action: 'import_update', oldValue: u.old, newValue: u.set })));
  return plan;
}

async function enrol(tx: Tx, schoolId: string, plan: StudentsPlan, order: EnrolmentOrder, createdBy: string, audit: AuditChange[]) {
  if (await orderExists(tx, schoolId, order.number, order.date)) {
    throw new ApplyRefused('orderExists', `Приказ № ${order.number} от этой даты уже есть в книге приказов. Укажите другой номер.`);
  }
  const orderId = uuid();
  await tx.insert(orders).values({ schoolId, id: orderId, number: order.number, date: order.date, kind: 'enrolment', status: 'posted', title: 'Зачисление (импорт из файла)', createdBy });
  const items = plan.enrolments.map((e) => ({ schoolId, id: uuid(), orderId, studentId: e.studentId, toClassId: e.classId, effectiveOn: order.date }));
  await insertRows(tx, getTableName(orderItems), { schoolId: 'uuid', id: 'uuid', orderId: 'uuid', studentId: 'uuid', toClassId: 'uuid', effectiveOn: 'date' }, items);
  await insertRows(tx, getTableName(classMemberships), { schoolId: 'uuid', studentId: 'uuid', classId: 'uuid', startsOn: 'date', startItemId: 'uuid' },
    items.map((i) => ({ schoolId, studentId: i.studentId, classId: i.toClassId, startsOn: i.effectiveOn, startItemId: i.id })));
  audit.push({ entity: 'order', entityId: orderId, action: 'create', newValue: { ...order, kind: 'enrolment', students: items.length, source: 'import' } });
  return orderId;
}

/**
 * After thousands of new students and guardians, the foreign-key checks of the links, order items and memberships
 * that follow must use the primary-key index. A connection caches those checks' plans from when the tables were
 * small (a sequential scan), and re-plans them only when the tables' statistics change: ANALYZE inside this
 * transaction does that (it also counts our own new rows). Without it 10,000 lines took minutes on PGlite.
 * A role that does not own the tables only gets a warning, never an error.
 */
async function refreshStatistics(tx: Tx, inserted: number): Promise<void> {
  if (inserted < CHUNK) return;
  await tx.execute(sql`analyze ${sql.identifier(getTableName(students))}, ${sql.identifier(getTableName(guardians))}`);
}

async function applyStudents(tx: Tx, ctx: { schoolId: string; today: string; createdBy: string; order: EnrolmentOrder | null }, rows: StudentRow[], audit: AuditChange[]) {
  const { schoolId } = ctx;
  const state = await loadStudentsState(tx, schoolId, ctx.today);
  const plan = planStudents(rows, state, uuid);
  if (plan.errors.length) throw changedSinceReview();
  const { order } = ctx;
  if (plan.enrolments.length > 0) {
    if (!order) throw new ApplyRefused('needOrder', 'Укажите номер и дату приказа о зачислении.');
    if (state.year && (order.date < state.year.startsOn || order.date > state.year.endsOn)) {
      throw new ApplyRefused('orderDate', `Дата приказа должна быть внутри учебного года ${state.year.name}.`);
    }
  }
  await insertRows(tx, getTableName(students), STUDENT_COLUMNS, plan.studentCreates.map((s) => ({ schoolId, ...s })));
  await insertRows(tx, getTableName(guardians), GUARDIAN_COLUMNS, plan.guardianCreates.map((g) => ({ schoolId, ...g })));
  await refreshStatistics(tx, plan.studentCreates.length + plan.guardianCreates.length);
  await insertRows(tx, getTableName(studentGuardians), { schoolId: 'uuid', studentId: 'uuid', guardianId: 'uuid', relation: 'text' },
    plan.linkCreates.map((l) => ({ schoolId, ...l })));
  await bulkUpdate(tx, { table: getTableName(students), schoolId, types: DATES }, plan.studentUpdates);
  await bulkUpdate(tx, { table: getTableName(guardians), schoolId }, plan.guardianUpdates);
  await bulkUpdateRelations(tx, schoolId, plan.linkUpdates);
  await recordConsents(tx, ctx, plan.consentCreates, audit);
  const orderId = plan.enrolments.length > 0 && order ? await enrol(tx, schoolId, plan, order, ctx.createdBy, audit) : null;

  const linksByStudent = new Map<string, Array<{ guardianId: string; relation: string }>>();
  for (const l of [...plan.linkCreates, ...plan.linkUpdates]) linksByStudent.set(l.studentId, [...(linksByStudent.get(l.studentId) ?? []), { guardianId: l.guardianId, relation: l.relation }]);
  const classByStudent = new Map(plan.enrolments.map((e) => [e.studentId, e.classId]));
  const created = new Set(plan.studentCreates.map((s) => s.id));
  audit.push(...plan.studentCreates.map(({ line: _l, ...s }) => ({
    entity: 'student', entityId: s.id, action: 'import_create',
    newValue: { ...s, guardians: linksByStudent.get(s.id) ?? [], classId: classByStudent.get(s.id) ?? null },
  })));
  const updated = new Map(plan.studentUpdates.map((u) => [u.id, u]));
  const touched = new Set([...updated.keys(), ...linksByStudent.keys(), ...classByStudent.keys()].filter((id) => !created.has(id)));
  audit.push(...[...touched].map((id) => ({
    entity: 'student', entityId: id, action: 'import_update', oldValue: updated.get(id)?.old ?? null,
    newValue: { ...(updated.get(id)?.set ?? {}), ...(linksByStudent.has(id) ? { guardians: linksByStudent.get(id) } : {}), ...(classByStudent.has(id) ? { classId: classByStudent.get(id) } : {}) },
  })));
  audit.push(...plan.guardianCreates.map(({ line: _l, ...g }) => ({ entity: 'guardian', entityId: g.id, action: 'import_create', newValue: g })));
  audit.push(...plan.guardianUpdates.map((u) => ({ entity: 'guardian', entityId: u.id, action: 'import_update', oldValue: u.old, newValue: u.set })));
  return { plan, orderId };
}

/** The guardians' consents given in the file (their contacts were kept because of them), as of the import's day. */
async function recordConsents(
  tx: Tx, ctx: { schoolId: string; today: string; createdBy: string }, given: StudentsPlan['consentCreates'], audit: AuditChange[],
) {
  const rows = given.map((c) => ({
    schoolId: ctx.schoolId, id: uuid(), guardianId: c.guardianId, givenOn: ctx.today, purposes: NEW_GUARDIAN_PURPOSES, document: c.document,
    recordedBy: ctx.createdBy,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(pdConsents).values(rows.slice(i, i + CHUNK));
  audit.push(...rows.map((r) => ({
    entity: 'pd_consent', entityId: r.id, action: 'import_record',
    newValue: { subject: `guardian:${r.guardianId}`, givenOn: r.givenOn, purposes: r.purposes, document: r.document },
  })));
}

/** Writes a previewed batch. Throws ApplyRefused (nothing written) when it cannot. */
export async function applyBatch(db: Db, input: {
  schoolId: string; batchId: string; today: string; audit: AuditContext; order: EnrolmentOrder | null;
}): Promise<AppliedSummary> {
  try {
    return await applyInTransaction(db, input);
  } catch (err) {
    // Another import or order wrote the same personal file number, personnel number or order number meanwhile.
    if (pgError(err)?.code === '23505') throw changedSinceReview();
    throw err;
  }
}

async function applyInTransaction(db: Db, input: Parameters<typeof applyBatch>[1]): Promise<AppliedSummary> {
  return withSchool(db, input.schoolId, async (tx) => {
    const batch = await claim(tx, input.schoolId, input.batchId);
    const meta = batch.summary as Summary;
    const audit: AuditChange[] = [];
    let summary: AppliedSummary;
    if (batch.kind === 'staff') {
      const plan = await applyStaff(tx, input.schoolId, batch.rows as StaffRow[], audit);
      summary = { ...summarize(plan, { format: meta.format, encoding: meta.encoding }), order: null };
    } else {
      const ctx = { schoolId: input.schoolId, today: input.today, createdBy: input.audit.accountId, order: input.order };
      const { plan, orderId } = await applyStudents(tx, ctx, batch.rows as StudentRow[], audit);
      summary = { ...summarize(plan, { format: meta.format, encoding: meta.encoding }), order: orderId && input.order ? { ...input.order, id: orderId } : null };
    }
    const { details: _d, warnings: _w, ...counts } = summary;
    audit.push({ entity: 'import_batch', entityId: input.batchId, action: 'apply', newValue: { kind: batch.kind, fileName: batch.fileName, ...counts } });
    await auditRows(tx, input.audit, audit);
    await tx.update(importBatches).set({ summary }).where(and(eq(importBatches.schoolId, input.schoolId), eq(importBatches.id, input.batchId)));
    return summary;
  });
}
