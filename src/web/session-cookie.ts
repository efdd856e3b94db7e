// @fastify/session clears the session cookie of a request whose session id it no longer knows. After the id is
// regenerated (logging in, «Войти как ребёнок» and back), a request still in flight with the old id — the service
// worker fetching pages ahead — would then wipe the new session's cookie in the browser and log the person out. So only
// a logout (accounts/session.ts endSession) clears the cookie; a stale one opens nothing and is replaced at the next login.
import type { FastifyInstance } from 'fastify';

/** A Set-Cookie line that deletes the cookie `name` (an empty value that expired already). */
export const deletesCookie = (line: string, name: string): boolean =>
  line.startsWith(`${name}=;`) && /;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(line);

/** Registered after @fastify/session: its onSend hook has written the header by then. */
export function keepNewSessionCookie(app: FastifyInstance, cookieName: string): void {
  app.decorateRequest('endsSession', false);
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.endsSession) return payload;
    const header = reply.getHeader('set-cookie');
    if (header === undefined) return payload;
    const lines = Array.isArray(header) ? header.map(String) : [String(header)];
    const kept = lines.filter((line) => !deletesCookie(line, cookieName));
    if (kept.length === lines.length) return payload;
    reply.removeHeader('set-cookie');
    if (kept.length > 0) reply.header('set-cookie', kept);
    return payload;
  });
}
