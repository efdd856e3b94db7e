// Which errors mean «the database is away» (503 + Retry-After, the process lives on) and which are bugs or bad data (500).
import { DrizzleQueryError } from 'drizzle-orm/errors';
import type { FastifyError } from 'fastify';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from '../../src/db/faults.ts';
import { describeError } from '../../src/web/errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['57P01 admin shutdown (pg_ctl restart -m fast)', withCode('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash shutdown', withCode('57P02')],
    ['57P03 the server is starting up', withCode('57P03', 'the database system is starting up')],
    ['08006 connection failure', withCode('08006')],
    ['08P01 protocol violation', withCode('08P01')],
    ['53300 too many connections', withCode('53300')],
    ['ECONNREFUSED', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['a dual-stack connect refused twice', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
    ['Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['Connection terminated due to connection timeout', new Error('Connection terminated due to connection timeout')],
    ['the pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a client already broken', new Error('Client has encountered a connection error and is not queryable')],
    ['drizzle wrapping 57P01', new DrizzleQueryError('select 1', [], withCode('57P01'))],
    ['drizzle wrapping a cut connection', new DrizzleQueryError('begin', [], new Error('Connection terminated unexpectedly'))],
  ])('%s: yes', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['23505 unique violation', withCode('23505')],
    ['42P01 undefined table', withCode('42P01')],
    ['57014 query cancelled (statement timeout)', withCode('57014')],
    ['drizzle wrapping a bug', new DrizzleQueryError('select', [], withCode('42703'))],
    ['a plain error', new Error('boom')],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('%s: no', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('describeError', () => {
  it('answers a database fault with 503, a Russian message and Retry-After', () => {
    const e = describeError(new DrizzleQueryError('select 1', [], withCode('57P01')) as unknown as FastifyError);
    expect(e).toMatchObject({ status: 503, retryAfter: 5 });
    expect(e.message).toContain('База данных временно недоступна');
  });

  it('keeps a bug a 500', () => {
    expect(describeError(withCode('42703') as FastifyError).status).toBe(500);
  });
});

describe('a unique violation no handler caught (two saves of the same thing at once)', () => {
  const unique = (constraint?: string, message = 'duplicate key value violates unique constraint') =>
    new DrizzleQueryError('insert …', [], Object.assign(withCode('23505', message), constraint ? { constraint } : {})) as unknown as FastifyError;

  it.each([
    ['a staff card\'s СНИЛС (pg names the constraint)', unique('staff_snils'), 'СНИЛС уже записан', 'Этот СНИЛС уже записан'],
    ['a guardian\'s СНИЛС (named only in the message)', unique(undefined, 'duplicate key value violates unique constraint "guardians_snils"'), 'СНИЛС уже записан', 'Этот СНИЛС уже записан'],
    ['any other unique constraint', unique('students_personal_file'), 'Такая запись уже есть', 'Ничего не изменено'],
  ])('%s → 409 with what to do', (_name, err, title, text) => {
    const e = describeError(err);
    expect(e.status).toBe(409);
    expect(e.title).toBe(title);
    expect(e.message).toContain(text);
  });
});

describe('isUniqueViolation', () => {
  const err = (fields: Record<string, unknown>) => new DrizzleQueryError('insert …', [], Object.assign(new Error(String(fields.message ?? 'x')), fields));
  it.each([
    ['the driver names this constraint', { code: '23505', constraint: 'staff_snils' }, true],
    ['the driver names another', { code: '23505', constraint: 'students_snils' }, false],
    ['only the message names it', { code: '23505', message: 'duplicate key value violates unique constraint "staff_snils"' }, true],
    ['only the message names another', { code: '23505', message: 'duplicate key value violates unique constraint "other"' }, false],
    ['no name anywhere', { code: '23505', message: 'duplicate key' }, true],
    ['another error', { code: '23503', constraint: 'staff_snils' }, false],
  ])('%s → %s', (_name, fields, expected) => {
    expect(isUniqueViolation(err(fields), 'staff_snils')).toBe(expected);
  });
});
