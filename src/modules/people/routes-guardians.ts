// Guardians: created and linked from a student's card, found by name, edited on their own card (with all their children).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { guardianForm, idParams, linkGuardianForm, linkParams, newGuardianForm, searchQuery, type GuardianInput } from './forms.ts';
import { collectsContacts, LIST_LIMIT, SNILS_TAKEN, snilsTaken } from './queries.ts';
import {
  childrenOf, createGuardianFor, getGuardian, getLink, linkGuardian, searchGuardians, unlinkGuardian, updateGuardian,
} from './queries-guardians.ts';
import { getStudent } from './queries-students.ts';
import { consentSummary, contactRefusals } from '../consents/queries.ts';
import { keepsConsents, NEW_GUARDIAN_PURPOSES, NO_CONSENT_NEW_GUARDIAN } from '../consents/rules.ts';
import { again, asValues, here, ownClassScope, rightsOnGuardian, rightsOnStudent, type Here } from './routes-scope.ts';
import { fullName, RELATIONS, SEXES } from './rules.ts';

const KEEPERS = ['admin', 'secretary', 'classTeacher'] as const;

export function registerGuardianRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  /** The student whose guardians the actor may change (their card is kept by the actor); undefined answers 404. */
  async function keptStudent(request: FastifyRequest) {
    const h = here(request);
    const params = idParams.safeParse(request.params);
    const card = params.success ? await getStudent(db, { schoolId: h.schoolId, id: params.data.id }) : undefined;
    if (!card || (await rightsOnStudent(db, h, card.id)) !== 'write') return undefined;
    return { h, student: card };
  }

  /** Guardians found by name, with their children; a class teacher finds only the families of their own class. */
  async function found(h: Here, q: string) {
    if (!q) return { guardians: [], more: false };
    const scope = await ownClassScope(db, h);
    const rows = await searchGuardians(db, { schoolId: h.schoolId, q, scope: scope ? { classIds: scope, date: h.today } : undefined });
    const kids = await childrenOf(db, { schoolId: h.schoolId, guardianIds: rows.map((g) => g.id), today: h.today });
    const visible = kids.filter((k) => !scope || (k.classId !== null && scope.includes(k.classId)));
    return {
      guardians: rows.slice(0, LIST_LIMIT).map((g) => ({ ...g, children: visible.filter((k) => k.guardianId === g.id) })),
      more: rows.length > LIST_LIMIT,
    };
  }

  async function newGuardianPage(h: Here, student: { id: string; lastName: string; firstName: string; middleName: string | null }, q: string) {
    return {
      title: 'Родитель (законный представитель)', student, q, ...(await found(h, q)), contacts: await collectsContacts(db, h.schoolId),
      relations: RELATIONS, sexes: SEXES, fullName,
    };
  }

  app.get('/people/guardians', { config: { access: ['admin', 'deputy', 'secretary'] } }, async (request, reply) => {
    const h = here(request);
    const { q } = searchQuery.parse(request.query ?? {});
    return reply.page('people/guardian-list', { title: 'Родители', q, ...(await found(h, q)), contacts: await collectsContacts(db, h.schoolId), fullName });
  });

  app.get('/people/students/:id/guardians/new', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const kept = await keptStudent(request);
    if (!kept) return notFound(reply);
    const { q } = searchQuery.parse(request.query ?? {});
    return reply.page('people/guardian-new', { ...(await newGuardianPage(kept.h, kept.student, q)), values: {}, errors: {} });
  });

  app.post('/people/students/:id/guardians', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const kept = await keptStudent(request);
    if (!kept) return notFound(reply);
    const contacts = await collectsContacts(db, kept.h.schoolId);
    const form = parseForm(newGuardianForm({ today: kept.h.today, contacts }), request.body);
    if (!form.ok) return again(reply, 'people/guardian-new', await newGuardianPage(kept.h, kept.student, ''), form.values, form.errors);
    if (await snilsTaken(db, { schoolId: kept.h.schoolId, kind: 'guardian', snils: form.data.snils })) {
      return again(reply, 'people/guardian-new', await newGuardianPage(kept.h, kept.student, ''), keepValues(request.body), SNILS_TAKEN);
    }
    const { consentDocument, ...input } = form.data;
    // Contacts of a new guardian only with the consent document given with the card (152-ФЗ).
    const refused = consentDocument
      ? {}
      : await contactRefusals(db, kept.h.schoolId, null, input, null, kept.h.today, NO_CONSENT_NEW_GUARDIAN);
    if (Object.keys(refused).length) {
      return again(reply, 'people/guardian-new', await newGuardianPage(kept.h, kept.student, ''), keepValues(request.body), refused);
    }
    const consent = consentDocument ? { givenOn: kept.h.today, document: consentDocument, purposes: NEW_GUARDIAN_PURPOSES } : null;
    const card = input as GuardianInput & { relation: (typeof RELATIONS)[number] };
    await createGuardianFor(db, auditContext(request), kept.student.id, card, consent);
    flash(reply, 'ok', `Добавлен(а) ${form.data.relation}: ${fullName(form.data)}.`);
    return reply.redirect(`/people/students/${kept.student.id}`, 303);
  });

  app.post('/people/students/:id/guardians/link', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const kept = await keptStudent(request);
    if (!kept) return notFound(reply);
    const form = parseForm(linkGuardianForm, request.body);
    const guardian = form.ok ? await getGuardian(db, { schoolId: kept.h.schoolId, id: form.data.guardianId }) : undefined;
    // A class teacher links only a guardian of their own class (a sibling's parent); others answer 404 like a foreign id.
    if (form.ok && (!guardian || (await rightsOnGuardian(db, kept.h, guardian.id)) !== 'write')) return notFound(reply);
    if (!form.ok) return again(reply, 'people/guardian-new', await newGuardianPage(kept.h, kept.student, searchQuery.parse(form.values).q), form.values, form.errors);
    const changed = await linkGuardian(db, auditContext(request), { studentId: kept.student.id, guardianId: guardian!.id, relation: form.data.relation });
    flash(reply, 'ok', changed ? `Связан(а) с обучающимся: ${fullName(guardian!)} (${form.data.relation}).` : 'Эта связь уже есть.');
    return reply.redirect(`/people/students/${kept.student.id}`, 303);
  });

  app.post('/people/students/:id/guardians/:guardianId/unlink', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const kept = await keptStudent(request);
    const params = linkParams.safeParse(request.params);
    if (!kept || !params.success) return notFound(reply);
    const link = await getLink(db, { schoolId: kept.h.schoolId, studentId: kept.student.id, guardianId: params.data.guardianId });
    if (!link) return notFound(reply);
    await unlinkGuardian(db, auditContext(request), { studentId: kept.student.id, guardianId: link.guardianId });
    flash(reply, 'ok', 'Связь с родителем удалена. Карточка родителя сохранена.');
    return reply.redirect(`/people/students/${kept.student.id}`, 303);
  });

  registerGuardianCardRoutes(app, db);
}

