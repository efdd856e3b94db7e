import type { FastifyReply } from 'fastify';

/** A provider's button on the login page. */
export type LoginButton = { id: string; name: string };

/** The login page: the password form and one «Войти через …» link per identity provider. */
export function loginPage(
  reply: FastifyReply,
  providers: readonly LoginButton[],
  p: { values?: Record<string, unknown>; errors?: Record<string, string>; notice?: string | null },
  status = 200,
) {
  return reply.page('accounts/login', {
    title: 'Вход', values: p.values ?? { next: '/' }, errors: p.errors ?? {}, notice: p.notice ?? null, providers,
  }, status);
}
