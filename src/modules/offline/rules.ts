// The journal without a connection (issue 16 item 5): what the service worker (public/sw.js) is told by the server.
// Pure: no I/O. The worker keeps pages per account (a key, never the account id itself) and stamps each copy with the
// time it was taken; logging out clears the browser's caches and storage of the site.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../web/types.ts';

/** Response headers of a logged-in person's page: whose it is (a key) and when it was made («23.11.2026 09:05»). */
export const ACCOUNT_HEADER = 'x-otmetka-account';
export const TAKEN_AT_HEADER = 'x-otmetka-at';
/** Sent by the service worker when it fetches pages ahead for offline use: nobody has looked at them yet. */
export const PREFETCH_HEADER = 'x-otmetka-prefetch';

/**
 * On logout (and «выйти на всех устройствах»): the browser drops this site's HTTP cache and its storage — the
 * service worker's caches, localStorage (the grid's unsent cells), and the worker itself — on a shared school computer
 * nothing of the account stays behind. Chromium and Firefox honour it on https and on localhost.
 */
export const CLEAR_SITE_DATA = '"cache", "storage"';

/**
 * The key of an account in one school: the name of its offline cache and the tag of its unsent cells. A hash, so the
 * page and the cache names do not carry the account's id; different per school (another school, other pages).
 */
export function offlineKey(actor: Pick<Actor, 'accountId' | 'school'>): string {
  return createHash('sha256').update(`${actor.accountId}:${actor.school?.id ?? '-'}`).digest('hex').slice(0, 16);
}

/** A page fetched ahead by the service worker (not opened by a person): no «seen» is recorded for it. */
export function isPrefetch(request: Pick<FastifyRequest, 'headers'>): boolean {
  return request.headers[PREFETCH_HEADER] === '1';
}

export type KeptFacts = {
  roles: readonly string[];
  /** Today's lessons of the teacher (own and substituted, not cancelled). */
  lessonIds: readonly string[];
  /** The groups the teacher teaches this year. */
  groupIds: readonly string[];
  /** The children whose diary the parent or student reads in this school. */
  studentIds: readonly string[];
};

/** At most this many grid pages are kept (each ≤ 80 KB): a teacher's groups of the year, rarely more than a dozen. */
export const MAX_GRIDS = 24;

/**
 * The pages kept for opening without a connection: a teacher's home, «Сегодня», today's lesson pages, the journal list
 * and the grid of each group (its current period); a family's home, the diary and each child's current week.
 * Nothing else: no reports, no forms of other roles, no downloads.
 */
export function keptPages(f: KeptFacts): string[] {
  const pages = ['/'];
  if (f.roles.includes('teacher') || f.roles.includes('classTeacher')) {
    if (f.roles.includes('teacher')) pages.push('/today');
    pages.push('/journal', ...f.lessonIds.map((id) => `/journal/lessons/${id}`));
    pages.push(...f.groupIds.slice(0, MAX_GRIDS).map((id) => `/journal/groups/${id}`));
  }
  if (f.roles.includes('parent') || f.roles.includes('student')) {
    pages.push('/diary', ...f.studentIds.map((id) => `/diary/${id}`));
  }
  return [...new Set(pages)];
}
