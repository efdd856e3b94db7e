// `archive verify FILE.zip [--key PUBKEY.pem]`: reads the ZIP's directory (yauzl), the manifest and its signature, checks
// the signature (with the given key, else the manifest's own), then streams every file the manifest names through
// SHA-256 in the manifest's order — never more than one file's chunk in memory — and names the first that fails.
import { createHash, type KeyObject } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { fingerprintOf, publicKeyFromPem, signatureHolds } from './keys.ts';
import { directoryProblem, MANIFEST, parseManifest, SIGNATURE, type Manifest, type Verdict } from './rules.ts';

/** The largest manifest.json / manifest.sig read into memory (a manifest of 100 000 files is ~15 MB). */
const MAX_MANIFEST = 64 * 1024 * 1024;

async function readAll(stream: Readable, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

const notOurs = (detail: string): Verdict => ({ ok: false, kind: 'not-ours', detail });

async function openZip(file: string): Promise<yauzl.ZipFile | Verdict> {
  try {
    return await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return notOurs(`файла ${file} нет`);
    if (code === 'EISDIR') return notOurs(`${file} — папка, а не файл`);
    return notOurs('файл не является ZIP-архивом');
  }
}

/** The verdict on the archive at `file`; `publicKey`: the trusted key (PEM) from --key, else the manifest's own is used. */
export async function verifyArchive(file: string, opts: { publicKey?: KeyObject } = {}): Promise<Verdict> {
  const zip = await openZip(file);
  if (!(zip instanceof yauzl.ZipFile)) return zip;
  try {
    return await check(zip, opts.publicKey);
  } catch {
    return notOurs('ZIP-архив повреждён: его оглавление не читается');
  } finally {
    zip.close();
  }
}

async function check(zip: yauzl.ZipFile, trusted: KeyObject | undefined): Promise<Verdict> {
  const entries = new Map<string, yauzl.Entry>();
  for await (const e of zip.eachEntry()) entries.set(e.fileName, e);
  const manifestEntry = entries.get(MANIFEST);
  const sigEntry = entries.get(SIGNATURE);
  if (!manifestEntry || !sigEntry) return notOurs(`в нём нет описи ${MANIFEST} и подписи ${SIGNATURE}`);
  const bytes = await readEntry(zip, manifestEntry);
  const sig = await readEntry(zip, sigEntry);
  if (bytes === null) return { ok: false, kind: 'file', path: MANIFEST, problem: 'unreadable' };
  if (sig === null) return { ok: false, kind: 'file', path: SIGNATURE, problem: 'unreadable' };
  const manifest = parseManifest(bytes.toString('utf8'));
  if (!manifest) return notOurs(`опись ${MANIFEST} не в формате архива Отметки`);
  const own = publicKeyFromPem(manifest.signature.publicKey);
  const key = trusted ?? own;
  if (!key) return notOurs(`в описи ${MANIFEST} нет открытого ключа Ed25519`);
  if (!signatureHolds(key, bytes, sig.toString('ascii'))) {
    const other = trusted && own && fingerprintOf(own) !== fingerprintOf(trusted);
    return other ? { ok: false, kind: 'other-key', fingerprint: fingerprintOf(own) } : { ok: false, kind: 'signature' };
  }
  const listed = [...entries.values()].map((e) => ({ path: e.fileName, size: e.uncompressedSize }));
  const problem = directoryProblem(manifest, listed);
  if (problem) return { ok: false, kind: 'file', ...problem };
  for (const f of manifest.files) {
    const hash = await hashEntry(zip, entries.get(f.path)!);
    if (hash === null) return { ok: false, kind: 'file', path: f.path, problem: 'unreadable' };
    if (hash !== f.sha256) return { ok: false, kind: 'file', path: f.path, problem: 'hash' };
  }
  return { ok: true, files: manifest.files.length, fingerprint: fingerprintOf(key), keyGiven: trusted !== undefined, ...names(manifest) };
}

const names = (m: Manifest) => ({ school: m.school.name, year: m.year.name });

/** An entry's bytes (small entries only), or null when it does not unpack. */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer | null> {
  try {
    return await readAll(await zip.openReadStreamPromise(entry), MAX_MANIFEST);
  } catch {
    return null;
  }
}

/** An entry's SHA-256 as it unpacks, or null when it does not (a broken deflate stream, a size that does not match). */
async function hashEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string | null> {
  try {
    return await sha256Of(await zip.openReadStreamPromise(entry));
  } catch {
    return null;
  }
}
