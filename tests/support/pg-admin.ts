import pg from 'pg';

/** The PostgreSQL server the tests use, or undefined for PGlite. */
export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function urlForDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** pg_terminate_backend (57P01, as a fast shutdown does) for every backend of a database but the caller's; returns how many. */
export async function terminateBackends(serverUrl: string, database: string): Promise<number> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const r = await client.query(`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid()) t`, [database]);
    return (r.rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

/** The app role's password in test clusters (the global setup gives it; the tests' servers trust local logins anyway). */
export const TEST_APP_ROLE_PASSWORD = 'otmetka-test-app-role';
