// Student cards: the admin and the secretary keep all of them, the deputy reads them, a class teacher keeps their class's.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { consentSummary, contactRefusals } from '../consents/queries.ts';
import { keepsConsents, NO_CONSENT_NEW_STUDENT } from '../consents/rules.ts';
import { classesOfYear } from '../setup/lookups.ts';
import { idParams, studentForm, studentListQuery, type StudentInput } from './forms.ts';
import { collectsContacts, LIST_LIMIT, schoolToday, SNILS_TAKEN, snilsTaken } from './queries.ts';
import { createStudent, DuplicateFileNoError, getStudent, listStudents, studentCard, updateStudent } from './queries-students.ts';
import { again, asValues, here, rightsOnStudent, type Here } from './routes-scope.ts';
import { classStatusLabel, END_KIND_TITLES, fullName, SEXES } from './rules.ts';

const DUPLICATE_FILE_NO = { personalFileNo: 'Такой номер личного дела уже есть в школе. Проверьте номер.' };
const READERS = ['admin', 'deputy', 'secretary', 'classTeacher'] as const;
const KEEPERS = ['admin', 'secretary', 'classTeacher'] as const;

export function registerStudentRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  /** Enrolment is an order of the contingent book: link to it once that module is there. */
  const contingentLink = () => (app.hasRoute({ method: 'GET', url: '/contingent' }) ? '/contingent' : null);

  async function formContext(h: Here) {
    const [t, contacts] = await Promise.all([schoolToday(db, h.schoolId, h.today), collectsContacts(db, h.schoolId)]);
    return { schema: studentForm({ today: h.today, yearStartsOn: t.yearStartsOn, contacts }), contacts };
  }

  /** The student, when the actor may keep this card (write); undefined answers 404. */
  async function keptStudent(request: FastifyRequest) {
    const h = here(request);
    const params = idParams.safeParse(request.params);
    if (!params.success) return undefined;
    const card = await getStudent(db, { schoolId: h.schoolId, id: params.data.id });
    if (!card || (await rightsOnStudent(db, h, card.id)) !== 'write') return undefined;
    return { h, card };
  }

  app.get('/people/students', { config: { access: ['admin', 'deputy', 'secretary'] } }, async (request, reply) => {
    const h = here(request);
    const query = studentListQuery.parse(request.query ?? {});
    const t = await schoolToday(db, h.schoolId, h.today);
    const classes = t.year ? await classesOfYear(db, { schoolId: h.schoolId, yearId: t.year.id }) : [];
    const classId = classes.some((c) => c.id === query.class) ? query.class : undefined;
    const rows = await listStudents(db, { schoolId: h.schoolId, q: query.q, classId, today: h.today });
    return reply.page('people/student-list', {
      title: 'Обучающиеся', q: query.q, classId: classId ?? '', classes, more: rows.length > LIST_LIMIT,
      students: rows.slice(0, LIST_LIMIT).map((s) => ({ ...s, status: classStatusLabel(s.currentClass, Boolean(s.everEnrolled), s.sex) })),
      canCreate: h.roles.includes('admin') || h.roles.includes('secretary'), fullName, ruDate,
    });
  });

  app.get('/people/students/new', { config: { access: ['admin', 'secretary'] } }, async (request, reply) => {
    const { contacts } = await formContext(here(request));
    return reply.page('people/student-form', { title: 'Новый обучающийся', action: '/people/students', contacts, sexes: SEXES, contingentLink: contingentLink(), values: {}, errors: {} });
  });

  app.post('/people/students', { config: { access: ['admin', 'secretary'] } }, async (request, reply) => {
    const { schema, contacts } = await formContext(here(request));
    const page = { title: 'Новый обучающийся', action: '/people/students', contacts, sexes: SEXES, contingentLink: contingentLink() };
    const form = parseForm(schema, request.body);
    if (!form.ok) return again(reply, 'people/student-form', page, form.values, form.errors);
    if (await snilsTaken(db, { schoolId: here(request).schoolId, kind: 'student', snils: (form.data as StudentInput).snils })) {
      return again(reply, 'people/student-form', page, keepValues(request.body), SNILS_TAKEN);
    }
    const refused = await contactRefusals(db, here(request).schoolId, null, form.data, null, here(request).today, NO_CONSENT_NEW_STUDENT);
    if (Object.keys(refused).length) return again(reply, 'people/student-form', page, keepValues(request.body), refused);
    try {
      const id = await createStudent(db, auditContext(request), form.data as StudentInput);
      flash(reply, 'ok', `Карточка обучающегося создана: ${fullName(form.data)}. Зачисление в класс — приказом в книге движения.`);
      return reply.redirect(`/people/students/${id}`, 303);
    } catch (err) {
      if (err instanceof DuplicateFileNoError) return again(reply, 'people/student-form', page, keepValues(request.body), DUPLICATE_FILE_NO);
      throw err;
    }
  });

  app.get('/people/students/:id', { config: { access: [...READERS] } }, async (request, reply) => {
    const h = here(request);
    const params = idParams.safeParse(request.params);
    const found = params.success ? await studentCard(db, { schoolId: h.schoolId, id: params.data.id }) : undefined;
    const rights = found ? await rightsOnStudent(db, h, found.card.id) : 'none';
    if (!found || rights === 'none') return notFound(reply);
    return reply.page('people/student-card', {
      title: fullName(found.card), ...found, contacts: await collectsContacts(db, h.schoolId), canEdit: rights === 'write',
      consent: await consentSummary(db, h.schoolId, { kind: 'student', id: found.card.id }, h.today), canConsent: keepsConsents(h.roles),
      contingentLink: contingentLink(), endKinds: END_KIND_TITLES, fullName, ruDate,
      // The student's report (reports/student): the deputy, the admin, the class teacher of the class — not the secretary.
      reportLink: h.roles.some((r) => r === 'deputy' || r === 'admin' || r === 'classTeacher') ? `/reports/students/${found.card.id}` : null,
    });
  });

  app.get('/people/students/:id/edit', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const kept = await keptStudent(request);
    if (!kept) return notFound(reply);
    const { contacts } = await formContext(kept.h);
    return reply.page('people/student-form', {
      title: fullName(kept.card), action: `/people/students/${kept.card.id}`, card: kept.card, contacts, sexes: SEXES, values: asValues(kept.card), errors: {},
    });
  });

  app.post('/people/students/:id', { config: { access: [...KEEPERS] } }, async (request, reply) => {
    const kept = await keptStudent(request);
    if (!kept) return notFound(reply);
    const { schema, contacts } = await formContext(kept.h);
    const page = { title: fullName(kept.card), action: `/people/students/${kept.card.id}`, card: kept.card, contacts, sexes: SEXES };
    const form = parseForm(schema, request.body);
    if (!form.ok) return again(reply, 'people/student-form', page, form.values, form.errors);
    const snils = (form.data as StudentInput).snils;
    if (await snilsTaken(db, { schoolId: kept.h.schoolId, kind: 'student', snils, exceptId: kept.card.id })) {
      return again(reply, 'people/student-form', page, keepValues(request.body), SNILS_TAKEN);
    }
    const refused = await contactRefusals(db, kept.h.schoolId, { kind: 'student', id: kept.card.id }, form.data, kept.card, kept.h.today);
    if (Object.keys(refused).length) return again(reply, 'people/student-form', page, keepValues(request.body), refused);
    try {
      const changed = await updateStudent(db, auditContext(request), kept.card.id, form.data as StudentInput);
      if (changed === undefined) return notFound(reply);
      flash(reply, 'ok', changed ? 'Данные обучающегося сохранены.' : 'Изменений нет.');
      return reply.redirect(`/people/students/${kept.card.id}`, 303);
    } catch (err) {
      if (err instanceof DuplicateFileNoError) return again(reply, 'people/student-form', page, keepValues(request.body), DUPLICATE_FILE_NO);
      throw err;
    }
  });
}
