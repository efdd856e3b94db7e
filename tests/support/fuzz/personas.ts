// The demo personas of the fuzz, kept able to log in: an admin's fuzzed request may block a persona, reset its password or
// change its roles, /logout ends its session, failed logins may lock it. `revive` puts the accounts back as they were
// (through the owner's handle) and logs in again.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS } from '../../../src/cli/demo-data.ts';
import { rowsOf, type Db } from '../../../src/db/client.ts';
import type { Access } from '../../../src/web/types.ts';
import { Agent } from './agent.ts';

export const PERSONAS = ['admin', 'deputy', 'teacher', 'classteacher', 'secretary', 'parent', 'student', 'operator'] as const;
export type Persona = (typeof PERSONAS)[number];

/** May this persona call a route with this access declaration (as the access guard decides for a demo account)? */
export function mayCall(access: Access, persona: Persona): boolean {
  if (access === 'public' || access === 'account') return true;
  const demo = DEMO_ACCOUNTS.find((a) => a.login === persona)!;
  if (demo.operator && access.includes('operator')) return true;
  return access.some((r) => r !== 'operator' && demo.roles.includes(r));
}

type AccountRow = { id: string; login: string; password_hash: string };
type MembershipRow = { id: string; roles: string };

export class Personas {
  readonly agents = new Map<Persona, Agent>();
  private accounts: AccountRow[] = [];
  private memberships: MembershipRow[] = [];

  constructor(private readonly app: FastifyInstance, private readonly db: Db, private readonly only: readonly Persona[] = PERSONAS) {}

  async start(): Promise<void> {
    const logins = sql.join(PERSONAS.map((p) => sql`${p}`), sql`, `);
    this.accounts = rowsOf<AccountRow>(await this.db.execute(sql`select id::text, login, password_hash from accounts where login in (${logins})`));
    this.memberships = rowsOf<MembershipRow>(await this.db.execute(sql`
      select m.id::text, array_to_json(m.roles)::text as roles from memberships m join accounts a on a.id = m.account_id
      where a.login in (${logins})`));
    for (const p of this.only) {
      const agent = new Agent(this.app, p, `10.0.0.${PERSONAS.indexOf(p) + 1}`);
      await agent.logIn();
      this.agents.set(p, agent);
    }
  }

  get(p: Persona): Agent {
    return this.agents.get(p)!;
  }

  /** The persona accounts as they were at the start: password, not blocked, no forced change, the same roles. */
  async restore(): Promise<void> {
    const accounts = sql.join(this.accounts.map((a) => sql`(${a.id}::uuid, ${a.password_hash})`), sql`, `);
    await this.db.execute(sql`update accounts a set password_hash = v.hash, must_change_password = false, disabled_at = null
      from (values ${accounts}) as v(id, hash)
      where a.id = v.id and (a.password_hash <> v.hash or a.must_change_password or a.disabled_at is not null)`);
    const memberships = sql.join(this.memberships.map((m) => sql`(${m.id}::uuid, ${m.roles})`), sql`, `);
    await this.db.execute(sql`update memberships m set roles = array(select json_array_elements_text(v.roles::json)), disabled_at = null
      from (values ${memberships}) as v(id, roles)
      where m.id = v.id and (array_to_json(m.roles)::text <> v.roles or m.disabled_at is not null)`);
  }

  /** Restores the accounts and logs the persona in again; clears a lockout its fuzzed logins may have caused. */
  async revive(p: Persona): Promise<void> {
    await this.restore();
    try {
      await this.get(p).logIn();
    } catch {
      await this.db.execute(sql`delete from auth_events where login = ${p} and kind in ('login_failed', 'login_locked')`);
      await this.get(p).logIn();
    }
  }
}
