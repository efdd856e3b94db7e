-- Alerts to families (issue 17 item 3): a parent's choice per child, the browsers' push subscriptions, the events the
-- journal writes in the same transaction as the save (triggers), and the alerts to send (with status and retries).
-- Deployment-wide settings (the VAPID key pair, made on first start and never replaced).
CREATE TABLE "app_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
GRANT SELECT, INSERT ON app_settings TO otmetka_app;--> statement-breakpoint
CREATE TABLE "alert_prefs" (
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"guardian_id" uuid NOT NULL,
	"marks" boolean DEFAULT false NOT NULL,
	"absences" boolean DEFAULT false NOT NULL,
	"homework" boolean DEFAULT false NOT NULL,
	"messages" boolean DEFAULT false NOT NULL,
	"by_push" boolean DEFAULT false NOT NULL,
	"by_email" boolean DEFAULT false NOT NULL,
	"email" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_prefs_pk" PRIMARY KEY("school_id","student_id","guardian_id"),
	CONSTRAINT "alert_prefs_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE cascade,
	CONSTRAINT "alert_prefs_guardian_fk" FOREIGN KEY ("school_id","guardian_id") REFERENCES "public"."guardians"("school_id","id") ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"guardian_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_subscriptions_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "push_subscriptions_endpoint" UNIQUE("school_id","endpoint"),
	CONSTRAINT "push_subscriptions_guardian_fk" FOREIGN KEY ("school_id","guardian_id") REFERENCES "public"."guardians"("school_id","id") ON DELETE cascade,
	CONSTRAINT "push_subscriptions_account_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX "push_subscriptions_guardian" ON "push_subscriptions" USING btree ("school_id","guardian_id");--> statement-breakpoint
CREATE TABLE "alert_events" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"student_id" uuid,
	"lesson_id" uuid,
	"thread_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_events_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "alert_events_kind" CHECK ("kind" in ('mark', 'absence', 'homework', 'message')),
	CONSTRAINT "alert_events_status" CHECK ("status" in ('pending', 'done'))
);
--> statement-breakpoint
CREATE INDEX "alert_events_pending" ON "alert_events" USING btree ("school_id","created_at") WHERE "status" = 'pending';--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"guardian_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"subscription_id" uuid,
	"email" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "alert_deliveries_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "alert_deliveries_channel" CHECK ("channel" in ('push', 'email')),
	CONSTRAINT "alert_deliveries_status" CHECK ("status" in ('pending', 'sent', 'failed', 'gone')),
	CONSTRAINT "alert_deliveries_guardian_fk" FOREIGN KEY ("school_id","guardian_id") REFERENCES "public"."guardians"("school_id","id") ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX "alert_deliveries_due" ON "alert_deliveries" USING btree ("school_id","not_before") WHERE "status" = 'pending';--> statement-breakpoint
-- The journal's writes queue an event in their own transaction, only when someone of the school chose alerts for the
-- child (or, for a lesson's homework and a teacher's answer, anyone in the school): the demo seed and schools without
-- alerts write nothing extra.
CREATE OR REPLACE FUNCTION otmetka_alert_event() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE k text := TG_ARGV[0];
BEGIN
  IF TG_TABLE_NAME = 'lessons' THEN
    IF coalesce(btrim(NEW.homework), '') = '' OR NEW.homework IS NOT DISTINCT FROM OLD.homework THEN RETURN NULL; END IF;
    IF EXISTS (SELECT 1 FROM alert_prefs p WHERE p.school_id = NEW.school_id AND p.homework) THEN
      INSERT INTO alert_events (school_id, kind, lesson_id) VALUES (NEW.school_id, k, NEW.id);
    END IF;
  ELSIF TG_TABLE_NAME = 'messages' THEN
    IF NEW.author_side <> 'staff' THEN RETURN NULL; END IF;
    IF EXISTS (SELECT 1 FROM alert_prefs p WHERE p.school_id = NEW.school_id AND p.messages) THEN
      INSERT INTO alert_events (school_id, kind, thread_id) VALUES (NEW.school_id, k, NEW.thread_id);
    END IF;
  ELSE
    -- (Nested: PL/pgSQL does not short-circuit, and a record has only its own table's fields.)
    IF TG_TABLE_NAME = 'attendance' THEN
      IF NEW.kind <> 'absent' THEN RETURN NULL; END IF;
      IF TG_OP = 'UPDATE' THEN
        IF OLD.kind = 'absent' THEN RETURN NULL; END IF;
      END IF;
    ELSIF TG_TABLE_NAME = 'individual_homework' THEN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.text IS NOT DISTINCT FROM OLD.text THEN RETURN NULL; END IF;
      END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM alert_prefs p WHERE p.school_id = NEW.school_id AND p.student_id = NEW.student_id) THEN
      INSERT INTO alert_events (school_id, kind, student_id, lesson_id) VALUES (NEW.school_id, k, NEW.student_id, NEW.lesson_id);
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER alert_on_mark AFTER INSERT ON marks FOR EACH ROW EXECUTE FUNCTION otmetka_alert_event('mark');--> statement-breakpoint
CREATE TRIGGER alert_on_absence AFTER INSERT OR UPDATE OF kind ON attendance FOR EACH ROW EXECUTE FUNCTION otmetka_alert_event('absence');--> statement-breakpoint
CREATE TRIGGER alert_on_homework AFTER UPDATE OF homework ON lessons FOR EACH ROW EXECUTE FUNCTION otmetka_alert_event('homework');--> statement-breakpoint
CREATE TRIGGER alert_on_individual_homework AFTER INSERT OR UPDATE OF text ON individual_homework FOR EACH ROW EXECUTE FUNCTION otmetka_alert_event('homework');--> statement-breakpoint
CREATE TRIGGER alert_on_answer AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION otmetka_alert_event('message');--> statement-breakpoint
-- The new tenant tables: row-level security and the app's grants, like every other.
SELECT otmetka_secure_tenant_tables();
