// Reading the audit trail for the compromise response: the account's changes in the school since a moment, every row on
// the same things since then (anyone's: to see what was changed again later), and the names a person reads in the list.
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { auditEvents } from '../../audit/schema.ts';
import { teachingGroups } from '../../curriculum/schema.ts';
import { orders } from '../../contingent/schema.ts';
import { guardians, staff, students } from '../../people/schema.ts';
import { lessons } from '../../schedule/schema.ts';
import { periods, schoolClasses, subjects } from '../../setup/schema.ts';
import { accounts } from '../schema.ts';
import { conflictKeys, planUnits, unitsOf, type AuditStep, type Unit } from './rules.ts';

type Q = Db | Tx;

const stepColumns = {
  id: auditEvents.id, seq: auditEvents.seq, at: auditEvents.at,
  actorAccountId: auditEvents.actorAccountId, actorName: accounts.fullName, actorLogin: accounts.login,
  requestId: auditEvents.requestId, entity: auditEvents.entity, entityId: auditEvents.entityId, action: auditEvents.action,
  oldValue: auditEvents.oldValue, newValue: auditEvents.newValue, reason: auditEvents.reason,
};

/** The account's audit rows in the school since the moment, oldest first. */
export async function accountSteps(db: Q, { schoolId, accountId, since }: { schoolId: string; accountId: string; since: Date }): Promise<AuditStep[]> {
  return db.select(stepColumns).from(auditEvents)
    .leftJoin(accounts, eq(accounts.id, auditEvents.actorAccountId))
    .where(and(eq(auditEvents.schoolId, schoolId), eq(auditEvents.actorAccountId, accountId), gte(auditEvents.at, since)))
    .orderBy(asc(auditEvents.seq));
}

/** Every audit row since the moment on these entities (entity|id pairs), anyone's. */
async function stepsOn(db: Q, { schoolId, since, pairs }: {
  schoolId: string; since: Date; pairs: ReadonlyArray<[string, string]>;
}): Promise<AuditStep[]> {
  const out: AuditStep[] = [];
  for (let i = 0; i < pairs.length; i += 500) {
    const chunk = pairs.slice(i, i + 500);
    const list = sql.join(chunk.map(([e, id]) => sql`(${e}, ${id})`), sql`, `);
    out.push(...await db.select(stepColumns).from(auditEvents)
      .leftJoin(accounts, eq(accounts.id, auditEvents.actorAccountId))
      .where(and(eq(auditEvents.schoolId, schoolId), gte(auditEvents.at, since), sql`(${auditEvents.entity}, ${auditEvents.entityId}) in (${list})`)));
  }
  return out;
}

/** The account's changes since the moment as units, each with its status (see planUnits). */
export async function loadUnits(db: Q, p: { schoolId: string; accountId: string; since: Date }): Promise<Unit[]> {
  const mine = await accountSteps(db, p);
  const pairs = new Map<string, [string, string]>();
  for (const u of mine.flatMap(unitsOf)) {
    if (u.kind === 'manual') continue;
    for (const key of conflictKeys(u)) {
      const [entity, entityId] = key.split('|');
      pairs.set(`${entity}|${entityId}`, [entity!, entityId!]);
    }
  }
  const all = pairs.size > 0 ? await stepsOn(db, { schoolId: p.schoolId, since: p.since, pairs: [...pairs.values()] }) : [];
  return planUnits(p.accountId, mine, all);
}

/** Names for the list: lessons (class, subject, date, number), groups, periods, students, cards and orders by id. */
export type Names = {
  lessons: Map<string, { groupId: string; date: string; lessonNumber: number }>;
  groups: Map<string, string>;
  periods: Map<string, string>;
  people: Map<string, string>;
  orders: Map<string, string>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ids = (xs: Iterable<string | undefined>) => [...new Set([...xs].filter((x): x is string => x !== undefined && UUID.test(x)))];

/** «Математика» → «математика», but «ИЗО» stays. */
const lowerFirst = (s: string) => (s.length > 1 && s[1] === s[1]!.toLowerCase() ? s[0]!.toLowerCase() + s.slice(1) : s);

export async function namesFor(db: Q, { schoolId, units }: { schoolId: string; units: readonly Unit[] }): Promise<Names> {
  const parts = units.map((u) => ({ u, p: u.entityId.split(':') }));
  const lessonIds = ids(parts.filter(({ u }) => u.entity !== 'period_mark' && u.entity !== 'order' && !(u.entity in PEOPLE)).map(({ p }) => p[0]));
  const lessonRows = lessonIds.length === 0 ? [] : await db
    .select({ id: lessons.id, groupId: lessons.groupId, date: lessons.date, lessonNumber: lessons.lessonNumber })
    .from(lessons).where(and(eq(lessons.schoolId, schoolId), inArray(lessons.id, lessonIds)));
  const groupIds = ids([...lessonRows.map((l) => l.groupId), ...parts.filter(({ u }) => u.entity === 'period_mark').map(({ p }) => p[0])]);
  const groupRows = groupIds.length === 0 ? [] : await db
    .select({ id: teachingGroups.id, name: teachingGroups.name, className: schoolClasses.name, subject: subjects.name })
    .from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(teachingGroups.schoolId, schoolId), inArray(teachingGroups.id, groupIds)));
  const periodIds = ids(parts.filter(({ u }) => u.entity === 'period_mark').map(({ p }) => p[3]));
  const periodRows = periodIds.length === 0 ? [] : await db.select({ id: periods.id, name: periods.name }).from(periods)
    .where(and(eq(periods.schoolId, schoolId), inArray(periods.id, periodIds)));
  // A card's own id; the student of a cell (…:student…); both of a parent link.
  const personIds = ids(parts.flatMap(({ u, p }) => (u.entity in PEOPLE ? [p[0]]
    : u.entity === 'period_mark' || u.entity === 'student_guardian' ? [p[0], p[1]] : [p[1]])));
  const people = new Map<string, string>();
  if (personIds.length > 0) {
    for (const t of [students, guardians, staff]) {
      const rows = await db.select({ id: t.id, name: sql<string>`concat_ws(' ', ${t.lastName}, ${t.firstName})` }).from(t)
        .where(and(eq(t.schoolId, schoolId), inArray(t.id, personIds)));
      for (const r of rows) people.set(r.id, r.name);
    }
  }
  const orderIds = ids(units.filter((u) => u.entity === 'order').map((u) => u.entityId));
  const orderRows = orderIds.length === 0 ? [] : await db.select({ id: orders.id, number: orders.number }).from(orders)
    .where(and(eq(orders.schoolId, schoolId), inArray(orders.id, orderIds)));
  return {
    lessons: new Map(lessonRows.map((l) => [l.id, { groupId: l.groupId, date: l.date, lessonNumber: l.lessonNumber }])),
    groups: new Map(groupRows.map((g) => [g.id, g.className ? `${g.className}, ${lowerFirst(g.subject)}` : `${g.name}, ${lowerFirst(g.subject)}`])),
    periods: new Map(periodRows.map((p) => [p.id, p.name])),
    people,
    orders: new Map(orderRows.map((o) => [o.id, o.number])),
  };
}

/** The entities that are person cards, with the page of each. */
export const PEOPLE: Record<string, { title: string; href: (id: string) => string }> = {
  student: { title: 'Карточка обучающегося', href: (id) => `/people/students/${id}` },
  guardian: { title: 'Карточка родителя', href: (id) => `/people/guardians/${id}` },
  staff: { title: 'Карточка сотрудника', href: (id) => `/people/staff/${id}` },
};
