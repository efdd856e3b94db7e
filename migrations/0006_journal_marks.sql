CREATE TABLE "attendance" (
	"school_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "attendance_school_id_lesson_id_student_id_pk" PRIMARY KEY("school_id","lesson_id","student_id"),
	CONSTRAINT "attendance_kind" CHECK ("attendance"."kind" in ('absent', 'late')),
	CONSTRAINT "attendance_reason" CHECK ("attendance"."reason" is null or "attendance"."reason" in ('illness', 'valid', 'invalid'))
);
--> statement-breakpoint
CREATE TABLE "individual_homework" (
	"school_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"text" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "individual_homework_school_id_lesson_id_student_id_pk" PRIMARY KEY("school_id","lesson_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "journal_reopens" (
	"school_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"lesson_id" uuid,
	"group_id" uuid NOT NULL,
	"period_id" uuid,
	"until_date" date NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_reopens_school_id_id_pk" PRIMARY KEY("school_id","id"),
	CONSTRAINT "journal_reopens_what" CHECK (("journal_reopens"."lesson_id" is null) <> ("journal_reopens"."period_id" is null))
);
--> statement-breakpoint
CREATE TABLE "lesson_columns" (
	"school_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"column_no" smallint NOT NULL,
	"work_type_id" uuid NOT NULL,
	CONSTRAINT "lesson_columns_school_id_lesson_id_column_no_pk" PRIMARY KEY("school_id","lesson_id","column_no"),
	CONSTRAINT "lesson_columns_no" CHECK ("lesson_columns"."column_no" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "marks" (
	"school_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"column_no" smallint NOT NULL,
	"value" smallint NOT NULL,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "marks_school_id_lesson_id_student_id_column_no_pk" PRIMARY KEY("school_id","lesson_id","student_id","column_no"),
	CONSTRAINT "marks_value" CHECK ("marks"."value" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "period_closures" (
	"school_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "period_closures_school_id_group_id_period_id_pk" PRIMARY KEY("school_id","group_id","period_id")
);
--> statement-breakpoint
CREATE TABLE "period_marks" (
	"school_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"period_id" uuid,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "period_marks_slot" UNIQUE NULLS NOT DISTINCT("school_id","group_id","student_id","kind","period_id"),
	CONSTRAINT "period_marks_kind" CHECK (("period_marks"."kind" = 'period') = ("period_marks"."period_id" is not null) and "period_marks"."kind" in ('period', 'year', 'exam', 'final'))
);
--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "journal_edit_days" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "min_marks_per_period" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "period_rounding" text DEFAULT 'half_up' NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "class_teacher_period_marks" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_school_id_lesson_id_lessons_school_id_id_fk" FOREIGN KEY ("school_id","lesson_id") REFERENCES "public"."lessons"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_school_id_student_id_students_school_id_id_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_homework" ADD CONSTRAINT "individual_homework_school_id_lesson_id_lessons_school_id_id_fk" FOREIGN KEY ("school_id","lesson_id") REFERENCES "public"."lessons"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_homework" ADD CONSTRAINT "individual_homework_school_id_student_id_students_school_id_id_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_reopens" ADD CONSTRAINT "journal_reopens_school_id_lesson_id_lessons_school_id_id_fk" FOREIGN KEY ("school_id","lesson_id") REFERENCES "public"."lessons"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_reopens" ADD CONSTRAINT "journal_reopens_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_reopens" ADD CONSTRAINT "journal_reopens_school_id_period_id_periods_school_id_id_fk" FOREIGN KEY ("school_id","period_id") REFERENCES "public"."periods"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_columns" ADD CONSTRAINT "lesson_columns_school_id_lesson_id_lessons_school_id_id_fk" FOREIGN KEY ("school_id","lesson_id") REFERENCES "public"."lessons"("school_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_columns" ADD CONSTRAINT "lesson_columns_school_id_work_type_id_work_types_school_id_id_fk" FOREIGN KEY ("school_id","work_type_id") REFERENCES "public"."work_types"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marks" ADD CONSTRAINT "marks_school_id_lesson_id_column_no_lesson_columns_school_id_lesson_id_column_no_fk" FOREIGN KEY ("school_id","lesson_id","column_no") REFERENCES "public"."lesson_columns"("school_id","lesson_id","column_no") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marks" ADD CONSTRAINT "marks_school_id_student_id_students_school_id_id_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_closures" ADD CONSTRAINT "period_closures_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_closures" ADD CONSTRAINT "period_closures_school_id_period_id_periods_school_id_id_fk" FOREIGN KEY ("school_id","period_id") REFERENCES "public"."periods"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_marks" ADD CONSTRAINT "period_marks_school_id_group_id_teaching_groups_school_id_id_fk" FOREIGN KEY ("school_id","group_id") REFERENCES "public"."teaching_groups"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_marks" ADD CONSTRAINT "period_marks_school_id_student_id_students_school_id_id_fk" FOREIGN KEY ("school_id","student_id") REFERENCES "public"."students"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_marks" ADD CONSTRAINT "period_marks_school_id_period_id_periods_school_id_id_fk" FOREIGN KEY ("school_id","period_id") REFERENCES "public"."periods"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_student" ON "attendance" USING btree ("school_id","student_id");--> statement-breakpoint
CREATE INDEX "journal_reopens_group" ON "journal_reopens" USING btree ("school_id","group_id");--> statement-breakpoint
CREATE INDEX "marks_student" ON "marks" USING btree ("school_id","student_id");