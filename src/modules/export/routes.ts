// /admin/export: the school's open export — its roster and results of a year as OneRoster 1.2 CSV in a ZIP, for another
// system to import the school. The page picks the year (the current one by default); the download streams the ZIP.
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { currentYear } from '../setup/lookups.ts';
import { getYear, listYears } from '../setup/queries.ts';
import { notFound } from '../../web/errors.ts';
import { todayOf } from '../../web/school-time.ts';
import { zipFileName } from './oneroster/rules.ts';
import { writeOneRosterZip } from './oneroster/writer.ts';

const query = z.object({ year: z.uuid().optional() });

/** The chosen year of the request's school: the `year` parameter (404 when not this school's), else the current one. */
async function chosenYear(db: Db, request: FastifyRequest) {
  const q = query.safeParse(request.query);
  if (!q.success) return null;
  const schoolId = request.school.id;
  if (q.data.year) return (await getYear(db, { schoolId, yearId: q.data.year })) ?? null;
  return currentYear(db, { schoolId, date: todayOf(request) });
}

export function exportPage(db: Db) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const year = await chosenYear(db, request);
    if (year === null) return notFound(reply);
    const years = await listYears(db, { schoolId: request.school.id });
    return reply.page('export/oneroster', { title: 'Открытая выгрузка (OneRoster 1.2)', years, year: year ?? null });
  };
}

/**
 * The ZIP of `?year=`, streamed as it is written; its own read-only transaction (the route has `tx: 'manual'`). Without
 * a year the address leads to the page, where the current year is chosen: a bare link never starts a whole export.
 */
export function exportDownload(db: Db) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if ((request.query as { year?: unknown }).year === undefined) return reply.redirect('/admin/export', 303);
    const year = await request.inSchool(() => chosenYear(db, request));
    if (!year) return request.inSchool(() => notFound(reply));
    const out = new PassThrough();
    const started = Date.now();
    writeOneRosterZip(db, { schoolId: request.school.id, yearId: year.id }, out).then((r) => {
      const rows = Object.fromEntries(r?.counts ?? []);
      request.log.info({ yearId: year.id, ms: Date.now() - started, rows }, 'OneRoster export written');
    }, (err: unknown) => {
      request.log.error({ err, yearId: year.id }, 'OneRoster export failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const name = zipFileName(request.school.name, year.name);
    return reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store').send(out);
  };
}
