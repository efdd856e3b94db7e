// Subjects (предметы) with short name and educational area: the list, create, edit.
import { isUniqueViolation } from '../../db/faults.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { subjectForm } from './forms.ts';
import { createSubject, getSubject, listSubjects, updateSubject } from './queries-classes.ts';
import { blankForm, idOf, READ, schoolIdOf, WRITE, type FormState, parseKeeping, page } from './routes-common.ts';

const duplicate = (name: string) => ({ name: `Предмет «${name}» уже есть.` });

export function registerSubjectRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function listPage(request: FastifyRequest, reply: FastifyReply, form = blankForm(), status = 200) {
    const subjects = await listSubjects(db, { schoolId: schoolIdOf(request) });
    const areas = [...new Set(subjects.map((s) => s.area).filter(Boolean))];
    return page(reply, 'subjects', { title: 'Предметы', subjects, areas, form }, status);
  }

  async function subjectOf(request: FastifyRequest) {
    const id = idOf(request);
    return id ? getSubject(db, { schoolId: schoolIdOf(request), subjectId: id }) : undefined;
  }
  type Subject = NonNullable<Awaited<ReturnType<typeof subjectOf>>>;
  function subjectPage(request: FastifyRequest, reply: FastifyReply, subject: Subject, form?: FormState, status = 200) {
    return page(reply, 'subject', {
      title: subject.name, subject, 
      form: form ?? blankForm({ name: subject.name, shortName: subject.shortName, area: subject.area ?? '' }),
    }, status);
  }

  app.get('/setup/subjects', READ, (request, reply) => listPage(request, reply));

  app.post('/setup/subjects', WRITE, async (request, reply) => {
    const form = parseKeeping(subjectForm, request.body);
    if (!form.ok) return listPage(request, reply, form, 422);
    try {
      await createSubject(db, auditContext(request), form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'subjects_name')) return listPage(request, reply, { values: form.values, errors: duplicate(form.data.name) }, 422);
      throw err;
    }
    flash(reply, 'ok', `Предмет «${form.data.name}» добавлен.`);
    return reply.redirect('/setup/subjects', 303);
  });

  app.get('/setup/subjects/:id', READ, async (request, reply) => {
    const subject = await subjectOf(request);
    return subject ? subjectPage(request, reply, subject) : notFound(reply);
  });

  app.post('/setup/subjects/:id', WRITE, async (request, reply) => {
    const subject = await subjectOf(request);
    if (!subject) return notFound(reply);
    const form = parseKeeping(subjectForm, request.body);
    if (!form.ok) return subjectPage(request, reply, subject, form, 422);
    try {
      await updateSubject(db, auditContext(request), subject.id, form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'subjects_name')) return subjectPage(request, reply, subject, { values: form.values, errors: duplicate(form.data.name) }, 422);
      throw err;
    }
    flash(reply, 'ok', `Предмет «${form.data.name}» сохранён.`);
    return reply.redirect('/setup/subjects', 303);
  });
}
