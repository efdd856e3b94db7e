-- Tenancy and the audit trail enforced by the database (issue 11). Runs as the owner of the tables.
--
-- 1. The application's role: owns nothing, is not a superuser. `npm start` (PGlite) switches to it after migrating;
--    on PostgreSQL the app logs in as it (src/db/app-role.ts gives it LOGIN and a password).
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'otmetka_app') THEN
    CREATE ROLE otmetka_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO otmetka_app;--> statement-breakpoint
-- 2. The hash chain of each school's audit rows.
ALTER TABLE "audit_events" ADD COLUMN "seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The content a row's hash covers: every column but the chain's own, each quoted (NULL distinct from ''), the time as
-- microseconds since the epoch (independent of the session's time zone), jsonb in its canonical text form.
CREATE OR REPLACE FUNCTION otmetka_audit_content(e audit_events) RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT concat_ws(',', quote_nullable(e.school_id::text), quote_nullable(e.seq::text), quote_nullable(e.id::text),
    quote_nullable((extract(epoch FROM e.at) * 1000000)::bigint::text), quote_nullable(e.actor_account_id::text),
    quote_nullable(e.actor_role), quote_nullable(e.request_id), quote_nullable(e.ip), quote_nullable(e.entity),
    quote_nullable(e.entity_id), quote_nullable(e.action), quote_nullable(e.old_value::text),
    quote_nullable(e.new_value::text), quote_nullable(e.reason))
$fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_audit_hash(prev text, content text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT encode(sha256(convert_to(coalesce(prev, '') || '|' || content, 'UTF8')), 'hex')
$fn$;--> statement-breakpoint
-- Existing rows, oldest first in each school.
DO $$
DECLARE r record; prev text; school uuid; n bigint := 0;
BEGIN
  FOR r IN SELECT school_id, id FROM audit_events ORDER BY school_id, at, id LOOP
    IF school IS DISTINCT FROM r.school_id THEN school := r.school_id; prev := NULL; n := 0; END IF;
    n := n + 1;
    UPDATE audit_events e SET seq = n, prev_hash = prev WHERE e.school_id = r.school_id AND e.id = r.id;
    SELECT otmetka_audit_hash(prev, otmetka_audit_content(e)) INTO prev FROM audit_events e WHERE e.school_id = r.school_id AND e.id = r.id;
    UPDATE audit_events e SET hash = prev WHERE e.school_id = r.school_id AND e.id = r.id;
  END LOOP;
END $$;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain" ON "audit_events" USING btree ("school_id","seq");--> statement-breakpoint
-- Each new row: numbered after the school's last and hashed over it, under a lock per school held to the end of the
-- writing transaction, so concurrent writers of one school queue here and the chain never forks.
CREATE OR REPLACE FUNCTION otmetka_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE last record;
BEGIN
  PERFORM pg_advisory_xact_lock(1869116525, hashtext(NEW.school_id::text));
  SELECT seq, hash INTO last FROM audit_events WHERE school_id = NEW.school_id ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last.seq, 0) + 1;
  NEW.prev_hash := last.hash;
  NEW.hash := otmetka_audit_hash(NEW.prev_hash, otmetka_audit_content(NEW));
  RETURN NEW;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION otmetka_audit_chain();--> statement-breakpoint
-- 3. Row-level security on every table with a school_id (and grants to the app), re-run by every later migration that
--    adds a tenant table: `SELECT otmetka_secure_tenant_tables();`. The school of the transaction is the setting
--    app.school_id (set_config(…, true) by the request's tenant transaction); without it no school's row is visible.
--    `memberships` also lets through the rows of app.account_id (the account's own schools, for the login and the switcher).
CREATE OR REPLACE FUNCTION otmetka_secure_tenant_tables() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'school_id' AND NOT a.attisdropped
     WHERE c.relkind = 'r' AND c.relname NOT IN ('auth_events')
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS school_isolation ON %I', t);
    EXECUTE format($p$CREATE POLICY school_isolation ON %I
      USING (school_id = nullif(current_setting('app.school_id', true), '')::uuid)
      WITH CHECK (school_id = nullif(current_setting('app.school_id', true), '')::uuid)$p$, t);
    IF t = 'audit_events' THEN
      EXECUTE format('GRANT SELECT, INSERT ON %I TO otmetka_app', t);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO otmetka_app', t);
    END IF;
  END LOOP;
  DROP POLICY IF EXISTS own_memberships ON memberships;
  CREATE POLICY own_memberships ON memberships FOR SELECT
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
END
$fn$;--> statement-breakpoint
SELECT otmetka_secure_tenant_tables();--> statement-breakpoint
-- 4. Global tables: the narrowest grants that still work. Operators are made by the command line (as the owner).
GRANT SELECT, INSERT, UPDATE ON schools TO otmetka_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON accounts TO otmetka_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO otmetka_app;--> statement-breakpoint
GRANT SELECT, INSERT ON auth_events TO otmetka_app;--> statement-breakpoint
GRANT SELECT ON operators TO otmetka_app;--> statement-breakpoint
-- The schools an account belongs to, as bare ids, past row-level security: the one cross-school fact a school needs (may
-- it reset this account's password; are its login events this school's alone). SECURITY DEFINER runs it as the owner,
-- who must bypass row-level security (a superuser, or a role with BYPASSRLS) — as for migrations and the command line.
CREATE OR REPLACE FUNCTION otmetka_account_schools(account uuid) RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public AS $fn$
  SELECT coalesce(array_agg(school_id ORDER BY school_id), '{}') FROM memberships WHERE account_id = account
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION otmetka_account_schools(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION otmetka_account_schools(uuid) TO otmetka_app;--> statement-breakpoint
-- A family's children in every school of the account in app.account_id (a parent's, or the student themself), with
-- their class on a day: the diary's list of children, which offers to switch to a child's other school. Past row-level
-- security like otmetka_account_schools, and only for the account of the transaction (withAccount sets it).
CREATE OR REPLACE FUNCTION otmetka_family_children(day date) RETURNS TABLE (
  school_id uuid, school_name text, student_id uuid, last_name text, first_name text,
  class_id uuid, class_name text, grade integer, guardian_id uuid
) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $fn$
  WITH own AS (
    SELECT m.school_id, m.guardian_id, m.student_id FROM memberships m
     WHERE m.account_id = nullif(current_setting('app.account_id', true), '')::uuid AND m.disabled_at IS NULL
  ), kids AS (
    SELECT o.school_id, sg.student_id, o.guardian_id FROM own o
      JOIN student_guardians sg ON sg.school_id = o.school_id AND sg.guardian_id = o.guardian_id
    UNION ALL
    SELECT o.school_id, o.student_id, NULL::uuid FROM own o WHERE o.student_id IS NOT NULL
  )
  SELECT k.school_id, sc.name, s.id, s.last_name, s.first_name, c.id, c.name, c.grade, k.guardian_id
    FROM kids k
    JOIN students s ON s.school_id = k.school_id AND s.id = k.student_id
    JOIN schools sc ON sc.id = k.school_id
    LEFT JOIN class_memberships cm ON cm.school_id = s.school_id AND cm.student_id = s.id
      AND cm.starts_on <= day AND (cm.ends_on IS NULL OR cm.ends_on > day)
    LEFT JOIN classes c ON c.school_id = cm.school_id AND c.id = cm.class_id
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION otmetka_family_children(date) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION otmetka_family_children(date) TO otmetka_app;--> statement-breakpoint
-- An account's active memberships in every school, with whether it leads a class of an open year there (the class
-- teacher's role follows the class): what the access hook reads on every request, in one statement without a
-- transaction. Past row-level security like the two functions above, for the account id the app passes (the session's).
CREATE OR REPLACE FUNCTION otmetka_account_memberships(account uuid) RETURNS TABLE (
  school_id uuid, roles text[], staff_id uuid, guardian_id uuid, student_id uuid, leads_class boolean
) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $fn$
  SELECT m.school_id, m.roles, m.staff_id, m.guardian_id, m.student_id,
    EXISTS (SELECT 1 FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
             WHERE c.school_id = m.school_id AND c.class_teacher_id = m.staff_id AND y.status = 'open')
    FROM memberships m WHERE m.account_id = account AND m.disabled_at IS NULL
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION otmetka_account_memberships(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION otmetka_account_memberships(uuid) TO otmetka_app;--> statement-breakpoint
-- 5. History is append-only: no UPDATE/DELETE/TRUNCATE grants above, and a trigger refuses them to every role but the
--    tables' owner (who may repair, and whose edits the hash chain shows).
CREATE OR REPLACE FUNCTION otmetka_refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_user <> (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID) THEN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_LEVEL = 'STATEMENT' THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION otmetka_refuse_history_change();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_refuse_history_change();--> statement-breakpoint
CREATE TRIGGER auth_events_append_only BEFORE UPDATE OR DELETE ON auth_events
  FOR EACH ROW EXECUTE FUNCTION otmetka_refuse_history_change();--> statement-breakpoint
CREATE TRIGGER auth_events_no_truncate BEFORE TRUNCATE ON auth_events
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_refuse_history_change();
