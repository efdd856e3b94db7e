// The baseline page of `npm run bench:load`: a minimal fastify + pg + eta server in the TechEmpower «Fortunes» shape, what
// the same machine and database serve with no application around it. GET /fortunes selects the 12 rows of bench_fortune,
// adds one in memory, sorts by message and renders an HTML table through an eta template (escaped). Production-ish: no
// logging, eta caching on, a pool of 10 connections as the app's (src/db/pool.ts), a prepared statement.
//   DATABASE_URL, PORT, HOST   as for the app (bench/app-process.ts sets them); GET /readyz answers 200 once listening.
import { Eta } from 'eta';
import Fastify from 'fastify';
import pg from 'pg';
import { FORTUNE_TABLE } from './fortunes.ts';

type Fortune = { id: number; message: string };

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const eta = new Eta({ views: import.meta.dirname, cache: true, autoEscape: true });
const select = { name: 'fortunes', text: `select id, message from ${FORTUNE_TABLE}` };

const app = Fastify({ logger: false });

app.get('/fortunes', async (_request, reply) => {
  const { rows } = await pool.query<Fortune>(select);
  rows.push({ id: 0, message: 'Additional fortune added at request time.' });
  rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return reply.type('text/html; charset=utf-8').send(eta.render('fortunes', { fortunes: rows }));
});

app.get('/readyz', async () => ({ status: 'ok' }));

const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
