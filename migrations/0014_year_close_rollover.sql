ALTER TABLE "academic_years" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "academic_years" ADD COLUMN "previous_year_id" uuid;--> statement-breakpoint
ALTER TABLE "classes" ADD COLUMN "previous_class_id" uuid;--> statement-breakpoint
ALTER TABLE "academic_years" ADD CONSTRAINT "academic_years_school_id_previous_year_id_academic_years_school_id_id_fk" FOREIGN KEY ("school_id","previous_year_id") REFERENCES "public"."academic_years"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_school_id_previous_class_id_classes_school_id_id_fk" FOREIGN KEY ("school_id","previous_class_id") REFERENCES "public"."classes"("school_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academic_years" ADD CONSTRAINT "academic_years_previous" UNIQUE("school_id","previous_year_id");--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_previous" UNIQUE("school_id","previous_class_id");--> statement-breakpoint
-- A closed year is read-only: the database itself refuses a write to its journal, timetable, curriculum, calendar and
-- contingent rows (SQLSTATE OTY01, the year's name in the message's detail; the app answers 409 in Russian). Statement
-- triggers over transition tables: one set-wise check per statement, so a bulk insert of a year's marks costs one join.
-- Each function finds the rows' year through the column its tables share (year_id, class_id, group_id, lesson_id, …).
CREATE OR REPLACE FUNCTION otmetka_refuse_closed_year(year_name text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'academic year % is closed', year_name USING ERRCODE = 'OTY01', DETAIL = year_name;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_year() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT a.name INTO y FROM new_rows n JOIN academic_years a ON a.school_id = n.school_id AND a.id = n.year_id
      WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT a.name INTO y FROM old_rows o JOIN academic_years a ON a.school_id = o.school_id AND a.id = o.year_id
      WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_class() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT a.name INTO y FROM new_rows n JOIN classes c ON c.school_id = n.school_id AND c.id = n.class_id
      JOIN academic_years a ON a.school_id = c.school_id AND a.id = c.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT a.name INTO y FROM old_rows o JOIN classes c ON c.school_id = o.school_id AND c.id = o.class_id
      JOIN academic_years a ON a.school_id = c.school_id AND a.id = c.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_group() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT a.name INTO y FROM new_rows n JOIN teaching_groups g ON g.school_id = n.school_id AND g.id = n.group_id
      JOIN academic_years a ON a.school_id = g.school_id AND a.id = g.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT a.name INTO y FROM old_rows o JOIN teaching_groups g ON g.school_id = o.school_id AND g.id = o.group_id
      JOIN academic_years a ON a.school_id = g.school_id AND a.id = g.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_lesson() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT a.name INTO y FROM new_rows n JOIN lessons l ON l.school_id = n.school_id AND l.id = n.lesson_id
      JOIN teaching_groups g ON g.school_id = l.school_id AND g.id = l.group_id
      JOIN academic_years a ON a.school_id = g.school_id AND a.id = g.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT a.name INTO y FROM old_rows o JOIN lessons l ON l.school_id = o.school_id AND l.id = o.lesson_id
      JOIN teaching_groups g ON g.school_id = l.school_id AND g.id = l.group_id
      JOIN academic_years a ON a.school_id = g.school_id AND a.id = g.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_timetable() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT a.name INTO y FROM new_rows n JOIN timetables t ON t.school_id = n.school_id AND t.id = n.timetable_id
      JOIN academic_years a ON a.school_id = t.school_id AND a.id = t.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT a.name INTO y FROM old_rows o JOIN timetables t ON t.school_id = o.school_id AND t.id = o.timetable_id
      JOIN academic_years a ON a.school_id = t.school_id AND a.id = t.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_scheme() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT a.name INTO y FROM new_rows n JOIN period_schemes s ON s.school_id = n.school_id AND s.id = n.scheme_id
      JOIN academic_years a ON a.school_id = s.school_id AND a.id = s.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT a.name INTO y FROM old_rows o JOIN period_schemes s ON s.school_id = o.school_id AND s.id = o.scheme_id
      JOIN academic_years a ON a.school_id = s.school_id AND a.id = s.year_id WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
-- An order item takes effect on a day of a closed year: the book of that year is closed (a promotion effective on the
-- next year's first day is not, so the rollover may place it).
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_effective_day() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT a.name INTO y FROM new_rows n JOIN academic_years a ON a.school_id = n.school_id
      AND n.effective_on BETWEEN a.starts_on AND a.ends_on WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT a.name INTO y FROM old_rows o JOIN academic_years a ON a.school_id = o.school_id
      AND o.effective_on BETWEEN a.starts_on AND a.ends_on WHERE a.status = 'closed' LIMIT 1;
    IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
-- Cancelling an order whose items take effect in a closed year.
CREATE OR REPLACE FUNCTION otmetka_closed_year_by_order() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE y text;
BEGIN
  -- Most schools have no closed year most of the time (and a year's bulk writes happen before it closes).
  IF NOT EXISTS (SELECT 1 FROM academic_years WHERE status = 'closed') THEN RETURN NULL; END IF;
  SELECT a.name INTO y FROM new_rows n JOIN order_items i ON i.school_id = n.school_id AND i.order_id = n.id
    JOIN academic_years a ON a.school_id = i.school_id AND i.effective_on BETWEEN a.starts_on AND a.ends_on
    WHERE a.status = 'closed' LIMIT 1;
  IF y IS NOT NULL THEN PERFORM otmetka_refuse_closed_year(y); END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
-- A closed year's own dates and name stay as they were (closing and reopening change only status and closed_at).
CREATE OR REPLACE FUNCTION otmetka_closed_year_itself() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.status = 'closed' AND NEW.status = 'closed'
     AND (NEW.starts_on, NEW.ends_on, NEW.name) IS DISTINCT FROM (OLD.starts_on, OLD.ends_on, OLD.name) THEN
    PERFORM otmetka_refuse_closed_year(OLD.name);
  END IF;
  RETURN NEW;
END $fn$;--> statement-breakpoint
CREATE TRIGGER academic_years_closed BEFORE UPDATE ON academic_years
  FOR EACH ROW EXECUTE FUNCTION otmetka_closed_year_itself();--> statement-breakpoint
CREATE OR REPLACE FUNCTION otmetka_guard_closed_years() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('period_schemes', 'year'), ('holidays', 'year'), ('transferred_days', 'year'), ('classes', 'year'),
    ('teaching_groups', 'year'), ('timetables', 'year'), ('periods', 'scheme'), ('curriculum_items', 'class'),
    ('events', 'class'), ('group_members', 'group'), ('group_teachers', 'group'), ('ktp_topics', 'group'),
    ('lessons', 'group'), ('period_marks', 'group'), ('period_closures', 'group'), ('journal_reopens', 'group'),
    ('timetable_slots', 'timetable'), ('substitutions', 'lesson'), ('lesson_columns', 'lesson'), ('marks', 'lesson'),
    ('attendance', 'lesson'), ('individual_homework', 'lesson'), ('order_items', 'effective_day')
  ) AS v(tbl, via) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION otmetka_closed_year_by_%s()', t.tbl || '_closed_year_ins', t.tbl, t.via);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION otmetka_closed_year_by_%s()', t.tbl || '_closed_year_upd', t.tbl, t.via);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION otmetka_closed_year_by_%s()', t.tbl || '_closed_year_del', t.tbl, t.via);
  END LOOP;
  CREATE TRIGGER orders_closed_year_upd AFTER UPDATE ON orders REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION otmetka_closed_year_by_order();
END $fn$;--> statement-breakpoint
SELECT otmetka_guard_closed_years();--> statement-breakpoint
DROP FUNCTION otmetka_guard_closed_years();
