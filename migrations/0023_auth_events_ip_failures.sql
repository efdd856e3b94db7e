-- A login reads the recent failures from its address (the lockout per address, accounts/login.ts). The index of all the
-- address's events made it read every successful login from that address of the last 15 minutes as well: on 1 September
-- a school's or a mobile operator's shared address has thousands. Only the failures are indexed now (issue 15). The
-- snapshot of this migration also brings drizzle-kit's picture of the schema up to date with the hand-written migrations.
DROP INDEX IF EXISTS "auth_events_ip_at";--> statement-breakpoint
CREATE INDEX "auth_events_ip_failures" ON "auth_events" USING btree ("ip","at") WHERE kind in ('login_failed', 'totp_failed', 'oidc_link_failed');
