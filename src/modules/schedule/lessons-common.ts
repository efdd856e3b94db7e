// What the lesson, substitution, today and event handlers share: access lists, the id in the URL, the acting school.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ruDate } from '../../web/dates.ts';
import type { Access } from '../../web/types.ts';
import { roomLabel, roomName } from './rooms.ts';

export const MANAGERS: { config: { access: Access } } = { config: { access: ['deputy', 'admin'] } };

const idParams = z.object({ id: z.uuid() });

/** The uuid in the URL, or undefined for a malformed one (answered 404 like another school's id). */
export function idOf(request: FastifyRequest): string | undefined {
  const p = idParams.safeParse(request.params);
  return p.success ? p.data.id : undefined;
}

export const schoolIdOf = (request: FastifyRequest): string => request.school.id;
export const isManager = (request: FastifyRequest): boolean => request.actor!.roles.some((r) => r === 'deputy' || r === 'admin');

/** 'HH:MM:SS' → 'HH:MM' (empty for null). */
export const hhmm = (t: string | null | undefined): string => (t ? t.slice(0, 5) : '');

/** Renders views/schedule/<view> with the date and room helpers. */
export function page(reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) {
  return reply.page(`schedule/${view}`, { ...data, ruDate, hhmm, roomLabel, roomName }, status);
}
