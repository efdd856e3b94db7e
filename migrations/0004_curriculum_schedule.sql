-- Hand-edited: the two composite foreign keys with ON DELETE SET NULL name the column to clear (PostgreSQL 15+),
-- otherwise PostgreSQL would null school_id too. drizzle-kit cannot express this; the snapshot keeps "set null".
CREATE TABLE "curriculum_items" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"hours_per_week" numeric(4, 1) NOT NULL,
	"lesson_kind" text DEFAULT 'regular' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "curriculum_items_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "curriculum_items_subject" UNIQUE("school_id","class_id","subject_id","lesson_kind")
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	CONSTRAINT "group_members_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "group_teachers" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	CONSTRAINT "group_teachers_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "ktp_topics" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"section" text,
	"title" text NOT NULL,
	"hours" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ktp_topics_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "ktp_topics_ordinal" UNIQUE("school_id","group_id","ordinal")
);
--> statement-breakpoint
CREATE TABLE "teaching_groups" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"year_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"class_id" uuid,
	"curriculum_item_id" uuid,
	"name" text NOT NULL,
	"lesson_kind" text DEFAULT 'regular' NOT NULL,
	"hours_per_week" numeric(4, 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teaching_groups_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "teaching_groups_name" UNIQUE("school_id","year_id","name")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid,
	"date" date NOT NULL,
	"starts_at" time,
	"ends_at" time,
	"title" text NOT NULL,
	"description" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"date" date NOT NULL,
	"lesson_number" integer NOT NULL,
	"staff_id" uuid NOT NULL,
	"room" text,
	"slot_id" uuid,
	"origin" text DEFAULT 'timetable' NOT NULL,
	"off_timetable" boolean DEFAULT false NOT NULL,
	"topic" text,
	"ktp_topic_id" uuid,
	"topic_overridden" boolean DEFAULT false NOT NULL,
	"work_done" text,
	"homework" text,
	"homework_minutes" integer,
	"control_work" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lessons_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "lessons_slot" UNIQUE("school_id","group_id","date","lesson_number")
);
--> statement-breakpoint
CREATE TABLE "substitutions" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"lesson_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"substitute_staff_id" uuid,
	"subject_id" uuid,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "substitutions_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "substitutions_lesson" UNIQUE("school_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "timetable_slots" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"timetable_id" uuid NOT NULL,
	"weekday" integer NOT NULL,
	"lesson_number" integer NOT NULL,
	"group_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"room" text,
	"week_parity" text,
	CONSTRAINT "timetable_slots_school_id_id_pk" PRIMARY KEY("school_id","id")
);
--> statement-breakpoint
CREATE TABLE "timetables" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"year_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "timetables_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "timetables_valid_from" UNIQUE("school_id","year_id","valid_from")
);
--> statement-breakpoint
ALTER TABLE "curriculum_items" ADD CONSTRAINT "curriculum_items_school_id_class_id_classes_school_id_id_fk" FOREIGN KEY ("school_id","class_id") REFERENCES "public"."classes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curriculum_items" ADD CONSTRAINT "curriculum_items_school_id_subject_id_subjects_school_id_id_fk" FOREIGN KEY ("school_id","subject_id") REFERENCES "public"."subjects"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_school_id_student_id_students_school_id_id_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_teachers" ADD CONSTRAINT "group_teachers_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_teachers" ADD CONSTRAINT "group_teachers_school_id_staff_id_staff_school_id_id_fk" FOREIGN KEY ("school_id","staff_id") REFERENCES "public"."staff"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ktp_topics" ADD CONSTRAINT "ktp_topics_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teaching_groups" ADD CONSTRAINT "teaching_groups_school_id_year_id_academic_years_school_id_id_fk" FOREIGN KEY ("school_id","year_id") REFERENCES "public"."academic_years"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teaching_groups" ADD CONSTRAINT "teaching_groups_school_id_subject_id_subjects_school_id_id_fk" FOREIGN KEY ("school_id","subject_id") REFERENCES "public"."subjects"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teaching_groups" ADD CONSTRAINT "teaching_groups_school_id_class_id_classes_school_id_id_fk" FOREIGN KEY ("school_id","class_id") REFERENCES "public"."classes"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teaching_groups" ADD CONSTRAINT "teaching_groups_school_id_curriculum_item_id_curriculum_items_school_id_id_fk" FOREIGN KEY ("school_id","curriculum_item_id") REFERENCES "public"."curriculum_items"("school_id","id") ON DELETE SET NULL ("curriculum_item_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_school_id_class_id_classes_school_id_id_fk" FOREIGN KEY ("school_id","class_id") REFERENCES "public"."classes"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_school_id_staff_id_staff_school_id_id_fk" FOREIGN KEY ("school_id","staff_id") REFERENCES "public"."staff"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_school_id_ktp_topic_id_ktp_topics_school_id_id_fk" FOREIGN KEY ("school_id","ktp_topic_id") REFERENCES "public"."ktp_topics"("school_id","id") ON DELETE SET NULL ("ktp_topic_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_school_id_lesson_id_lessons_school_id_id_fk" FOREIGN KEY ("school_id","lesson_id") REFERENCES "public"."lessons"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_school_id_substitute_staff_id_staff_school_id_id_fk" FOREIGN KEY ("school_id","substitute_staff_id") REFERENCES "public"."staff"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_school_id_subject_id_subjects_school_id_id_fk" FOREIGN KEY ("school_id","subject_id") REFERENCES "public"."subjects"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timetable_slots" ADD CONSTRAINT "timetable_slots_school_id_timetable_id_timetables_school_id_id_fk" FOREIGN KEY ("school_id","timetable_id") REFERENCES "public"."timetables"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timetable_slots" ADD CONSTRAINT "timetable_slots_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timetable_slots" ADD CONSTRAINT "timetable_slots_school_id_staff_id_staff_school_id_id_fk" FOREIGN KEY ("school_id","staff_id") REFERENCES "public"."staff"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timetables" ADD CONSTRAINT "timetables_school_id_year_id_academic_years_school_id_id_fk" FOREIGN KEY ("school_id","year_id") REFERENCES "public"."academic_years"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_members_group" ON "group_members" USING btree ("school_id","group_id");--> statement-breakpoint
CREATE INDEX "group_members_student" ON "group_members" USING btree ("school_id","student_id");--> statement-breakpoint
CREATE INDEX "group_teachers_staff" ON "group_teachers" USING btree ("school_id","staff_id");--> statement-breakpoint
CREATE INDEX "group_teachers_group" ON "group_teachers" USING btree ("school_id","group_id");--> statement-breakpoint
CREATE INDEX "teaching_groups_class" ON "teaching_groups" USING btree ("school_id","class_id");--> statement-breakpoint
CREATE INDEX "events_date" ON "events" USING btree ("school_id","date");--> statement-breakpoint
CREATE INDEX "lessons_date" ON "lessons" USING btree ("school_id","date","lesson_number");--> statement-breakpoint
CREATE INDEX "lessons_staff_date" ON "lessons" USING btree ("school_id","staff_id","date");--> statement-breakpoint
CREATE INDEX "substitutions_staff" ON "substitutions" USING btree ("school_id","substitute_staff_id");--> statement-breakpoint
CREATE INDEX "timetable_slots_timetable" ON "timetable_slots" USING btree ("school_id","timetable_id","weekday","lesson_number");