CREATE TABLE "diary_views" (
	"school_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"views" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "diary_views_school_id_account_id_student_id_week_start_pk" PRIMARY KEY("school_id","account_id","student_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "control_mark_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "control_works_main_limit" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "control_works_other_limit" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "diary_views" ADD CONSTRAINT "diary_views_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_views" ADD CONSTRAINT "diary_views_school_id_student_id_students_school_id_id_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "diary_views_week" ON "diary_views" USING btree ("school_id","week_start");--> statement-breakpoint
-- diary_views is a tenant table: row-level security and the app's grants, like every other.
SELECT otmetka_secure_tenant_tables();
