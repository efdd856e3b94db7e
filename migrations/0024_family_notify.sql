-- The app keeps each account's family as the diary reads it (otmetka_family_children_of: the children, their classes on
-- a day, their school) in memory (src/web/auth-cache.ts, issue 15: one statement fewer on every diary page). What the
-- function reads from memberships, schools and classes is announced already (migration 0015, `*`); the students, their
-- guardians' links and their class memberships announce `f` on the same channel: every process drops the families it
-- keeps. Contingent work changes these rows, the journal and the diary do not, so announcements are rare.
CREATE OR REPLACE FUNCTION otmetka_notify_families() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('otmetka_auth', 'f');
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE TRIGGER students_families_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON students
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_families();--> statement-breakpoint
CREATE TRIGGER student_guardians_families_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON student_guardians
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_families();--> statement-breakpoint
CREATE TRIGGER class_memberships_families_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON class_memberships
  FOR EACH STATEMENT EXECUTE FUNCTION otmetka_notify_families();
