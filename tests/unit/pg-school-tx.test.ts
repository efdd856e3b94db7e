import { describe, expect, it } from 'vitest';
import { plainSelect } from '../../src/db/pg-school-tx.ts';

// A request whose transaction sent only plain SELECTs commits after its answer has gone out (web/tenant-tx.ts): anything
// that might write must be told apart, erring on the side of "writes".
describe('plainSelect: does a statement certainly write nothing', () => {
  it.each([
    ['select "lessons"."id" from "lessons" where "lessons"."school_id" = $1', true],
    ['  SELECT updated_at, deleted_by FROM marks', true],
    ["select set_config('app.account_id', $1, true)", true],
    ['select * from otmetka_family_children_of($1::uuid, $2::date)', true],
    ['insert into diary_views (school_id) values ($1)', false],
    ['update marks set value = $1', false],
    ['delete from sessions where sid = $1', false],
    ['with cell_write as (insert into marks values ($1)) insert into audit_events values ($2)', false],
    ['with g as (select 1) select * from g', false],
    ['select id from lessons where id = $1 for update of lessons', false],
    ["select nextval('receipt_no')", false],
    ['select pg_advisory_xact_lock(1, 2)', false],
    ['commit', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(plainSelect(text)).toBe(expected);
  });
});
