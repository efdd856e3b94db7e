// The book of movements (книга движения) of the year in the archive: contingent/orders.csv — every order dated within
// the year or moving a student into or out of one of its classes, posted or cancelled (with the reason);
// contingent/movements.csv — each student's movement in those orders, in the book's order (by effective date).
import { and, asc, eq, exists, gte, inArray, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { orderItems, orders } from '../../contingent/schema.ts';
import { KIND_TITLES, isOrderKind } from '../../contingent/rules.ts';
import { students } from '../../people/schema.ts';
import { schoolClasses } from '../../setup/schema.ts';
import { fullName, isoMoment } from '../rules.ts';
import type { ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

const fromClass = alias(schoolClasses, 'from_class');
const toClass = alias(schoolClasses, 'to_class');
const touching = alias(orderItems, 'touching');
const kindTitle = (kind: string) => (isOrderKind(kind) ? KIND_TITLES[kind] : kind);
const STATUS: Record<string, string> = { posted: 'проведён', cancelled: 'отменён' };

type Year = { id: string; startsOn: string; endsOn: string };

export async function writeBookOfMovements(zip: ZipWriter, src: ArchiveSource, year: Year, classIds: readonly string[]): Promise<number> {
  const ids = [...classIds];
  const [list, items] = await src.read(async (tx) => {
    const touchesYear = ids.length === 0 ? sql`false` : exists(tx.select({ one: sql`1` }).from(touching)
      .where(and(eq(touching.schoolId, orders.schoolId), eq(touching.orderId, orders.id),
        or(inArray(touching.fromClassId, ids), inArray(touching.toClassId, ids)))));
    const ofYear = and(eq(orders.schoolId, src.schoolId), or(and(gte(orders.date, year.startsOn), lte(orders.date, year.endsOn)), touchesYear));
    return [
      await tx.select().from(orders).where(ofYear).orderBy(asc(orders.date), asc(orders.createdAt)),
      await tx.select({
        orderNumber: orders.number, orderDate: orders.date, kind: orders.kind, status: orders.status, effectiveOn: orderItems.effectiveOn,
        studentId: orderItems.studentId, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
        fileNo: students.personalFileNo, fromClass: fromClass.name, toClass: toClass.name, reason: orderItems.reason,
      }).from(orderItems)
        .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
        .innerJoin(students, and(eq(students.schoolId, orderItems.schoolId), eq(students.id, orderItems.studentId)))
        .leftJoin(fromClass, and(eq(fromClass.schoolId, orderItems.schoolId), eq(fromClass.id, orderItems.fromClassId)))
        .leftJoin(toClass, and(eq(toClass.schoolId, orderItems.schoolId), eq(toClass.id, orderItems.toClassId)))
        .where(ofYear)
        .orderBy(asc(orderItems.effectiveOn), asc(orders.createdAt), asc(students.lastName), asc(students.firstName)),
    ] as const;
  });
  await zip.table('contingent/orders.csv', ['№ приказа', 'Дата', 'Вид', 'Заголовок', 'Состояние', 'Отменён (UTC)', 'Причина отмены', 'Создан (UTC)'],
    list.map((o) => [o.number, o.date, kindTitle(o.kind), o.title, STATUS[o.status] ?? o.status, isoMoment(o.cancelledAt), o.cancelReason,
      isoMoment(o.createdAt)]));
  await zip.table('contingent/movements.csv', [
    'Дата движения', '№ приказа', 'Дата приказа', 'Вид', 'Состояние приказа', 'ID обучающегося', 'Обучающийся', '№ личного дела',
    'Из класса', 'В класс', 'Причина / куда выбыл',
  ], items.map((i) => [
    i.effectiveOn, i.orderNumber, i.orderDate, kindTitle(i.kind), STATUS[i.status] ?? i.status, i.studentId, fullName(i), i.fileNo,
    i.fromClass, i.toClass, i.reason,
  ]));
  return list.length;
}
