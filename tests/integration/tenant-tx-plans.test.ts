// The reports' statements are planned for their values every time (route config `plans: 'custom'`), the journal's may use
// PostgreSQL's generic plans of the prepared statements (db/prepared.ts). Proven on the real report route and on a route
// of the test's own that says what the request's transaction runs with.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import type { FastifyRequest } from 'fastify';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs } from '../support/client.ts';

const onPostgres = inject('testTemplates').kind === 'postgres';
let t: TestApp;

describe.skipIf(!onPostgres)('plan_cache_mode of a request\'s transaction', () => {
  beforeAll(async () => {
    t = await startTestApp({
      extraRoutes: (app) => {
        const mode = async (request: FastifyRequest) =>
          rowsOf<{ m: string }>(await request.tx.execute(sql`select current_setting('plan_cache_mode') as m`))[0]!.m;
        app.get('/test/plans-custom', { config: { access: ['deputy'], plans: 'custom' } }, async (request) => ({ mode: await mode(request) }));
        app.get('/test/plans-default', { config: { access: ['deputy'] } }, async (request) => ({ mode: await mode(request) }));
      },
    });
  });
  afterAll(async () => { await t?.close(); });

  it('custom plans on a route that asks for them, the server default elsewhere; the setting ends with the request', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    expect(JSON.parse((await deputy.get('/test/plans-custom')).body)).toEqual({ mode: 'force_custom_plan' });
    expect(JSON.parse((await deputy.get('/test/plans-default')).body)).toEqual({ mode: 'auto' });
    expect(JSON.parse((await deputy.get('/test/plans-custom')).body)).toEqual({ mode: 'force_custom_plan' });
    expect(JSON.parse((await deputy.get('/test/plans-default')).body)).toEqual({ mode: 'auto' });
  });

  it('every /reports route asks for custom plans', () => {
    const reports = t.app.declaredRoutes.filter((r) => r.url.startsWith('/reports'));
    expect(reports.length).toBeGreaterThan(10);
    for (const r of reports) expect([r.url, r.plans]).toEqual([r.url, 'custom']);
  });
});
