// School setup (настройка школы): the overview and school settings; the other parts register from their own files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PASSWORD_LOGIN_CHOICES } from '../accounts/oidc/rules.ts';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import { parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { schoolSettingsForm } from './forms.ts';
import { currentYear } from './lookups.ts';
import { getSchoolSettings, updateSchoolSettings } from './queries.ts';
import { registerBellRoutes } from './routes-bells.ts';
import { registerClassRoutes } from './routes-classes.ts';
import { blankForm, READ, schoolIdOf, WRITE, type FormState, page } from './routes-common.ts';
import { registerDayRoutes } from './routes-days.ts';
import { registerSchemeRoutes } from './routes-schemes.ts';
import { registerSubjectRoutes } from './routes-subjects.ts';
import { registerYearRoutes } from './routes-years.ts';
import { SCHOOL_TIME_ZONES, timeZoneLabel } from './time-zones.ts';
import { TWO_FACTOR_POLICIES, TWO_FACTOR_POLICY_TITLES } from '../accounts/two-factor/rules.ts';

const TWO_FACTOR_CHOICES = TWO_FACTOR_POLICIES.map((value) => ({ value, label: TWO_FACTOR_POLICY_TITLES[value] }));

const ROUNDINGS = [
  { value: 'half_up', label: 'с 0,5 — вверх (3,5 → 4)' },
  { value: 'strict', label: 'с 0,6 — вверх (3,5 → 3)' },
];

/** passwordLoginSetting: identity providers are configured, so «Вход по паролю» is offered. */
export function registerSetupRoutes(app: FastifyInstance, deps: { db: Db; passwordLoginSetting: boolean }): void {
  const { db } = deps;

  async function overview(request: FastifyRequest, reply: FastifyReply, form?: FormState, status = 200) {
    const schoolId = schoolIdOf(request);
    const [year, settings] = await Promise.all([currentYear(db, { schoolId, date: todayOf(request) }), getSchoolSettings(db, { schoolId })]);
    const values = {
      name: settings?.name ?? '', address: settings?.address ?? '', staffIdleMinutes: String(settings?.staffIdleMinutes ?? ''),
      collectContacts: settings?.collectContacts ? 'on' : '',
      journalEditDays: String(settings?.journalEditDays ?? ''), minMarksPerPeriod: String(settings?.minMarksPerPeriod ?? ''),
      controlMarkDays: String(settings?.controlMarkDays ?? ''), controlWorksMainLimit: String(settings?.controlWorksMainLimit ?? ''),
      controlWorksOtherLimit: String(settings?.controlWorksOtherLimit ?? ''),
      medalFirstMaxFours: String(settings?.medalFirstMaxFours ?? ''), medalSecondMaxFours: String(settings?.medalSecondMaxFours ?? ''),
      distinctionMaxFours: String(settings?.distinctionMaxFours ?? ''),
      periodRounding: settings?.periodRounding ?? '', classTeacherPeriodMarks: settings?.classTeacherPeriodMarks ? 'on' : '',
      timeZone: settings?.timeZone ?? '', twoFactorPolicy: settings?.twoFactorPolicy ?? '', passwordLogin: settings?.passwordLogin ?? '',
    };
    return page(reply, 'index', {
      title: 'Настройка школы', year, settings, roundings: ROUNDINGS, timeZones: SCHOOL_TIME_ZONES, timeZoneLabel, twoFactorPolicies: TWO_FACTOR_CHOICES,
      passwordLogins: deps.passwordLoginSetting ? PASSWORD_LOGIN_CHOICES : null,
      form: form ?? blankForm(values),
    }, status);
  }

  app.get('/setup', READ, (request, reply) => overview(request, reply));

  app.post('/setup/school', WRITE, async (request, reply) => {
    const form = parseForm(schoolSettingsForm, request.body);
    if (!form.ok) return overview(request, reply, { values: form.values, errors: form.errors }, 422);
    await updateSchoolSettings(db, auditContext(request), form.data);
    flash(reply, 'ok', 'Настройки школы сохранены.');
    return reply.redirect('/setup', 303);
  });

  registerYearRoutes(app, deps);
  registerSchemeRoutes(app, deps);
  registerDayRoutes(app, deps);
  registerBellRoutes(app, deps);
  registerSubjectRoutes(app, deps);
  registerClassRoutes(app, deps);
}
