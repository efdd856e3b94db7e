// «Выгрузить данные»: one file with everything the school holds about a person (152-ФЗ art. 14) — for the secretary and the
// admin from a student's or guardian's card, and for a parent themself from /account («Мои данные»: their own and their
// children's). Every download writes an audit row.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext, writeAudit } from '../audit/queries.ts';
import { diaryChildren, fullChildName } from '../diary/access.ts';
import { getGuardian } from '../people/queries-guardians.ts';
import { fullName } from '../people/rules.ts';
import { personData } from './export-data.ts';
import { personZip, zipName } from './export-file.ts';
import { subjectKey, type Subject } from './queries.ts';
import { CONSENT_KEEPERS } from './rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sends the person's ZIP and audits the download (who, for whom, staff or self-service); 404 when there is no such person. */
async function sendPerson(db: Db, request: FastifyRequest, reply: FastifyReply, subject: Subject, by: 'staff' | 'self') {
  const today = todayOf(request);
  const data = await personData(db, request.school.id, subject, today);
  if (!data) return notFound(reply);
  const name = fullName(data.card as { lastName: string; firstName: string; middleName: string | null });
  const file = await personZip(data, { school: request.school.name, name, today });
  await writeAudit(db, auditContext(request), {
    entity: 'pd_export', entityId: subject.id, action: 'export', newValue: { subject: subjectKey(subject), by },
  });
  return reply.header('content-type', 'application/zip')
    .header('content-disposition', `attachment; filename="${zipName(subject.kind, today)}"`)
    .header('cache-control', 'no-store').send(file);
}

export function registerExportRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const staff = { config: { access: [...CONSENT_KEEPERS] } };
  for (const [kind, base] of [['student', '/people/students'], ['guardian', '/people/guardians']] as const) {
    app.get<{ Params: { id: string } }>(`${base}/:id/export`, staff, async (request, reply) => {
      if (!UUID.test(request.params.id)) return notFound(reply);
      return sendPerson(db, request, reply, { kind, id: request.params.id }, 'staff');
    });
  }

  const parent = { config: { access: ['parent'] as const } };
  /** The parent's own guardian card here and the children they read the diary of. */
  async function mine(request: FastifyRequest) {
    const guardianId = request.actor!.person.guardianId;
    if (!guardianId) return undefined;
    const children = (await diaryChildren(db, request.actor!.accountId))
      .filter((c) => c.schoolId === request.school.id && c.guardianId === guardianId);
    return { guardianId, children };
  }

  app.get('/account/personal-data', parent, async (request, reply) => {
    const my = await mine(request);
    const card = my ? await getGuardian(db, { schoolId: request.school.id, id: my.guardianId }) : undefined;
    if (!my || !card) return notFound(reply);
    return reply.page('consents/my-data', {
      title: 'Мои персональные данные', name: fullName(card),
      children: my.children.map((c) => ({ id: c.studentId, name: fullChildName(c), className: c.className })),
    });
  });

  app.get('/account/personal-data/me.zip', parent, async (request, reply) => {
    const my = await mine(request);
    return my ? sendPerson(db, request, reply, { kind: 'guardian', id: my.guardianId }, 'self') : notFound(reply);
  });

  app.get<{ Params: { studentId: string } }>('/account/personal-data/children/:studentId.zip', parent, async (request, reply) => {
    const my = await mine(request);
    // Only one's own child here: another family's (or another school's) child answers 404 like a missing one.
    if (!my || !my.children.some((c) => c.studentId === request.params.studentId)) return notFound(reply);
    return sendPerson(db, request, reply, { kind: 'student', id: request.params.studentId }, 'self');
  });
}
