import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { parseForm } from '../../web/forms.ts';
import { createSchoolForm } from './forms.ts';
import { createSchool, listSchools, LoginTakenError } from './queries.ts';
import type { TwoFactorPolicy } from '../accounts/two-factor/rules.ts';

/** `newSchoolTwoFactor`: the «Двухфакторный вход обязателен» a created school starts with (defaultTwoFactorPolicy). */
export function registerPlatformRoutes(app: FastifyInstance, deps: { db: Db; newSchoolTwoFactor: TwoFactorPolicy }): void {
  const { db } = deps;

  app.get('/operator/schools', { config: { access: ['operator'] } }, async (_request, reply) => {
    return reply.page('platform/schools', { title: 'Школы', schools: await listSchools(db), values: {}, errors: {} });
  });

  app.post('/operator/schools', { config: { access: ['operator'] } }, async (request, reply) => {
    const form = parseForm(createSchoolForm, request.body);
    const again = async (values: Record<string, string>, errors: Record<string, string>) =>
      reply.page('platform/schools', { title: 'Школы', schools: await listSchools(db), values, errors }, 422);
    if (!form.ok) return again(form.values, form.errors);
    try {
      const created = await createSchool(db, form.data, deps.newSchoolTwoFactor);
      // The one-time password is shown on this response only; it is never stored in clear.
      return reply.page('platform/created', { title: 'Школа создана', name: form.data.name, adminName: form.data.adminName, created });
    } catch (err) {
      if (err instanceof LoginTakenError) return again({ ...form.data }, { adminLogin: 'Этот логин уже занят. Выберите другой.' });
      throw err;
    }
  });
}
