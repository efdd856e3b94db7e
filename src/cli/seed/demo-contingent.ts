// Demo movements of school № 1 this autumn, posted through the contingent service (so the history is derived
// exactly as for a secretary): an enrolment of a new student, a transfer, a withdrawal, and a mistaken order
// cancelled and corrected. Morozov Dmitry ('student') and Morozova Alisa ('sister') are never touched.
import { and, asc, eq, isNull, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts } from '../../modules/accounts/schema.ts';
import type { AuditContext } from '../../modules/audit/queries.ts';
import type { OrderDraft } from '../../modules/contingent/rules.ts';
import { classMemberships } from '../../modules/contingent/schema.ts';
import { cancelOrder, postOrder } from '../../modules/contingent/service.ts';
import { students } from '../../modules/people/schema.ts';
import { todayIso } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';
import { demoCalendar, type DemoCalendar } from './calendar.ts';

export async function seedDemoContingent(db: Db, built: BuiltSchool, cal: DemoCalendar = demoCalendar()): Promise<void> {
  /** The orders are dated in the autumn of the demo's year; early in the year they are posted ahead (as planned moves). */
  const DEMO_TODAY = cal.on('2026-11-22');
  const schoolId = built.schoolId;
  const [secretary] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, 'secretary')).limit(1);
  if (!secretary) throw new Error('seedDemoContingent: the demo secretary account is missing');
  const ctx: AuditContext = { schoolId, accountId: secretary.id, role: 'secretary', requestId: 'seed-demo', ip: '127.0.0.1' };
  const today = todayIso() > DEMO_TODAY ? todayIso() : DEMO_TODAY;
  const classId = (key: string) => {
    const id = built.classes.get(key);
    if (!id) throw new Error(`seedDemoContingent: no class ${key}`);
    return id;
  };
  const spared = [built.students.get('student'), built.students.get('sister')].filter((id): id is string => !!id);

  /** The first student (alphabetically) now in a class, optionally of one sex, never a Morozov. */
  async function firstIn(key: string, sex?: 'м' | 'ж'): Promise<string> {
    const rows = await db.select({ id: students.id, sex: students.sex }).from(classMemberships)
      .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
      .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId(key)), isNull(classMemberships.endsOn),
        spared.length ? notInArray(students.id, spared) : undefined))
      .orderBy(asc(students.lastName), asc(students.firstName));
    const row = rows.find((r) => !sex || r.sex === sex);
    if (!row) throw new Error(`seedDemoContingent: nobody to move in ${key}`);
    return row.id;
  }

  const movedFrom5B = await firstIn('5Б');
  const leaving5A = await firstIn('5А', 'м');
  const mistaken6A = await firstIn('6А');
  const [newcomer] = await db.insert(students).values({
    schoolId, lastName: 'Гарипова', firstName: 'Амина', middleName: 'Ренатовна', sex: 'ж', birthDate: '2013-04-18', personalFileNo: 'Г-0901',
  }).returning({ id: students.id });

  const post = async (draft: OrderDraft) => {
    const result = await postOrder(db, ctx, draft, { today });
    if (!result.ok) throw new Error(`seedDemoContingent: order ${draft.number} refused: ${JSON.stringify(result.problems)}`);
    return result.orderId;
  };
  const item = (studentId: string, effectiveOn: string, toClassId: string | null, reason: string | null, fromClassId: string | null = null) =>
    ({ studentId, effectiveOn, toClassId, reason, fromClassId });

  await post({ kind: 'enrolment', number: '118-К', date: cal.on('2026-09-15'), title: 'О зачислении обучающихся',
    items: [item(newcomer!.id, cal.on('2026-09-15'), classId('7А'), 'прибыла из МБОУ «Лицей № 3» г. Калуги')] });
  await post({ kind: 'transfer', number: '124-К', date: cal.on('2026-10-05'), title: 'О переводе обучающихся в другой класс',
    items: [item(movedFrom5B, cal.on('2026-10-05'), classId('5А'), 'по заявлению родителей')] });
  await post({ kind: 'withdrawal', number: '139-К', date: cal.on('2026-11-12'), title: 'О выбытии обучающихся',
    items: [item(leaving5A, cal.on('2026-11-12'), null, 'выбыл в МБОУ СОШ № 7 г. Тулы')] });
  const mistaken = await post({ kind: 'transfer', number: '141-К', date: cal.on('2026-11-16'), title: 'О переводе обучающихся в другой класс',
    items: [item(mistaken6A, cal.on('2026-11-16'), classId('7Б'), 'по заявлению родителей')] });
  const cancelled = await cancelOrder(db, ctx, { orderId: mistaken, reason: 'ошибка в номере класса' });
  if (!cancelled.ok) throw new Error(`seedDemoContingent: cancelling 141-К refused: ${JSON.stringify(cancelled)}`);
  await post({ kind: 'transfer', number: '142-К', date: cal.on('2026-11-16'), title: 'О переводе обучающихся в другой класс (взамен приказа № 141-К)',
    items: [item(mistaken6A, cal.on('2026-11-16'), classId('6Б'), 'по заявлению родителей')] });
}
