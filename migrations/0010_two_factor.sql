CREATE TABLE "recovery_codes" (
	"account_id" uuid NOT NULL,
	"ordinal" smallint NOT NULL,
	"salt" text NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_codes_account_id_ordinal_pk" PRIMARY KEY("account_id","ordinal")
);
--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "two_factor_policy" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "totp_secret" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "totp_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_two_factor_policy" CHECK ("schools"."two_factor_policy" in ('off', 'leaders', 'staff'));--> statement-breakpoint
-- recovery_codes is a global table (keyed by account, no school_id): the app reads the unused codes, stores new ones,
-- marks one used (UPDATE used_at) and removes them on renewal, reset or turning the factor off (DELETE).
GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_codes TO otmetka_app;
