import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { cleanJsonInput, parseUrlEncoded } from './input.ts';
import { keepNewSessionCookie } from './session-cookie.ts';
import type { PgSessionStore } from './session-store.ts';

export type SecurityOptions = {
  production: boolean;
  sessionSecret: string;
  store: PgSessionStore;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookies, sessions, CSRF, security headers, form bodies and the rate limiter. */
export async function registerSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const { production } = opts;
  // helmet's middleware built once (@fastify/helmet built it again for every request: ≈ 0.1 ms of CPU each).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        // The service worker (/sw.js) and the web app manifest: same origin only.
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024, parser: parseUrlEncoded });
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    json(request, body as string, (err, value) => (err ? done(err, undefined) : done(null, cleanJsonInput(value))));
  });
  await app.register(fastifyCookie, { secret: opts.sessionSecret });
  const cookieName = production ? '__Host-otmetka' : 'otmetka.sid';
  app.decorate('sessionCookieName', cookieName);
  await app.register(fastifySession, {
    secret: opts.sessionSecret,
    store: opts.store,
    cookieName,
    saveUninitialized: false,
    rolling: false,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: production ? true : 'auto' },
  });
  keepNewSessionCookie(app, cookieName);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: production ? '__Host-csrf' : 'otmetka.csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: production ? true : 'auto', signed: true },
  });
  await app.register(fastifyRateLimit, { global: false });
  // CSRF as preHandler (the body is parsed by then): every state-changing request carries the token.
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });
}
