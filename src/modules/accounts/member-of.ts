import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { getMember } from './members.ts';

const idParams = z.object({ id: z.uuid() });

export type Member = NonNullable<Awaited<ReturnType<typeof getMember>>>;

/** The member named in the URL (`:id`), of the request's school; undefined (a malformed or foreign id) answers 404. */
export async function memberOf(db: Db, request: FastifyRequest): Promise<Member | undefined> {
  const params = idParams.safeParse(request.params);
  return params.success ? getMember(db, { schoolId: request.school.id, membershipId: params.data.id }) : undefined;
}
