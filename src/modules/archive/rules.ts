// Pure rules of the year's archive: the ZIP's file names, the manifest (what it holds, its exact bytes, reading it back),
// the comparison of a ZIP's entries with its manifest, the class lists on each date of change, and the verdict of
// `archive verify` in Russian. No I/O: the crypto lives in keys.ts, the ZIP in zip-writer.ts and verify.ts.
//
// The rule of the manifest:
// - `manifest.json` is the ZIP's last entry but one, `manifest.sig` its last: base64 Ed25519 over the exact bytes of
//   manifest.json; the manifest names every other entry once, with its size, SHA-256 and (for a CSV) its data rows;
// - an archive is intact when the signature is right, and every entry named is there with that size and hash, and
//   there is no entry the manifest does not name; the first file that fails is named (in the manifest's order).
import { transliterate } from '../accounts/translit.ts';
import { addDays } from '../../web/dates.ts';

export const FORMAT = 'otmetka-year-archive';
export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';

export type ManifestFile = { path: string; size: number; sha256: string; rows: number | null };
export type Manifest = {
  format: typeof FORMAT;
  formatVersion: number;
  app: { name: string; version: string };
  createdAt: string;
  school: { id: string; name: string };
  year: { id: string; name: string; startsOn: string; endsOn: string; status: string };
  csv: { encoding: string; separator: string; lineEnd: string; dates: string };
  counts: Record<string, number>;
  files: ManifestFile[];
  totals: { files: number; bytes: number; rows: number };
  signature: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string; file: typeof SIGNATURE };
};

/** One path segment of ASCII letters, digits and '-': «Математика 5А» → «matematika-5a»; empty → 'x'. */
export function pathSegment(text: string): string {
  const s = transliterate(text).replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return s.slice(0, 60) || 'x';
}

/** Names unique among `taken` (case-insensitive): the second «5a» becomes «5a-2». Adds the result to `taken`. */
export function uniqueSegment(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The manifest's exact bytes: pretty JSON with a final newline (the signature is over these). */
export const manifestBytes = (m: Manifest): Buffer => Buffer.from(`${JSON.stringify(m, null, 2)}\n`, 'utf8');

export function totalsOf(files: readonly ManifestFile[]): Manifest['totals'] {
  return {
    files: files.length,
    bytes: files.reduce((n, f) => n + f.size, 0),
    rows: files.reduce((n, f) => n + (f.rows ?? 0), 0),
  };
}

const HEX64 = /^[0-9a-f]{64}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFile = (f: unknown): f is ManifestFile => isRecord(f) && typeof f.path === 'string' && f.path !== ''
  && Number.isSafeInteger(f.size) && (f.size as number) >= 0 && typeof f.sha256 === 'string' && HEX64.test(f.sha256)
  && (f.rows === null || (Number.isSafeInteger(f.rows) && (f.rows as number) >= 0));

/** The manifest read back, or null when the text is not one of ours (not JSON, another format, a newer version). */
export function parseManifest(text: string): Manifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.format !== FORMAT || value.formatVersion !== FORMAT_VERSION) return null;
  const sig = value.signature;
  if (!isRecord(sig) || sig.algorithm !== 'Ed25519' || typeof sig.publicKey !== 'string') return null;
  if (!Array.isArray(value.files) || !value.files.every(isFile)) return null;
  const paths = new Set(value.files.map((f) => f.path));
  if (paths.size !== value.files.length || paths.has(MANIFEST) || paths.has(SIGNATURE)) return null;
  if (!isRecord(value.school) || !isRecord(value.year)) return null;
  return value as unknown as Manifest;
}

export type EntryFact = { path: string; size: number };
export type FileProblem = { path: string; problem: 'missing' | 'extra' | 'size' | 'hash' | 'unreadable' };

/**
 * The first entry problem visible from the ZIP's directory alone: a file of the manifest that is missing or has another
 * size (in the manifest's order), then an entry the manifest does not name (in the ZIP's order); null when none.
 */
