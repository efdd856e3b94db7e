-- The audit chain is linked at COMMIT instead of at INSERT (issue 15). Before, each audit row took its school's chain
-- lock when inserted and held it to the end of the transaction: through the app's reading of the answer, the COMMIT's
-- round trip and the app's event loop in between — 2 to 5 ms under load — so a school's writers queued behind each
-- other (the journal's cell saves at 16 connections: a quarter of the CPU idle, a backend or two always waiting on the
-- lock). Now an inserted row gets a pending number (negative, unique) and no hash; a deferred constraint trigger numbers
-- and hashes it when the transaction commits, under the same lock, which is then held only for the trigger's few
-- statements and the commit itself. Nobody else ever sees a pending row: the trigger runs before the commit makes the
-- row visible. The chain's rule (the row's content, the hash over the previous hash) is unchanged, so `audit verify`
-- and the rows already chained stay as they are.
CREATE SEQUENCE IF NOT EXISTS otmetka_audit_pending;--> statement-breakpoint
-- On insert: a pending number and no hash, whatever the writer sent (the chain's columns are the trigger's alone).
CREATE OR REPLACE FUNCTION otmetka_audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  NEW.seq := -nextval('otmetka_audit_pending');
  NEW.prev_hash := NULL;
  NEW.hash := '';
  RETURN NEW;
END
$fn$;--> statement-breakpoint
-- At commit, each pending row in the order it was inserted: numbered after the school's last chained row and hashed
-- over it, under a lock per school (the same one as before) held from here to the end of the commit. It runs as the
-- tables' owner (the append-only trigger lets only the owner update a row) and reads the school's rows in that school's
-- context (row-level security), restoring the transaction's own setting afterwards.
CREATE OR REPLACE FUNCTION otmetka_audit_chain_at_commit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  last record;
  e audit_events;
  was text := current_setting('app.school_id', true);
BEGIN
  PERFORM pg_advisory_xact_lock(1869116525, hashtext(NEW.school_id::text));
  PERFORM set_config('app.school_id', NEW.school_id::text, true);
  SELECT a.seq, a.hash INTO last FROM audit_events a WHERE a.school_id = NEW.school_id AND a.seq > 0 ORDER BY a.seq DESC LIMIT 1;
  e := NEW;
  e.seq := coalesce(last.seq, 0) + 1;
  e.prev_hash := last.hash;
  e.hash := otmetka_audit_hash(e.prev_hash, otmetka_audit_content(e));
  UPDATE audit_events a SET seq = e.seq, prev_hash = e.prev_hash, hash = e.hash WHERE a.school_id = NEW.school_id AND a.id = NEW.id;
  PERFORM set_config('app.school_id', coalesce(was, ''), true);
  RETURN NULL;
END
$fn$;--> statement-breakpoint
-- Both functions belong to the tables' owner, whoever runs this migration: the append-only trigger lets only that role
-- update an audit row.
DO $$ BEGIN
  EXECUTE format('ALTER FUNCTION otmetka_audit_chain() OWNER TO %I', (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'audit_events'::regclass));
  EXECUTE format('ALTER FUNCTION otmetka_audit_chain_at_commit() OWNER TO %I', (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'audit_events'::regclass));
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_events_chain_at_commit ON audit_events;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_events_chain_at_commit AFTER INSERT ON audit_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION otmetka_audit_chain_at_commit();
