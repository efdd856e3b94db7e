-- The app keeps logged-in sessions and their accounts' facts in memory (src/web/auth-cache.ts). Every change that could
-- make a kept copy stale is announced to every app process on channel `otmetka_auth`, delivered at commit:
--   s:<sid>   a session changed or ended (logout, «завершить все сеансы», the admin ending them, expiry pruned);
--   a:<id>    an account changed (password, blocked, second factor, name…);
--   *         memberships, operators, schools, classes or years changed: every account's facts are read again.
CREATE OR REPLACE FUNCTION otmetka_notify_session() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('otmetka_auth', 's:' || OLD.sid);
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_notify_account() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('otmetka_auth', 'a:' || OLD.id);
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_notify_all_accounts() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('otmetka_auth', '*');
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE TRIGGER sessions_notify AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION otmetka_notify_session();--> statement-breakpoint
CREATE TRIGGER sessions_truncate_notify AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_all_accounts();--> statement-breakpoint
CREATE TRIGGER accounts_notify AFTER UPDATE OR DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION otmetka_notify_account();--> statement-breakpoint
CREATE TRIGGER memberships_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_all_accounts();--> statement-breakpoint
CREATE TRIGGER operators_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON operators
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_all_accounts();--> statement-breakpoint
CREATE TRIGGER schools_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON schools
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_all_accounts();--> statement-breakpoint
CREATE TRIGGER classes_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON classes
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_all_accounts();--> statement-breakpoint
CREATE TRIGGER academic_years_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON academic_years
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_all_accounts();