export function directoryProblem(manifest: Manifest, entries: readonly EntryFact[]): FileProblem | null {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const f of manifest.files) {
    const e = byPath.get(f.path);
    if (!e) return { path: f.path, problem: 'missing' };
    if (e.size !== f.size) return { path: f.path, problem: 'size' };
  }
  const named = new Set([...manifest.files.map((f) => f.path), MANIFEST, SIGNATURE]);
  const extra = entries.find((e) => !named.has(e.path) && !e.path.endsWith('/'));
  return extra ? { path: extra.path, problem: 'extra' } : null;
}

export type Verdict =
  | { ok: true; files: number; fingerprint: string; keyGiven: boolean; school: string; year: string }
  | { ok: false; kind: 'not-ours'; detail: string }
  | { ok: false; kind: 'signature' }
  | { ok: false; kind: 'other-key'; fingerprint: string }
  | ({ ok: false; kind: 'file' } & FileProblem);

const FILE_PROBLEMS: Record<FileProblem['problem'], string> = {
  missing: 'его нет в архиве',
  extra: 'его нет в манифесте (файл добавлен)',
  size: 'размер не совпадает с манифестом',
  hash: 'хеш SHA-256 не совпадает с манифестом',
  unreadable: 'файл повреждён: не распаковывается',
};

/** `archive verify`'s answer, one line or two. */
export function verdictText(v: Verdict): string {
  if (v.ok) {
    const key = v.keyGiven ? 'ключом из --key' : `ключом из манифеста ${v.fingerprint}; сравните его с ключом на странице «Архив года»`;
    return `Архив цел: ${v.files} ${filesWord(v.files)}, подпись верна (${key}).\n${v.school}, ${v.year} учебный год.`;
  }
  switch (v.kind) {
    case 'not-ours': return `Это не архив Отметки: ${v.detail}.`;
    case 'signature': return 'Подпись не сходится: манифест изменён или подписан не этим ключом.';
    case 'other-key': return `Подпись не сходится: архив подписан другим ключом (${v.fingerprint}), не ключом из --key.`;
    case 'file': return `Архив повреждён: ${v.path} — ${FILE_PROBLEMS[v.problem]}.`;
  }
}

function filesWord(n: number): string {
  const m10 = n % 10, m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return 'файл';
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return 'файла';
  return 'файлов';
}

/** A stay in a class: from startsOn (inclusive) to endsOn (exclusive; null: still there). */
export type ClassStay = { studentId: string; startsOn: string; endsOn: string | null };

/**
 * The dates a class list changes within the year: the year's first day (or the class's first arrival after it), then
 * every arrival and every first day out that falls inside the year. Sorted, unique.
 */
export function changeDates(stays: readonly ClassStay[], year: { startsOn: string; endsOn: string }): string[] {
  const inYear = (d: string) => d >= year.startsOn && d <= year.endsOn;
  const dates = new Set<string>();
  for (const s of stays) {
    if (s.startsOn > year.endsOn || (s.endsOn !== null && s.endsOn <= year.startsOn)) continue;
    dates.add(s.startsOn < year.startsOn ? year.startsOn : s.startsOn);
    if (s.endsOn !== null && inYear(s.endsOn)) dates.add(s.endsOn);
  }
  return [...dates].sort();
}

/** Who is in the class on a date (by the stays). */
export const inClassOn = (stays: readonly ClassStay[], date: string) =>
  [...new Set(stays.filter((s) => s.startsOn <= date && (s.endsOn === null || s.endsOn > date)).map((s) => s.studentId))];

/** The year's audit window in school dates: from its first day to the day after its last (exclusive). */
export const auditWindow = (year: { startsOn: string; endsOn: string }) => ({ from: year.startsOn, toExclusive: addDays(year.endsOn, 1) });

/** A moment as the archive's CSV writes it: ISO 8601 in UTC («2026-11-23T07:00:00.000Z»); null stays empty. */
export const isoMoment = (at: Date | string | null | undefined): string | null => (at ? new Date(at).toISOString() : null);

/** «Фамилия Имя Отчество». */
export const fullName = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