function registerGuardianCardRoutes(app: FastifyInstance, db: Db): void {
  async function guardianFor(request: FastifyRequest) {
    const h = here(request);
    const params = idParams.safeParse(request.params);
    const card = params.success ? await getGuardian(db, { schoolId: h.schoolId, id: params.data.id }) : undefined;
    const rights = card ? await rightsOnGuardian(db, h, card.id) : 'none';
    return card && rights !== 'none' ? { h, card, rights } : undefined;
  }

  app.get('/people/guardians/:id', { config: { access: ['admin', 'deputy', 'secretary', 'classTeacher'] } }, async (request, reply) => {
    const g = await guardianFor(request);
    if (!g) return notFound(reply);
    const scope = await ownClassScope(db, g.h);
    const kids = await childrenOf(db, { schoolId: g.h.schoolId, guardianIds: [g.card.id], today: g.h.today });
    return reply.page('people/guardian-card', {
      title: fullName(g.card), card: g.card, canEdit: g.rights === 'write', contacts: await collectsContacts(db, g.h.schoolId),
      consent: await consentSummary(db, g.h.schoolId, { kind: 'guardian', id: g.card.id }, g.h.today), canConsent: keepsConsents(g.h.roles),
      // A class teacher sees the children in their own class only.
      children: kids.filter((k) => !scope || (k.classId !== null && scope.includes(k.classId))), fullName, ruDate,
    });
  });

  app.get('/people/guardians/:id/edit', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const g = await guardianFor(request);
    if (!g || g.rights !== 'write') return notFound(reply);
    return reply.page('people/guardian-form', {
      title: fullName(g.card), card: g.card, contacts: await collectsContacts(db, g.h.schoolId), sexes: SEXES, values: asValues(g.card), errors: {},
    });
  });

  app.post('/people/guardians/:id', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const g = await guardianFor(request);
    if (!g || g.rights !== 'write') return notFound(reply);
    const contacts = await collectsContacts(db, g.h.schoolId);
    const form = parseForm(guardianForm({ today: g.h.today, contacts }), request.body);
    const page = { title: fullName(g.card), card: g.card, contacts, sexes: SEXES };
    if (!form.ok) return again(reply, 'people/guardian-form', page, form.values, form.errors);
    if (await snilsTaken(db, { schoolId: g.h.schoolId, kind: 'guardian', snils: form.data.snils, exceptId: g.card.id })) {
      return again(reply, 'people/guardian-form', page, keepValues(request.body), SNILS_TAKEN);
    }
    const refused = await contactRefusals(db, g.h.schoolId, { kind: 'guardian', id: g.card.id }, form.data, g.card, g.h.today);
    if (Object.keys(refused).length) return again(reply, 'people/guardian-form', page, keepValues(request.body), refused);
    const changed = await updateGuardian(db, auditContext(request), g.card.id, form.data as GuardianInput);
    if (changed === undefined) return notFound(reply);
    flash(reply, 'ok', changed ? 'Данные родителя сохранены.' : 'Изменений нет.');
    return reply.redirect(`/people/guardians/${g.card.id}`, 303);
  });
}
