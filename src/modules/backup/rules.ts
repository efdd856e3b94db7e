// Pure rules of backups: file names, which backups a retention policy keeps, whether a backup fits this code's schema.

export type BackupKind = 'postgres' | 'pglite';

/** The file's extension by kind: pg_dump's custom format, or PGlite's data-directory tarball. */
export const EXTENSION: Record<BackupKind, string> = { postgres: '.dump', pglite: '.tar.gz' };

/** The metadata sidecar beside each backup file: `otmetka-20261123-070000.dump.json`. */
export const META_SUFFIX = '.json';

const NAME = /^otmetka-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(\.dump|\.tar\.gz)$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `otmetka-YYYYMMDD-HHMMSS.dump` (or `.tar.gz`), the moment in UTC, so names sort by time. */
export function backupFileName(at: Date, kind: BackupKind): string {
  const d = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  const t = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
  return `otmetka-${d}-${t}${EXTENSION[kind]}`;
}

/** The moment and kind a backup file's name says, or null for any other file (never touched by retention). */
export function parseBackupFileName(name: string): { at: Date; kind: BackupKind } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return { at, kind: m[7] === '.dump' ? 'postgres' : 'pglite' };
}

export type KeepPolicy = { daily: number; weekly: number; monthly: number };

export type KeepReason = 'newest' | 'daily' | 'weekly' | 'monthly';

export type RetentionDecision = { name: string; at: Date; keep: boolean; reasons: KeepReason[] };

/** The UTC day, ISO week (`2026-W48`) and month a moment falls in. */
export function periodsOf(at: Date): Record<Exclude<KeepReason, 'newest'>, string> {
  const day = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  // ISO 8601 week: the week (Monday to Sunday) belongs to the year of its Thursday.
  const thursday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return { daily: day, weekly: `${thursday.getUTCFullYear()}-W${pad(week)}`, monthly: day.slice(0, 7) };
}

/**
 * Grandfather-father-son retention, as restic's `--keep-daily/-weekly/-monthly`: for each of the last N days (weeks,
 * months) that have backups, the newest backup of that period is kept. Periods without backups do not count, so when
 * backups stop, the old ones are not pruned away. The newest backup is always kept, whatever the policy.
 */
export function selectRetention(backups: ReadonlyArray<{ name: string; at: Date }>, policy: KeepPolicy): RetentionDecision[] {
  const sorted = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime() || b.name.localeCompare(a.name));
  const seen: Record<Exclude<KeepReason, 'newest'>, Set<string>> = { daily: new Set(), weekly: new Set(), monthly: new Set() };
  return sorted.map((b, i) => {
    const reasons: KeepReason[] = i === 0 ? ['newest'] : [];
    const periods = periodsOf(b.at);
    for (const bucket of ['daily', 'weekly', 'monthly'] as const) {
      const period = periods[bucket];
      if (seen[bucket].has(period) || seen[bucket].size >= policy[bucket]) continue;
      seen[bucket].add(period);
      reasons.push(bucket);
    }
    return { name: b.name, at: b.at, keep: reasons.length > 0, reasons };
  });
}

/** A schema version: the last applied drizzle migration (its journal `when`, the SHA-256 of its SQL) and its tag. */
export type SchemaVersion = { tag: string | null; createdAt: number; hash: string };

/** The label a person reads: the migration's tag, or its timestamp when this code does not know it. */
export function schemaLabel(v: SchemaVersion): string {
  return v.tag ?? `неизвестная миграция от ${new Date(v.createdAt).toISOString().slice(0, 10)}`;
}

export function sameSchema(a: SchemaVersion, b: SchemaVersion): boolean {
  return a.createdAt === b.createdAt && a.hash === b.hash;
}

/** Per-table row counts that differ between two censuses (a table missing on one side counts as differing). */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const tables = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return tables.filter((t) => expected[t] !== actual[t]).map((t) => `${t}: ${expected[t] ?? 'нет'} → ${actual[t] ?? 'нет'}`);
}
