// Builds a whole school from a plain description: used by the demo seed and by test fixtures.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { accounts, memberships } from '../../modules/accounts/schema.ts';
import { classMemberships, orderItems, orders } from '../../modules/contingent/schema.ts';
import { guardians, staff, studentGuardians, students } from '../../modules/people/schema.ts';
import { schools } from '../../modules/platform/schema.ts';
import {
  academicYears, bells, bellSchedules, holidays, periods, periodSchemes, schoolClasses, subjects, transferredDays,
} from '../../modules/setup/schema.ts';

/** snils: 11 digits (the sign-in through a provider links by it, README). */
type Person = {
  lastName: string; firstName: string; middleName?: string | null; sex?: 'м' | 'ж' | null; birthDate?: string | null; snils?: string | null;
};
type Login = { login?: string; roles?: string[] };

export type SchoolSpec = {
  school: { name: string; address?: string; collectContacts?: boolean };
  year: {
    name: string; startsOn: string; endsOn: string;
    schemes: Array<{ key: string; name: string; kind: string; periods: Array<{ name: string; startsOn: string; endsOn: string }> }>;
    holidays: Array<{ name: string; kind: 'vacation' | 'holiday' | 'dayoff'; startsOn: string; endsOn: string; grades?: number[] }>;
    transfers: Array<{ date: string; worksAs: number; note?: string }>;
  };
  bellSchedules: Array<{ shift: number; name: string; bells: Array<[string, string]> }>;
  subjects: Array<{ name: string; shortName: string; area?: string }>;
  staff: Array<Person & Login & { key: string; position?: string; category?: string; rank?: string; diplomaSpecialty?: string }>;
  classes: Array<{ key: string; grade: number | null; letter?: string | null; name?: string; shift?: number; scheme: string; classTeacher?: string }>;
  guardians: Array<Person & Login & { key: string; phone?: string; email?: string }>;
  students: Array<Person & Login & { key: string; classKey: string; personalFileNo: string; guardians: Array<{ key: string; relation: string }> }>;
  /** The order that enrolled the initial contingent. */
  initialOrder: { number: string; date: string; title: string };
};

export type BuiltSchool = {
  schoolId: string;
  yearId: string;
  schemes: Map<string, { id: string; periodIds: string[] }>;
  staff: Map<string, string>;
  classes: Map<string, string>;
  students: Map<string, string>;
  guardians: Map<string, string>;
  subjects: Map<string, string>;
};

const chunk = <T>(xs: T[], n = 500): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

async function insertMany<T>(tx: Tx, table: Parameters<Tx['insert']>[0], rows: T[]): Promise<void> {
  for (const part of chunk(rows)) if (part.length) await tx.insert(table).values(part as never);
}

/** One account per login, shared between schools (a teacher in two schools). */
async function accountFor(tx: Tx, login: string, fullName: string, passwordHash: string): Promise<string> {
  const [found] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login));
  if (found) return found.id;
  const [row] = await tx.insert(accounts).values({ login, fullName, passwordHash }).returning({ id: accounts.id });
  return row!.id;
}

const fio = (p: Person) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const uuid = () => crypto.randomUUID();

