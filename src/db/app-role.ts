// The application's database role, `otmetka_app` (created by migration 0009): owns no table, is no superuser, so
// row-level security and the append-only triggers apply to everything the app does. Migrations, the demo seed and the
// command line run as the owner of the tables (DATABASE_URL); requests never do.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

export const APP_ROLE = 'otmetka_app';

/** DATABASE_URL with the app's role (and its password) in place of the owner. */
export function appRoleUrl(ownerUrl: string, password: string | undefined): string {
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = password ? encodeURIComponent(password) : '';
  return u.toString();
}

/** As the owner: let the role log in, with this password (needs CREATEROLE, which a database owner from `createdb` lacks). */
export async function letAppRoleLogIn(owner: pg.Pool, password: string | undefined): Promise<void> {
  const quoted = password ? `'${password.replaceAll("'", "''")}'` : 'NULL';
  await owner.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${quoted}`);
}

type Query = PGlite['query'];

/**
 * PGlite is one connection of a superuser. The app's handle runs every statement as the app's role: each transaction
 * begins with SET LOCAL ROLE (a statement outside a transaction gets its own), so the owner's handle on the same
 * connection — the tests', the seed's — stays the owner.
 */
export function pgliteAsAppRole(client: PGlite) {
  const asApp = async <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> =>
    client.transaction(async (tx) => {
      await tx.exec(`SET LOCAL ROLE ${APP_ROLE}`);
      return fn(tx);
    });
  return {
    query: ((sql: string, params?: unknown[], options?: object) => asApp((tx) => tx.query(sql, params, options))) as Query,
    exec: (sql: string) => asApp((tx) => tx.exec(sql)),
    transaction: <T>(fn: (tx: Transaction) => Promise<T>) => asApp(fn),
  };
}
