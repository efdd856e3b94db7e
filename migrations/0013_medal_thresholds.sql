ALTER TABLE "schools" ADD COLUMN "medal_first_max_fours" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "medal_second_max_fours" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "distinction_max_fours" integer DEFAULT 0 NOT NULL;