import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Role } from '../modules/accounts/rules.ts';
import { mustEnroll } from '../modules/accounts/two-factor/rules.ts';
import type { Access, Actor } from './types.ts';

/** Thrown at startup for a route that declares no `config.access`. */
export class UndeclaredAccessError extends Error {}

export type DeclaredRoute = { methods: string[]; url: string; access: Access; plans?: 'custom' };

/** Every route must say who may call it; the app refuses to boot otherwise. Returns the table of declared routes. */
export function requireDeclaredAccess(app: FastifyInstance): DeclaredRoute[] {
  const table: DeclaredRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = route.config as { access?: Access; plans?: 'custom' } | undefined;
    const access = config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) {
      throw new UndeclaredAccessError(`Route ${methods.join(',')} ${route.url} declares no config.access`);
    }
    table.push({ methods, url: route.url, access, ...(config?.plans ? { plans: config.plans } : {}) });
  });
  return table;
}

export type AccessDecision =
  | { ok: true }
  | { ok: false; reason: 'login' | 'password' | 'enroll' | 'pickSchool' | 'forbidden' };

/** Pure: may this actor call a route with this access declaration? */
export function decideAccess(access: Access, actor: Actor | null, duringPasswordChange: boolean, duringEnrollment = false): AccessDecision {
  if (access === 'public') return { ok: true };
  if (!actor) return { ok: false, reason: 'login' };
  if (actor.mustChangePassword && !duringPasswordChange) return { ok: false, reason: 'password' };
  if (mustEnroll(actor.twoFactor) && !duringEnrollment) return { ok: false, reason: 'enroll' };
  if (access === 'account') return { ok: true };
  if (access.includes('operator') && actor.isOperator) return { ok: true };
  const schoolRoles: Role[] = access.filter((r) => r !== 'operator');
  if (schoolRoles.length === 0) return { ok: false, reason: 'forbidden' };
  if (!actor.school) return actor.schools.length > 1 ? { ok: false, reason: 'pickSchool' } : { ok: false, reason: 'forbidden' };
  return actor.roles.some((r) => schoolRoles.includes(r)) ? { ok: true } : { ok: false, reason: 'forbidden' };
}

export function loginRedirect(request: FastifyRequest): string {
  const next = request.method === 'GET' ? request.url : '/';
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** onRequest hook, after the actor hook: enforces the route's declaration. */
export async function accessGuard(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const config = request.routeOptions.config;
  const access = config.access;
  if (access === undefined) return undefined; // not-found handler: renders its own 404
  const decision = decideAccess(access, request.actor, config.duringPasswordChange === true, config.duringEnrollment === true);
  if (decision.ok) return undefined;
  switch (decision.reason) {
    case 'login': {
      const target = loginRedirect(request);
      const url = request.sessionEnded ? `${target}${target.includes('?') ? '&' : '?'}ended=${request.sessionEnded}` : target;
      return reply.redirect(url, 303);
    }
    case 'password':
      return reply.redirect('/password', 303);
    case 'enroll': {
      const next = request.method === 'GET' ? request.url : '/';
      return reply.redirect(next === '/' ? '/account/two-factor' : `/account/two-factor?next=${encodeURIComponent(next)}`, 303);
    }
    case 'pickSchool':
      return reply.redirect(`/select-school?next=${encodeURIComponent(request.url)}`, 303);
    case 'forbidden':
      return reply.page('errors/forbidden', { title: 'Доступ запрещён' }, 403);
  }
}
