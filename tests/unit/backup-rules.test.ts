import { describe, expect, it } from 'vitest';
import {
  backupFileName, countDifferences, parseBackupFileName, periodsOf, sameSchema, schemaLabel, selectRetention, type KeepPolicy,
} from '../../src/modules/backup/rules.ts';

const at = (iso: string) => new Date(`${iso}Z`);
const named = (isos: string[]) => isos.map((iso) => ({ name: backupFileName(at(iso), 'postgres'), at: at(iso) }));
/** The kept backups' moments (newest first), as the retention rule decides them. */
function kept(isos: string[], policy: KeepPolicy): string[] {
  return selectRetention(named(isos), policy).filter((d) => d.keep).map((d) => d.at.toISOString().slice(0, 16));
}

describe('backup file names', () => {
  it.each([
    ['2026-11-23T07:05:09', 'postgres', 'otmetka-20261123-070509.dump'],
    ['2027-01-01T00:00:00', 'pglite', 'otmetka-20270101-000000.tar.gz'],
  ] as const)('%s (%s) → %s, and back', (iso, kind, name) => {
    expect(backupFileName(at(iso), kind)).toBe(name);
    expect(parseBackupFileName(name)).toEqual({ at: at(iso), kind });
  });

  it.each([
    'otmetka-20261123-070509.dump.json', 'otmetka-20261123-070509.sql', 'backup-20261123-070509.dump', 'otmetka-20261131-070509.dump',
    'otmetka-20261123-250509.dump', '.otmetka-20261123-070509.dump.partial', 'otmetka-2026112-070509.dump',
  ])('%s is not a backup name (retention never touches it)', (name) => {
    expect(parseBackupFileName(name)).toBeNull();
  });
});

describe('periods', () => {
  it.each([
    ['2026-11-23T10:00:00', '2026-11-23', '2026-W48', '2026-11'], // a Monday
    ['2026-11-29T23:59:59', '2026-11-29', '2026-W48', '2026-11'], // the Sunday of the same week
    ['2027-01-01T00:00:00', '2027-01-01', '2026-W53', '2027-01'], // a Friday: its week belongs to 2026
    ['2024-12-30T00:00:00', '2024-12-30', '2025-W01', '2024-12'], // a Monday whose Thursday is in 2025
  ])('%s: day %s, week %s, month %s', (iso, daily, weekly, monthly) => {
    expect(periodsOf(at(iso))).toEqual({ daily, weekly, monthly });
  });
});

describe('retention: the newest backup of each of the last N days, weeks, months that have backups', () => {
  // Nightly backups from 1 October to 23 November 2026 (a Monday), at 02:00 UTC.
  const nightly = Array.from({ length: 54 }, (_, i) => new Date(Date.UTC(2026, 9, 1 + i, 2)).toISOString().slice(0, 19));

  it.each<[string, string[], KeepPolicy, string[]]>([
    ['nothing to prune in an empty folder', [], { daily: 7, weekly: 5, monthly: 12 }, []],
    ['one backup is kept even with every count at 0', ['2026-11-23T02:00:00'], { daily: 0, weekly: 0, monthly: 0 }, ['2026-11-23T02:00']],
    ['every count 0: only the newest of many', nightly, { daily: 0, weekly: 0, monthly: 0 }, ['2026-11-23T02:00']],
    ['3 daily: the last three nights', nightly, { daily: 3, weekly: 0, monthly: 0 },
      ['2026-11-23T02:00', '2026-11-22T02:00', '2026-11-21T02:00']],
    ['two backups in a day: the later one is that day\'s', ['2026-11-22T02:00:00', '2026-11-22T14:00:00', '2026-11-23T02:00:00'],
      { daily: 2, weekly: 0, monthly: 0 }, ['2026-11-23T02:00', '2026-11-22T14:00']],
    ['3 weekly: the Sundays of the last two full weeks and this Monday', nightly, { daily: 0, weekly: 3, monthly: 0 },
      ['2026-11-23T02:00', '2026-11-22T02:00', '2026-11-15T02:00']],
    ['2 monthly: this month\'s newest and October\'s last', nightly, { daily: 0, weekly: 0, monthly: 2 },
      ['2026-11-23T02:00', '2026-10-31T02:00']],
    ['daily, weekly and monthly overlap: a backup kept for several reasons counts once', nightly, { daily: 2, weekly: 2, monthly: 2 },
      ['2026-11-23T02:00', '2026-11-22T02:00', '2026-10-31T02:00']],
    ['backups stopped for months: periods without backups do not count, old ones stay',
      ['2026-01-10T02:00:00', '2026-02-10T02:00:00', '2026-03-10T02:00:00', '2026-11-23T02:00:00'], { daily: 0, weekly: 0, monthly: 3 },
      ['2026-11-23T02:00', '2026-03-10T02:00', '2026-02-10T02:00']],
    ['the order of the input does not matter', ['2026-11-20T02:00:00', '2026-11-23T02:00:00', '2026-11-21T02:00:00'],
      { daily: 1, weekly: 0, monthly: 0 }, ['2026-11-23T02:00']],
  ])('%s', (_label, isos, policy, expected) => {
    expect(kept(isos, policy)).toEqual(expected);
  });

  it('defaults (7 daily, 5 weekly, 12 monthly) on the nightly autumn: 7 nights, 3 more Sundays, 31 October: 11 kept', () => {
    const decisions = selectRetention(named(nightly), { daily: 7, weekly: 5, monthly: 12 });
    expect(decisions.filter((d) => d.keep)).toHaveLength(11);
    expect(decisions.filter((d) => !d.keep)).toHaveLength(43);
    expect(decisions[0]!.reasons).toEqual(['newest', 'daily', 'weekly', 'monthly']);
    const reasons = (day: string) => decisions.find((d) => d.at.toISOString().startsWith(day))!.reasons;
    expect(reasons('2026-11-22')).toEqual(['daily', 'weekly']);
    expect(reasons('2026-11-01')).toEqual(['weekly']);
    expect(reasons('2026-10-31')).toEqual(['monthly']);
    expect(reasons('2026-10-25')).toEqual([]);
  });
});

describe('schema versions and counts', () => {
  const v = { tag: '0013_medal_thresholds', createdAt: 1796593250927, hash: 'ab' };
  it('the same migration is the same version; another timestamp or another SQL hash is not', () => {
    expect(sameSchema(v, { ...v, tag: null })).toBe(true);
    expect(sameSchema(v, { ...v, createdAt: 1 })).toBe(false);
    expect(sameSchema(v, { ...v, hash: 'cd' })).toBe(false);
  });

  it('a migration this code does not know is labelled by its date', () => {
    expect(schemaLabel(v)).toBe('0013_medal_thresholds');
    expect(schemaLabel({ ...v, tag: null, createdAt: Date.UTC(2027, 2, 1) })).toBe('неизвестная миграция от 2027-03-01');
  });

  it('count differences name each table, a missing one as «нет»', () => {
    expect(countDifferences({ a: 1, b: 2 }, { a: 1, b: 2 })).toEqual([]);
    expect(countDifferences({ a: 1, b: 2 }, { a: 1, b: 3, c: 0 })).toEqual(['b: 2 → 3', 'c: нет → 0']);
  });
});
