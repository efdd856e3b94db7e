CREATE TABLE "pd_consents" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid,
	"guardian_id" uuid,
	"given_by_guardian_id" uuid,
	"student_cosigned" boolean DEFAULT false NOT NULL,
	"given_on" date NOT NULL,
	"purposes" text[] NOT NULL,
	"document" text NOT NULL,
	"withdrawn_on" date,
	"withdrawal_document" text,
	"withdrawal_reason" text,
	"erased" text[],
	"recorded_by" uuid,
	"withdrawn_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "pd_consents_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "pd_consents_one_subject" CHECK (num_nonnulls("pd_consents"."student_id", "pd_consents"."guardian_id") = 1),
	CONSTRAINT "pd_consents_some_purpose" CHECK (cardinality("pd_consents"."purposes") > 0),
	CONSTRAINT "pd_consents_withdrawal" CHECK (("pd_consents"."withdrawn_on" is null) = ("pd_consents"."withdrawn_at" is null))
);
--> statement-breakpoint
ALTER TABLE "pd_consents" ADD CONSTRAINT "pd_consents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pd_consents" ADD CONSTRAINT "pd_consents_student_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pd_consents" ADD CONSTRAINT "pd_consents_guardian_fk" FOREIGN KEY ("school_id","guardian_id") REFERENCES "public"."guardians"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pd_consents" ADD CONSTRAINT "pd_consents_given_by_fk" FOREIGN KEY ("school_id","given_by_guardian_id") REFERENCES "public"."guardians"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pd_consents" ADD CONSTRAINT "pd_consents_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pd_consents" ADD CONSTRAINT "pd_consents_withdrawn_by_accounts_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pd_consents_student" ON "pd_consents" USING btree ("school_id","student_id");--> statement-breakpoint
CREATE INDEX "pd_consents_guardian" ON "pd_consents" USING btree ("school_id","guardian_id");--> statement-breakpoint
-- pd_consents is a tenant table: row-level security and the app's grants, like every other.
SELECT otmetka_secure_tenant_tables();
