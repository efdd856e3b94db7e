CREATE TABLE "account_identities" (
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"provider_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"linked_by" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_identities_issuer_subject_pk" PRIMARY KEY("issuer","subject"),
	CONSTRAINT "account_identities_one_per_provider" UNIQUE("account_id","provider_id")
);
--> statement-breakpoint
CREATE TABLE "account_link_codes" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_link_codes_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "oidc_used_flows" (
	"flow_hash" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_identities" ADD CONSTRAINT "account_identities_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_link_codes" ADD CONSTRAINT "account_link_codes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oidc_used_flows_expires" ON "oidc_used_flows" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "snils" text;--> statement-breakpoint
ALTER TABLE "students" ADD COLUMN "snils" text;--> statement-breakpoint
ALTER TABLE "guardians" ADD COLUMN "snils" text;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_snils" UNIQUE("school_id","snils");--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_snils" UNIQUE("school_id","snils");--> statement-breakpoint
ALTER TABLE "guardians" ADD CONSTRAINT "guardians_snils" UNIQUE("school_id","snils");--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "password_login" text DEFAULT 'allowed' NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_password_login" CHECK ("schools"."password_login" in ('allowed', 'provider', 'provider_except_students'));--> statement-breakpoint
-- Global tables keyed by account or by the provider's subject (accounts are global): the app links and unlinks
-- identities, replaces and uses link codes, and remembers consumed sign-in flows until they expire.
GRANT SELECT, INSERT, DELETE ON account_identities TO otmetka_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON account_link_codes TO otmetka_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON oidc_used_flows TO otmetka_app;--> statement-breakpoint
-- The accounts whose person card (staff, guardian or student, through the membership) carries this СНИЛС, in any
-- school: linking by СНИЛС has only the provider's claim to go on and no school yet. Past row-level security like
-- otmetka_account_schools; it answers bare account ids (with the school) for an exact СНИЛС it is given.
CREATE OR REPLACE FUNCTION otmetka_accounts_by_snils(value text) RETURNS TABLE (account_id uuid, school_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $fn$
  SELECT DISTINCT m.account_id, m.school_id FROM memberships m
  WHERE m.disabled_at IS NULL AND (
    EXISTS (SELECT 1 FROM staff p WHERE p.school_id = m.school_id AND p.id = m.staff_id AND p.snils = value)
    OR EXISTS (SELECT 1 FROM guardians p WHERE p.school_id = m.school_id AND p.id = m.guardian_id AND p.snils = value)
    OR EXISTS (SELECT 1 FROM students p WHERE p.school_id = m.school_id AND p.id = m.student_id AND p.snils = value))
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION otmetka_accounts_by_snils(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION otmetka_accounts_by_snils(text) TO otmetka_app;
