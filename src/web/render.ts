import type { FastifyInstance, FastifyReply } from 'fastify';
import { ROLE_TITLES } from '../modules/accounts/rules.ts';
import { navigationFor } from './nav.ts';
import { ruDate } from './dates.ts';
import { dateTimeOf } from './school-time.ts';
import { now } from './clock.ts';
import { ACCOUNT_HEADER, isPrefetch, offlineKey, TAKEN_AT_HEADER } from '../modules/offline/rules.ts';

/**
 * reply.page(view, data, status): merges what every page needs — actor, school, CSRF token,
 * flash message, navigation, request id — so templates never fetch anything.
 */
export function registerRender(app: FastifyInstance): void {
  app.decorateReply('page', async function page(this: FastifyReply, view: string, data: Record<string, unknown> = {}, status = 200) {
    const request = this.request;
    const actor = request.actor ?? null;
    const session = request.session;
    // A page the service worker fetches ahead (public/sw.js) is seen by nobody yet: it neither shows nor uses up the
    // message meant for the next page the person opens (it used to, when its fetch came between a form and its redirect).
    const flash = isPrefetch(request) ? undefined : session?.flash;
    if (flash && session) session.flash = undefined;
    const path = request.url.split('?')[0] ?? '/';
    const common = {
      actor,
      school: actor?.school ?? null,
      roleTitles: actor ? actor.roles.map((r) => ROLE_TITLES[r]) : [],
      nav: navigationFor(actor).map((n) => Object.assign({}, n, { current: n.href === path })),
      csrfToken: this.generateCsrf(),
      flash: flash ?? null,
      /** «Вы вошли как <ребёнок> — вернуться к себе» (accounts/act-as.ts). */
      actingFor: actor && session?.actingFor ? session.actingFor : null,
      requestId: String(request.id),
      title: 'Отметка',
      /** A moment in the school's time zone, «23.11.2026 09:05»; a moment's date alone: it.dt(at).slice(0, 10). */
      dt: (at: Date | string | null | undefined) => (at ? dateTimeOf(request, new Date(at)) : ''),
      ruDate,
    };
    this.code(status).type('text/html; charset=utf-8');
    // Pages of a logged-in person are never cached: the back button after logout on a shared computer shows nothing.
    // The service worker keeps some of them for opening offline (public/sw.js): whose page it is and when it was made.
    // The time to the minute (ruDateTime keeps each moment it formatted: one per minute, not one per request).
    const account = actor ? offlineKey(actor) : null;
    if (actor) {
      const minute = new Date(Math.floor(now().getTime() / 60_000) * 60_000);
      this.header('cache-control', 'no-store').header(ACCOUNT_HEADER, account).header(TAKEN_AT_HEADER, dateTimeOf(request, minute));
    }
    // Object.assign, not `{ ...common, account, ...data }`: a literal opening with a spread and adding keys after it takes
    // V8's slow path on Node 20 (≈ 2–6 µs an object, and garbage); this runs on every page.
    return this.view(view, Object.assign(common, { account }, data));
  });
}

/** Sets a message shown once on the next page (post/redirect/get). */
export function flash(reply: FastifyReply, kind: 'ok' | 'error', text: string): void {
  const session = reply.request.session;
  if (session?.accountId) session.flash = { kind, text };
}
