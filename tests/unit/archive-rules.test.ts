// The year archive's pure rules: file names in the ZIP, the manifest's bytes and what counts as one of ours, the entries
// compared with the manifest, the verdict in Russian, the class lists on each date of change; and the Ed25519 key file.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveKeyError, existingKey, fingerprintOf, loadOrCreateKey, publicKeyFromPem, signBytes, signatureHolds } from '../../src/modules/archive/keys.ts';
import {
  changeDates, directoryProblem, inClassOn, manifestBytes, parseManifest, pathSegment, totalsOf, uniqueSegment, verdictText,
  type ClassStay, type EntryFact, type Manifest, type Verdict,
} from '../../src/modules/archive/rules.ts';

const HASH = 'a'.repeat(64);
const manifest = (files: Manifest['files'] = [
  { path: 'marks.csv', size: 10, sha256: HASH, rows: 2 }, { path: 'journal/5a/m.html', size: 20, sha256: 'b'.repeat(64), rows: null },
]): Manifest => ({
  format: 'otmetka-year-archive', formatVersion: 1, app: { name: 'Отметка', version: '0.1.0' }, createdAt: '2026-11-23T07:00:00.000Z',
  school: { id: 's', name: 'Школа' }, year: { id: 'y', name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-08-31', status: 'closed' },
  csv: { encoding: 'UTF-8', separator: ';', lineEnd: 'CRLF', dates: 'ISO' }, counts: { marks: 2 }, files, totals: totalsOf(files),
  signature: { algorithm: 'Ed25519', publicKey: 'PEM', fingerprint: 'SHA256:x', file: 'manifest.sig' },
});

describe('file names', () => {
  it.each([
    ['5А', '5a'], ['Математика 5А', 'matematika-5a'], ['Английский язык 5А-1', 'angliiskii-iazyk-5a-1'], ['10Б — Химия', '10b-khimiia'],
    ['  ', 'x'], ['Ёлка/../../etc', 'elka-etc'], ['Литература (факультатив)', 'literatura-fakultativ'],
  ])('«%s» → %s', (text, segment) => {
    expect(pathSegment(text)).toBe(segment);
  });
  it('a name already taken gets -2, -3 (case-insensitive)', () => {
    const taken = new Set<string>();
    expect(['5a', '5A', '5a', 'x'].map((n) => uniqueSegment(n, taken))).toEqual(['5a', '5A-2', '5a-3', 'x']);
  });
});

describe('the manifest', () => {
  it('its bytes are pretty JSON with a final newline, and read back the same', () => {
    const bytes = manifestBytes(manifest());
    expect(bytes.toString('utf8').endsWith('}\n')).toBe(true);
    expect(parseManifest(bytes.toString('utf8'))).toEqual(manifest());
    expect(manifest().totals).toEqual({ files: 2, bytes: 30, rows: 2 });
  });
  const broken: Array<[string, (m: Record<string, unknown>) => unknown]> = [
    ['not JSON', () => '{'],
    ['another format', (m) => ({ ...m, format: 'zip' })],
    ['a newer version', (m) => ({ ...m, formatVersion: 2 })],
    ['no signature key', (m) => ({ ...m, signature: { algorithm: 'Ed25519' } })],
    ['another algorithm', (m) => ({ ...m, signature: { ...(m.signature as object), algorithm: 'RSA' } })],
    ['a hash that is not SHA-256 hex', (m) => ({ ...m, files: [{ path: 'a', size: 1, sha256: 'xyz', rows: null }] })],
    ['a negative size', (m) => ({ ...m, files: [{ path: 'a', size: -1, sha256: HASH, rows: null }] })],
    ['a file twice', (m) => ({ ...m, files: [{ path: 'a', size: 1, sha256: HASH, rows: 1 }, { path: 'a', size: 1, sha256: HASH, rows: 1 }] })],
    ['the manifest listing itself', (m) => ({ ...m, files: [{ path: 'manifest.json', size: 1, sha256: HASH, rows: null }] })],
    ['no school', (m) => ({ ...m, school: null })],
  ];
  it.each(broken)('is not ours with %s', (_, spoil) => {
    const spoilt = spoil(manifest() as unknown as Record<string, unknown>);
    expect(parseManifest(typeof spoilt === 'string' ? spoilt : JSON.stringify(spoilt))).toBeNull();
  });
});

describe('the ZIP\'s entries against the manifest', () => {
  const entries: EntryFact[] = [{ path: 'marks.csv', size: 10 }, { path: 'journal/5a/m.html', size: 20 }, { path: 'manifest.json', size: 5 }, { path: 'manifest.sig', size: 89 }];
  it.each<[string, EntryFact[], ReturnType<typeof directoryProblem>]>([
    ['all there', entries, null],
    ['a folder entry is no file', [...entries, { path: 'journal/', size: 0 }], null],
    ['one missing', entries.slice(1), { path: 'marks.csv', problem: 'missing' }],
    ['another size', [{ path: 'marks.csv', size: 11 }, ...entries.slice(1)], { path: 'marks.csv', problem: 'size' }],
    ['one added', [...entries, { path: 'extra.csv', size: 1 }], { path: 'extra.csv', problem: 'extra' }],
    ['missing before added', [...entries.slice(1), { path: 'extra.csv', size: 1 }], { path: 'marks.csv', problem: 'missing' }],
  ])('%s', (_, list, problem) => {
    expect(directoryProblem(manifest(), list)).toEqual(problem);
  });
});

describe('the verdict', () => {
  it.each<[Verdict, string]>([
    [{ ok: true, files: 21, fingerprint: 'SHA256:abc', keyGiven: true, school: 'Школа', year: '2025/2026' },
      'Архив цел: 21 файл, подпись верна (ключом из --key).\nШкола, 2025/2026 учебный год.'],
    [{ ok: true, files: 53, fingerprint: 'SHA256:abc', keyGiven: false, school: 'Школа', year: '2025/2026' },
      'Архив цел: 53 файла, подпись верна (ключом из манифеста SHA256:abc; сравните его с ключом на странице «Архив года»).\nШкола, 2025/2026 учебный год.'],
    [{ ok: false, kind: 'not-ours', detail: 'файл не является ZIP-архивом' }, 'Это не архив Отметки: файл не является ZIP-архивом.'],
    [{ ok: false, kind: 'signature' }, 'Подпись не сходится: манифест изменён или подписан не этим ключом.'],
    [{ ok: false, kind: 'other-key', fingerprint: 'SHA256:zz' }, 'Подпись не сходится: архив подписан другим ключом (SHA256:zz), не ключом из --key.'],
    [{ ok: false, kind: 'file', path: 'marks.csv', problem: 'hash' }, 'Архив повреждён: marks.csv — хеш SHA-256 не совпадает с манифестом.'],
    [{ ok: false, kind: 'file', path: 'a.csv', problem: 'unreadable' }, 'Архив повреждён: a.csv — файл повреждён: не распаковывается.'],
    [{ ok: false, kind: 'file', path: 'b.csv', problem: 'extra' }, 'Архив повреждён: b.csv — его нет в манифесте (файл добавлен).'],
  ])('%j', (verdict, text) => {
    expect(verdictText(verdict)).toBe(text);
  });
  it.each([[1, 'файл'], [2, 'файла'], [5, 'файлов'], [11, 'файлов'], [12, 'файлов'], [22, 'файла'], [111, 'файлов'], [101, 'файл']])('%i %s', (n, word) => {
    expect(verdictText({ ok: true, files: n, fingerprint: '', keyGiven: true, school: '', year: '' })).toContain(`${n} ${word},`);
  });
});

describe('class lists on each date of change', () => {
  const year = { startsOn: '2026-09-01', endsOn: '2027-08-31' };
  const stay = (studentId: string, startsOn: string, endsOn: string | null = null): ClassStay => ({ studentId, startsOn, endsOn });
  it.each<[string, ClassStay[], string[]]>([
    ['one list all year', [stay('a', '2026-09-01'), stay('b', '2026-09-01')], ['2026-09-01']],
    ['a stay from the year before starts the list on the year\'s first day', [stay('a', '2025-09-01')], ['2026-09-01']],
    ['an arrival and a leaving', [stay('a', '2026-09-01', '2026-11-12'), stay('b', '2026-10-05')], ['2026-09-01', '2026-10-05', '2026-11-12']],
    ['the promotion on the day after the year ends is not a change of this year', [stay('a', '2026-09-01', '2027-09-01')], ['2026-09-01']],
    ['stays outside the year count nothing', [stay('a', '2025-09-01', '2026-09-01'), stay('b', '2027-09-01')], []],
    ['a class formed later in the year', [stay('a', '2027-01-10')], ['2027-01-10']],
  ])('%s', (_, stays, dates) => {
    expect(changeDates(stays, year)).toEqual(dates);
  });
  it('who is in the class on a date: arrived on or before it, not yet gone (the day out is exclusive)', () => {
    const stays = [stay('a', '2026-09-01', '2026-11-12'), stay('b', '2026-10-05'), stay('a', '2027-01-10')];
    expect(inClassOn(stays, '2026-09-01')).toEqual(['a']);
    expect(inClassOn(stays, '2026-11-11')).toEqual(['a', 'b']);
    expect(inClassOn(stays, '2026-11-12')).toEqual(['b']);
    expect(inClassOn(stays, '2027-01-10')).toEqual(['b', 'a']);
  });
});

describe('the server\'s key', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'otmetka-key-')); });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is created on first use with mode 0600 (its folder 0700), then read back the same', async () => {
    const file = path.join(dir, 'keys', 'archive.pem');
    expect(existingKey(file)).toBeNull();
    const key = loadOrCreateKey(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(loadOrCreateKey(file).publicPem).toBe(key.publicPem);
    expect(existingKey(file)!.fingerprint).toBe(key.fingerprint);
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(fingerprintOf(publicKeyFromPem(key.publicPem)!)).toBe(key.fingerprint);
  });

  it('signs bytes; the signature holds for those bytes only, and garbage never throws', () => {
    const key = loadOrCreateKey(path.join(dir, 'sign.pem'));
    const bytes = Buffer.from('{"a":1}\n');
    const sig = signBytes(key, bytes);
    expect(signatureHolds(key.publicKey, bytes, `${sig}\n`)).toBe(true);
    expect(signatureHolds(key.publicKey, Buffer.from('{"a":2}\n'), sig)).toBe(false);
    expect(signatureHolds(loadOrCreateKey(path.join(dir, 'other.pem')).publicKey, bytes, sig)).toBe(false);
    for (const junk of ['', 'не base64', 'AAAA', sig.slice(0, 20)]) expect(signatureHolds(key.publicKey, bytes, junk)).toBe(false);
  });

  it('a file that is not an Ed25519 private key is refused in Russian', async () => {
    const file = path.join(dir, 'junk.pem');
    await writeFile(file, 'hello');
    expect(() => loadOrCreateKey(file)).toThrow(ArchiveKeyError);
    expect(() => loadOrCreateKey(file)).toThrow(/не читается как закрытый ключ PEM/);
    expect(publicKeyFromPem('hello')).toBeNull();
  });
});
