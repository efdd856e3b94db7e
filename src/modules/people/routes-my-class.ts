// «Мой класс»: the class teacher's list of their class as of a date (today by default), with guardians.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { statusesOf } from '../consents/queries.ts';
import { STATUS_LABELS } from '../consents/rules.ts';
import { myClassQuery } from './forms.ts';
import { collectsContacts, ledClasses } from './queries.ts';
import { classListOn } from './queries-class-list.ts';
import { here } from './routes-scope.ts';
import { fullName, leftLabel } from './rules.ts';

export function registerMyClassRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/my-class', { config: { access: ['classTeacher'] } }, async (request, reply) => {
    const h = here(request);
    const query = myClassQuery.parse(request.query ?? {});
    const classes = await ledClasses(db, { schoolId: h.schoolId, staffId: h.staffId, today: h.today });
    if (query.class && !classes.some((c) => c.id === query.class)) return notFound(reply);
    const chosen = classes.find((c) => c.id === query.class) ?? (classes.length === 1 ? classes[0] : undefined);
    const base = { title: 'Мой класс', classes: classes.map((c) => ({ id: c.id, name: c.name })), fullName, ruDate };
    if (!chosen) return reply.page('people/my-class', { ...base, chosen: null, list: [], date: h.today });
    const date = query.date ?? h.today;
    const [list, contacts] = await Promise.all([
      classListOn(db, { schoolId: h.schoolId, classId: chosen.id, date }),
      collectsContacts(db, h.schoolId),
    ]);
    // A card opens only for a student who is in the class today (the class teacher's scope).
    const today = date === h.today ? list : await classListOn(db, { schoolId: h.schoolId, classId: chosen.id, date: h.today });
    const inClassToday = new Set(today.filter((s) => s.status === 'in').map((s) => s.id));
    // Who has no consent to the processing of personal data on file (read-only here; the secretary records them).
    const ids = { students: list.map((s) => s.id), guardians: list.flatMap((s) => s.guardians.map((g) => g.id)) };
    const consents = await statusesOf(db, h.schoolId, ids, h.today);
    const marked = list.map((s) => ({
      ...s, opens: inClassToday.has(s.id), statusText: s.status === 'left' ? leftLabel(s.sex, s.leftOn) : '',
      consent: consents.get(s.id) ?? 'none', guardians: s.guardians.map((g) => ({ ...g, consent: consents.get(g.id) ?? 'none' })),
    }));
    return reply.page('people/my-class', {
      ...base, chosen: { id: chosen.id, name: chosen.name }, date, isToday: date === h.today, contacts, list: marked,
      consentLabels: STATUS_LABELS,
      inCount: list.filter((s) => s.status === 'in').length,
      noConsent: marked.filter((s) => s.status === 'in' && s.consent !== 'current').length,
    });
  });
}
