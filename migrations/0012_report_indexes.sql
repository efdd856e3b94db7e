CREATE INDEX "audit_events_entity_at" ON "audit_events" USING btree ("school_id","entity","at");--> statement-breakpoint
CREATE INDEX "lessons_control_work" ON "lessons" USING btree ("school_id","date") WHERE "lessons"."control_work";--> statement-breakpoint
CREATE INDEX "lessons_incomplete" ON "lessons" USING btree ("school_id","date") WHERE ((coalesce(btrim("lessons"."topic"), '') = '' and "lessons"."ktp_topic_id" is null) or coalesce(btrim("lessons"."homework"), '') = ''
  or "lessons"."attendance_taken_at" is null);--> statement-breakpoint
CREATE INDEX "lesson_columns_work_type" ON "lesson_columns" USING btree ("school_id","work_type_id");