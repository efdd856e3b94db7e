CREATE TABLE "work_types" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"weight" numeric(3, 1) DEFAULT '1.0' NOT NULL,
	"is_control" boolean DEFAULT false NOT NULL,
	"ordinal" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_types_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "work_types_name" UNIQUE("school_id","name"),
	CONSTRAINT "work_types_weight" CHECK ("work_types"."weight" >= 0.5 and "work_types"."weight" <= 5)
);
--> statement-breakpoint
ALTER TABLE "work_types" ADD CONSTRAINT "work_types_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;