CREATE TABLE "calendar_feeds" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" uuid NOT NULL,
	"student_id" uuid,
	"staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "calendar_feeds_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "calendar_feeds_one_owner" CHECK (num_nonnulls("calendar_feeds"."student_id", "calendar_feeds"."staff_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_school_id_student_id_students_school_id_id_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_school_id_staff_id_staff_school_id_id_fk" FOREIGN KEY ("school_id","staff_id") REFERENCES "public"."staff"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token" ON "calendar_feeds" USING btree ("school_id","token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feeds_token_any_school" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_live_student" ON "calendar_feeds" USING btree ("school_id","account_id","student_id") WHERE "calendar_feeds"."revoked_at" is null and "calendar_feeds"."student_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_live_staff" ON "calendar_feeds" USING btree ("school_id","account_id","staff_id") WHERE "calendar_feeds"."revoked_at" is null and "calendar_feeds"."staff_id" is not null;--> statement-breakpoint
-- calendar_feeds is a tenant table: row-level security and the app's grants, like every other.
SELECT otmetka_secure_tenant_tables();--> statement-breakpoint
-- The school of a calendar link, found by the SHA-256 of its token alone: the public feed (a phone's calendar app, no
-- session) has nothing else to go on. Past row-level security like otmetka_account_schools, and it answers only a bare
-- school id for a hash it is given; the feed then opens that school's context and reads the link's row under its policy.
CREATE OR REPLACE FUNCTION otmetka_calendar_feed_school(hash text) RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public AS $fn$
  SELECT school_id FROM calendar_feeds WHERE token_hash = hash LIMIT 1
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION otmetka_calendar_feed_school(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION otmetka_calendar_feed_school(text) TO otmetka_app;
