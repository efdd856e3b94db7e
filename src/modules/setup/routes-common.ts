// What the setup handlers share: who may read and write, the id in the URL, the acting school.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ruDate } from '../../web/dates.ts';
import { z } from 'zod';
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts';
import type { Access } from '../../web/types.ts';

/** Setup pages: the admin writes; the deputy reads every page (GET) but may not change anything. */
export const READ: { config: { access: Access } } = { config: { access: ['admin', 'deputy'] } };
export const WRITE: { config: { access: Access } } = { config: { access: ['admin'] } };

const idParams = z.object({ id: z.uuid() });

/** The uuid in the URL, or undefined for a malformed one (answered 404 like another school's id). */
export function idOf(request: FastifyRequest): string | undefined {
  const p = idParams.safeParse(request.params);
  return p.success ? p.data.id : undefined;
}

export const schoolIdOf = (request: FastifyRequest): string => request.school.id;

/** What the templates may show: forms only to the admin. */
export const canOf = (request: FastifyRequest) => ({ edit: request.actor!.roles.includes('admin') });

/** Renders views/setup/<view> with what every setup page needs: `can` and the date format. */
export function page(reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) {
  return reply.page(`setup/${view}`, { ...data, can: canOf(reply.request), ruDate }, status);
}

/** A form's state on a page: the values typed and the message next to each field. */
export type FormState = { values: Record<string, string>; errors: FieldErrors };
export const blankForm = (values: Record<string, string> = {}): FormState => ({ values, errors: {} });

/** Prefixes every key of a row's values/errors with its row index: `startsOn` → `startsOn_3`. */
export function indexed(fields: Record<string, string>, index: number): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${k}_${index}`, v]));
}

/** parseForm, with the typed values kept in both outcomes (a valid form can still be refused by a rule). */
export function parseKeeping<S extends z.ZodType>(schema: S, body: unknown) {
  return { ...parseForm(schema, body), values: keepValues(body) };
}