export async function buildSchool(db: Db, spec: SchoolSpec, passwordHash: string): Promise<BuiltSchool> {
  return db.transaction(async (tx) => {
    const [school] = await tx.insert(schools).values({
      name: spec.school.name, address: spec.school.address ?? null, collectContacts: spec.school.collectContacts ?? false,
    }).returning({ id: schools.id });
    const schoolId = school!.id;
    const yearId = uuid();
    await tx.insert(academicYears).values({ schoolId, id: yearId, name: spec.year.name, startsOn: spec.year.startsOn, endsOn: spec.year.endsOn });

    const schemes = new Map<string, { id: string; periodIds: string[] }>();
    for (const s of spec.year.schemes) {
      const id = uuid();
      await tx.insert(periodSchemes).values({ schoolId, id, yearId, name: s.name, kind: s.kind });
      const periodIds = s.periods.map(() => uuid());
      await insertMany(tx, periods, s.periods.map((p, i) => ({ schoolId, id: periodIds[i]!, schemeId: id, ordinal: i + 1, ...p })));
      schemes.set(s.key, { id, periodIds });
    }
    await insertMany(tx, holidays, spec.year.holidays.map((h) => ({ schoolId, yearId, ...h, grades: h.grades ?? null })));
    await insertMany(tx, transferredDays, spec.year.transfers.map((d) => ({ schoolId, yearId, ...d, note: d.note ?? null })));
    for (const b of spec.bellSchedules) {
      const id = uuid();
      await tx.insert(bellSchedules).values({ schoolId, id, name: b.name, shift: b.shift });
      await insertMany(tx, bells, b.bells.map(([startsAt, endsAt], i) => ({ schoolId, scheduleId: id, lessonNumber: i + 1, startsAt, endsAt })));
    }
    const subjectIds = new Map(spec.subjects.map((s) => [s.name, uuid()]));
    await insertMany(tx, subjects, spec.subjects.map((s) => ({ schoolId, id: subjectIds.get(s.name)!, ...s, area: s.area ?? null })));

    const staffIds = new Map(spec.staff.map((s) => [s.key, uuid()]));
    await insertMany(tx, staff, spec.staff.map(({ key, login: _l, roles: _r, ...card }) => ({ schoolId, id: staffIds.get(key)!, ...card })));
    const classIds = new Map(spec.classes.map((c) => [c.key, uuid()]));
    await insertMany(tx, schoolClasses, spec.classes.map((c) => ({
      schoolId, id: classIds.get(c.key)!, yearId, grade: c.grade, letter: c.letter ?? null,
      name: c.name ?? `${c.grade}${c.letter ?? ''}`, shift: c.shift ?? 1, schemeId: schemes.get(c.scheme)!.id,
      classTeacherId: c.classTeacher ? staffIds.get(c.classTeacher)! : null,
    })));
    const guardianIds = new Map(spec.guardians.map((g) => [g.key, uuid()]));
    await insertMany(tx, guardians, spec.guardians.map(({ key, login: _l, roles: _r, ...card }) => ({ schoolId, id: guardianIds.get(key)!, ...card })));
    const studentIds = new Map(spec.students.map((s) => [s.key, uuid()]));
    await insertMany(tx, students, spec.students.map(({ key, login: _l, roles: _r, classKey: _c, guardians: _g, ...card }) => ({ schoolId, id: studentIds.get(key)!, ...card })));
    await insertMany(tx, studentGuardians, spec.students.flatMap((s) => s.guardians.map((g) => ({
      schoolId, studentId: studentIds.get(s.key)!, guardianId: guardianIds.get(g.key)!, relation: g.relation,
    }))));

    const orderId = uuid();
    await tx.insert(orders).values({ schoolId, id: orderId, number: spec.initialOrder.number, date: spec.initialOrder.date, kind: 'enrolment', title: spec.initialOrder.title });
    const items = spec.students.map((s) => ({ schoolId, id: uuid(), orderId, studentId: studentIds.get(s.key)!, toClassId: classIds.get(s.classKey)!, effectiveOn: spec.initialOrder.date }));
    await insertMany(tx, orderItems, items);
    await insertMany(tx, classMemberships, items.map((i) => ({ schoolId, studentId: i.studentId, classId: i.toClassId, startsOn: i.effectiveOn, startItemId: i.id })));

    const people = [
      ...spec.staff.map((p) => ({ p, link: { staffId: staffIds.get(p.key)! }, roles: p.roles ?? ['teacher'] })),
      ...spec.guardians.map((p) => ({ p, link: { guardianId: guardianIds.get(p.key)! }, roles: p.roles ?? ['parent'] })),
      ...spec.students.map((p) => ({ p, link: { studentId: studentIds.get(p.key)! }, roles: p.roles ?? ['student'] })),
    ];
    // One membership per account and school: a teacher who is also a parent here gets both roles and both links.
    const byLogin = new Map<string, { name: string; roles: Set<string>; link: Record<string, string> }>();
    for (const { p, link, roles } of people) {
      if (!p.login) continue;
      const m = byLogin.get(p.login) ?? { name: fio(p), roles: new Set<string>(), link: {} };
      roles.forEach((r) => m.roles.add(r));
      Object.assign(m.link, link);
      byLogin.set(p.login, m);
    }
    for (const [login, m] of byLogin) {
      const accountId = await accountFor(tx, login, m.name, passwordHash);
      await tx.insert(memberships).values({ schoolId, accountId, roles: [...m.roles], ...m.link });
    }
    return { schoolId, yearId, schemes, staff: staffIds, classes: classIds, students: studentIds, guardians: guardianIds, subjects: subjectIds };
  });
}
