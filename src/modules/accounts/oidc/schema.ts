import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../schema.ts';

/**
 * Global (accounts are global): an account's identity at a provider — the provider's subject, linked once by a link
 * code from the credential slip or by a matching СНИЛС, never by name. One subject of an issuer is one account; an
 * account has at most one identity per provider.
 */
export const accountIdentities = pgTable(
  'account_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    providerId: text('provider_id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    /** How it was linked: 'code' (the slip's link code), 'snils', or 'session' (from the account page, logged in). */
    linkedBy: text('linked_by').notNull(),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.issuer, t.subject] }),
    unique('account_identities_one_per_provider').on(t.accountId, t.providerId),
  ],
);

/**
 * Global: the one-time link code printed on an account's credential slip (only its SHA-256 is kept). One live code
 * per account: printing a new slip replaces it; using it sets used_at.
 */
export const accountLinkCodes = pgTable('account_link_codes', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * Global: sign-in flows already consumed (the SHA-256 of their state), kept until the flow could no longer be valid:
 * a replayed callback — the same code, the same ID token, the same flow cookie — is refused.
 */
export const oidcUsedFlows = pgTable(
  'oidc_used_flows',
  {
    flowHash: text('flow_hash').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('oidc_used_flows_expires').on(t.expiresAt)],
);
