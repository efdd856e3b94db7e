// Accounts of a class: the class teacher (or the admin) issues accounts to students and guardians and prints slips.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { requestFacts } from '../../web/actor.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { classesLedBy, classesOfYear, currentYear, getClass } from '../setup/lookups.ts';
import { classRoster, missingAccounts, rosterHasMember, type RosterStudent } from './class-queries.ts';
import { getMember } from './members.ts';
import { loadAccountFacts } from './queries.ts';
import { canManageClassAccounts } from './provision-rules.ts';
import { issueAccounts, resetPassword, type AccountRequest } from './provisioning.ts';
import { credentialOf, renderSlips, slipsFor } from './slips.ts';

const classParams = z.object({ classId: z.uuid() });
const memberParams = z.object({ classId: z.uuid(), membershipId: z.uuid() });
const ACCESS = { access: ['admin', 'classTeacher'] as const };

/** The class named in the URL when this actor manages its accounts; undefined answers 404. */
async function classInScope(db: Db, request: FastifyRequest, classId: string) {
  const actor = request.actor!;
  const schoolId = request.school.id;
  const [cls, year] = await Promise.all([getClass(db, { schoolId, classId }), currentYear(db, { schoolId, date: todayOf(request) })]);
  if (!cls) return undefined;
  const facts = { isAdmin: actor.roles.includes('admin'), staffId: actor.person.staffId, currentYearId: year?.id ?? null };
  return canManageClassAccounts(facts, cls) ? cls : undefined;
}

/** Everyone of the roster without an account, families together: a student, then their guardians (each once). */
export function accountRequests(roster: readonly RosterStudent[]): AccountRequest[] {
  const out: AccountRequest[] = [];
  const seen = new Set<string>();
  for (const s of roster) {
    if (!s.account) out.push({ person: { kind: 'student', ...pick(s) }, roles: ['student'] });
    for (const g of s.guardians) {
      if (g.account || seen.has(g.id)) continue;
      seen.add(g.id);
      out.push({ person: { kind: 'guardian', ...pick(g) }, roles: ['parent'] });
    }
  }
  return out;
}

const pick = (p: { id: string; lastName: string; firstName: string; middleName: string | null }) =>
  ({ id: p.id, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName });

/**
 * A parent of the class may also be staff (an admin, a deputy) here or in another school, or an operator: the
 * password is the account's, so a class teacher resets only accounts that are nothing but a student or a parent.
 */
async function familyOnly(db: Db, accountId: string): Promise<boolean> {
  const facts = await loadAccountFacts(db, accountId);
  return !!facts && !facts.isOperator && facts.memberships.every((m) => m.roles.every((r) => r === 'student' || r === 'parent'));
}

export function registerClassAccountRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.get('/accounts/classes', { config: ACCESS }, async (request, reply) => {
    const actor = request.actor!;
    const schoolId = request.school.id;
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    const classes = !year ? []
      : actor.roles.includes('admin') ? await classesOfYear(db, { schoolId, yearId: year.id })
        : actor.person.staffId ? await classesLedBy(db, { schoolId, staffId: actor.person.staffId, yearId: year.id }) : [];
    return reply.page('accounts/classes', { title: 'Учётные записи класса', year: year ?? null, classes, showTabs: actor.roles.includes('admin') });
  });

  app.get('/accounts/classes/:classId', { config: ACCESS }, async (request, reply) => {
    const params = classParams.safeParse(request.params);
    const cls = params.success ? await classInScope(db, request, params.data.classId) : undefined;
    if (!cls) return notFound(reply);
    const roster = await classRoster(db, { schoolId: request.school.id, classId: cls.id, today: todayOf(request) });
    return reply.page('accounts/class', { title: `Учётные записи: ${cls.name}`, cls, roster, missing: missingAccounts(roster) });
  });

  // argon2 for every new account: `tx: 'manual'`, the reads and the rendering each in a short transaction of the school.
  app.post('/accounts/classes/:classId/accounts', { config: { ...ACCESS, tx: 'manual' } }, async (request, reply) => {
    const params = classParams.safeParse(request.params);
    const schoolId = request.school.id;
    const cls = params.success ? await request.inSchool(() => classInScope(db, request, params.data.classId)) : undefined;
    if (!cls) return notFound(reply);
    const requests = accountRequests(await request.inSchool(() => classRoster(db, { schoolId, classId: cls.id, today: todayOf(request) })));
    const created = requests.length === 0 ? [] : await issueAccounts(db, auditContext(request), requests);
    if (created.length === 0) {
      flash(reply, 'ok', 'Создавать нечего: у всех обучающихся класса и их родителей уже есть учётные записи.');
      return reply.redirect(`/accounts/classes/${cls.id}`, 303);
    }
    return request.inSchool(async () => renderSlips(db, request, reply, {
      title: `Бланки паролей: ${cls.name}`, slips: await slipsFor(db, schoolId, created, todayOf(request)),
      back: { href: `/accounts/classes/${cls.id}`, label: `К учётным записям ${cls.name}` },
      note: `Создано учётных записей: ${created.length}.`,
    }));
  });

  app.post('/accounts/classes/:classId/reset/:membershipId', { config: { ...ACCESS, tx: 'manual' } }, async (request, reply) => {
    const params = memberParams.safeParse(request.params);
    const schoolId = request.school.id;
    const found = !params.success ? undefined : await request.inSchool(async () => {
      const cls = await classInScope(db, request, params.data.classId);
      if (!cls) return undefined;
      const roster = await classRoster(db, { schoolId, classId: cls.id, today: todayOf(request) });
      const member = rosterHasMember(roster, params.data.membershipId) ? await getMember(db, { schoolId, membershipId: params.data.membershipId }) : undefined;
      if (!member || (!request.actor!.roles.includes('admin') && !(await familyOnly(db, member.accountId)))) return undefined;
      return { cls, member };
    });
    if (!found) return notFound(reply);
    const { cls, member } = found;
    const reset = await resetPassword(db, auditContext(request), requestFacts(request), { membershipId: member.id, accountId: member.accountId, login: member.login }, request.actor!.login);
    if (!reset.ok) {
      flash(reply, 'error', reset.message);
      return reply.redirect(`/accounts/classes/${cls.id}`, 303);
    }
    return request.inSchool(async () => renderSlips(db, request, reply, {
      title: `Новый пароль: ${member.fullName}`, slips: await slipsFor(db, schoolId, [credentialOf(member, reset)], todayOf(request)),
      back: { href: `/accounts/classes/${cls.id}`, label: `К учётным записям ${cls.name}` },
      note: 'Пароль сброшен, все сеансы этой учётной записи завершены.',
    }));
  });
}
