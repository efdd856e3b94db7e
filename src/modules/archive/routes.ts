// «Архив года» (admin): GET /year/archive lists the school's years — a closed year offers its archive as a ZIP, an open
// one says it is offered once the year is closed — and shows the server's public key with its fingerprint (to compare
// with `archive verify`'s). GET /year/archive/:yearId/zip streams the ZIP as it is written (`tx: 'manual'`: each page
// of rows in its own short transaction of the school, see source.ts); another school's year or a bad id → 404, an
// open year → 422 with the page and a Russian message.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { ruDate } from '../../web/dates.ts';
import { writeAudit, auditContext } from '../audit/queries.ts';
import { startArchive } from './build.ts';
import { ArchiveKeyError, loadOrCreateKey, type ArchiveKey } from './keys.ts';
import { pathSegment } from './rules.ts';
import { schoolYears, sourceOf, yearFacts, type YearFacts } from './source.ts';

export const OPEN_YEAR = 'Учебный год ещё не закрыт: архив составляется для закрытого года. Закройте год, затем скачайте архив.';
export const NO_KEY = 'Ключ подписи архивов не настроен: администратор сервера задаёт ARCHIVE_KEY_FILE — путь к файлу ключа на постоянном диске.';
const TITLE = 'Архив года';
const params = z.object({ yearId: z.uuid() });

type Deps = { db: Db; keyFile: string | undefined };

/** The key, or the Russian reason there is none. */
function keyOf(file: string | undefined): { key: ArchiveKey } | { problem: string } {
  if (!file) return { problem: NO_KEY };
  try {
    return { key: loadOrCreateKey(file) };
  } catch (err) {
    if (err instanceof ArchiveKeyError) return { problem: err.message };
    throw err;
  }
}

async function page(reply: FastifyReply, deps: Deps, schoolId: string, opts: { error?: string; status?: number } = {}) {
  const years = await reply.request.inSchool(() => schoolYears(deps.db, { schoolId }));
  const key = keyOf(deps.keyFile);
  return reply.page('archive/index', {
    title: TITLE, error: opts.error ?? null,
    keyProblem: 'problem' in key ? key.problem : null,
    key: 'key' in key ? { pem: key.key.publicPem.trim(), fingerprint: key.key.fingerprint } : null,
    years: years.map((y) => ({
      ...y, dates: `${ruDate(y.startsOn)} — ${ruDate(y.endsOn)}`, closed: y.status === 'closed',
      href: y.status === 'closed' && 'key' in key ? `/year/archive/${y.id}/zip` : null,
    })),
  }, opts.status ?? 200);
}

export function archiveRoutes(deps: Deps) {
  return {
    page: (request: FastifyRequest, reply: FastifyReply) => page(reply, deps, request.school.id),

    download: async (request: FastifyRequest, reply: FastifyReply) => {
      const parsed = params.safeParse(request.params);
      if (!parsed.success) return notFound(reply);
      const schoolId = request.school.id;
      const facts = await request.inSchool(() => yearFacts(deps.db, { schoolId, year: parsed.data.yearId }));
      if (!facts || facts.year.id !== parsed.data.yearId) return notFound(reply);
      if (facts.year.status !== 'closed') return page(reply, deps, schoolId, { error: OPEN_YEAR, status: 422 });
      const key = keyOf(deps.keyFile);
      if ('problem' in key) return page(reply, deps, schoolId, { error: key.problem, status: 503 });
      await request.inSchool(() => writeAudit(deps.db, auditContext(request), {
        entity: 'academic_year', entityId: facts.year.id, action: 'archive_download', newValue: { fingerprint: key.key.fingerprint },
      }));
      return sendArchive(request, reply, facts, startArchive(sourceOf(deps.db, schoolId), facts, key.key));
    },
  };
}

function sendArchive(request: FastifyRequest, reply: FastifyReply, facts: YearFacts, run: ReturnType<typeof startArchive>) {
  run.done.catch((err: unknown) => request.log.error({ err }, 'year archive failed'));
  reply.raw.on('close', () => { if (!reply.raw.writableFinished) run.output.destroy(); }); // the browser went away: stop reading
  const name = `otmetka-archive-${pathSegment(facts.year.name)}.zip`;
  return reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store')
    .type('application/zip').send(run.output);
}
