// «Согласие на обработку персональных данных» of a student's and a guardian's card (the secretary and the admin): the
// history, recording a new consent, withdrawing one after a confirmation that says what will be erased.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext } from '../audit/queries.ts';
import { getGuardian } from '../people/queries-guardians.ts';
import { getStudent, guardiansOf } from '../people/queries-students.ts';
import { fullName } from '../people/rules.ts';
import { registerExportRoutes } from './routes-export.ts';
import { consentForm, consentParams, subjectParams, withdrawalForm } from './forms.ts';
import { consentHistory, getConsent, recordConsent, withdrawConsent, wouldErase, type Subject } from './queries.ts';
import {
  checkConsent, checkWithdrawal, CONSENT_KEEPERS, consentStatus, KEPT_BY_LAW, OPTIONAL_DATA, PURPOSE_KEYS, PURPOSES, STATUS_LABELS,
  studentSigner,
} from './rules.ts';

const BASE = { student: '/people/students', guardian: '/people/guardians' } as const;

/** The person of the URL in the request's school (a student with their guardians, or a guardian); undefined answers 404. */
type Signer = { id: string; name: string; relation: string };

export async function subjectOf(db: Db, request: FastifyRequest, kind: Subject['kind']) {
  const p = subjectParams.safeParse(request.params);
  if (!p.success) return undefined;
  const schoolId = request.school.id;
  if (kind === 'guardian') {
    const card = await getGuardian(db, { schoolId, id: p.data.id });
    return card ? { subject: { kind, id: card.id } as Subject, card, guardians: [] as Signer[] } : undefined;
  }
  const card = await getStudent(db, { schoolId, id: p.data.id });
  if (!card) return undefined;
  const family = await guardiansOf(db, { schoolId, studentId: card.id });
  const guardians: Signer[] = family.map((g) => ({ id: g.id, name: fullName(g), relation: g.relation }));
  return { subject: { kind, id: card.id } as Subject, card, guardians };
}
type Found = NonNullable<Awaited<ReturnType<typeof subjectOf>>>;

export function registerConsentRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const access = { config: { access: [...CONSENT_KEEPERS] } };
  registerExportRoutes(app, { db });

  type Typed = { values: Record<string, string | string[]>; errors: FieldErrors };
  async function page(request: FastifyRequest, reply: FastifyReply, f: Found, form?: Typed) {
    const today = todayOf(request);
    const history = await consentHistory(db, request.school.id, f.subject);
    const rule = f.subject.kind === 'student' ? studentSigner(f.card.birthDate, today) : null;
    return reply.page('consents/page', {
      title: `Согласие на обработку персональных данных: ${fullName(f.card)}`, name: fullName(f.card), kind: f.subject.kind,
      back: `${BASE[f.subject.kind]}/${f.card.id}`, action: `${BASE[f.subject.kind]}/${f.card.id}/consents`,
      status: STATUS_LABELS[consentStatus(history, today)], history, purposes: PURPOSES, purposeKeys: PURPOSE_KEYS, guardians: f.guardians,
      signer: rule?.signer ?? 'self', mayCosign: rule?.mayCosign ?? false, keptByLaw: KEPT_BY_LAW,
      values: form?.values ?? { givenOn: today, purposes: [] }, errors: form?.errors ?? {}, ruDate, fullName,
    }, form ? 422 : 200);
  }

  for (const kind of ['student', 'guardian'] as const) {
    const base = BASE[kind];

    app.get(`${base}/:id/consents`, access, async (request, reply) => {
      const f = await subjectOf(db, request, kind);
      return f ? page(request, reply, f) : notFound(reply);
    });

    app.post(`${base}/:id/consents`, access, async (request, reply) => {
      const f = await subjectOf(db, request, kind);
      if (!f) return notFound(reply);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { ...keepValues(body), purposes: consentForm.shape.purposes.parse(body.purposes) };
      const form = parseForm(consentForm, body);
      if (!form.ok) return page(request, reply, f, { values, errors: form.errors });
      const who = kind === 'student' ? { kind, birthDate: f.card.birthDate, guardianIds: f.guardians.map((g) => g.id) } : { kind };
      const errors = checkConsent(form.data, who, todayOf(request));
      if (Object.keys(errors).length) return page(request, reply, f, { values, errors: errors as FieldErrors });
      await recordConsent(db, auditContext(request), f.subject, form.data);
      flash(reply, 'ok', `Согласие записано: ${form.data.document}.`);
      return reply.redirect(`${base}/${f.card.id}/consents`, 303);
    });

    async function withdrawal(request: FastifyRequest) {
      const p = consentParams.safeParse(request.params);
      const f = p.success ? await subjectOf(db, request, kind) : undefined;
      const consent = f && p.success ? await getConsent(db, request.school.id, f.subject, p.data.consentId) : undefined;
      return f && consent ? { f, consent } : undefined;
    }

    async function withdrawPage(request: FastifyRequest, reply: FastifyReply, w: NonNullable<Awaited<ReturnType<typeof withdrawal>>>,
      form?: { values: Record<string, string>; errors: FieldErrors }) {
      const erased = await wouldErase(db, request.school.id, w.f.subject, w.consent.id, todayOf(request));
      return reply.page('consents/withdraw', {
        title: 'Отзыв согласия', name: fullName(w.f.card), consent: w.consent, purposes: PURPOSES, keptByLaw: KEPT_BY_LAW,
        erased: erased.map((k) => OPTIONAL_DATA[k].label), back: `${base}/${w.f.card.id}/consents`,
        action: `${base}/${w.f.card.id}/consents/${w.consent.id}/withdraw`,
        values: form?.values ?? { withdrawnOn: todayOf(request) }, errors: form?.errors ?? {}, ruDate,
      }, form ? 422 : 200);
    }

    app.get(`${base}/:id/consents/:consentId/withdraw`, access, async (request, reply) => {
      const w = await withdrawal(request);
      if (!w || w.consent.withdrawnOn) return notFound(reply);
      return withdrawPage(request, reply, w);
    });

    app.post(`${base}/:id/consents/:consentId/withdraw`, access, async (request, reply) => {
      const w = await withdrawal(request);
      if (!w) return notFound(reply);
      const form = parseForm(withdrawalForm, request.body);
      const today = todayOf(request);
      const checked = form.ok ? checkWithdrawal(form.data, w.consent, today) : w.consent.withdrawnOn ? 'already' : null;
      if (checked === 'already') {
        flash(reply, 'error', 'Это согласие уже отозвано.');
        return reply.redirect(`${base}/${w.f.card.id}/consents`, 303);
      }
      if (!form.ok) return withdrawPage(request, reply, w, form);
      if (checked && Object.keys(checked).length) {
        return withdrawPage(request, reply, w, { values: keepValues(request.body), errors: checked as FieldErrors });
      }
      const erased = await withdrawConsent(db, auditContext(request), w.f.subject, w.consent.id, form.data, today);
      const what = (erased ?? []).map((k) => OPTIONAL_DATA[k].label);
      const erasedText = what.length ? `Удалено: ${what.join(', ')}.` : 'Удалять было нечего.';
      flash(reply, 'ok', `Согласие отозвано. ${erasedText} Остальное школа хранит по закону.`);
      return reply.redirect(`${base}/${w.f.card.id}/consents`, 303);
    });
  }
}
