// What the timetable handlers share: who may read and write, the ids in the URL, the acting school.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldErrors } from '../../web/forms.ts';
import type { Access } from '../../web/types.ts';

export const TT_READ: { config: { access: Access } } = { config: { access: ['admin', 'deputy', 'secretary'] } };
export const TT_WRITE: { config: { access: Access } } = { config: { access: ['admin', 'deputy'] } };
export const schoolIdOf = (request: FastifyRequest): string => request.school.id;
export const canEdit = (request: FastifyRequest) => request.actor!.roles.some((r) => r === 'admin' || r === 'deputy');

export type FormState = { values: Record<string, string>; errors: FieldErrors };
export const blank = (): FormState => ({ values: {}, errors: {} });

export function idParam(request: FastifyRequest, key = 'id'): string | undefined {
  const p = z.object({ [key]: z.uuid() }).safeParse(request.params);
  return p.success ? (p.data[key] as string) : undefined;
}

