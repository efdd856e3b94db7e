// The server's archive key: an Ed25519 key pair kept outside the database, in a PEM file (PKCS#8 private key) at
// config.archiveKeyFile — created on first use with mode 0600 in a directory of mode 0700. The public key goes into
// every manifest, onto the page «Архив года» and into `npm run cli -- archive key`; its fingerprint is
// «SHA256:» + base64 of the SHA-256 of the raw 32-byte key, as ssh prints fingerprints.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type ArchiveKey = { privateKey: KeyObject; publicKey: KeyObject; publicPem: string; fingerprint: string; file: string };

/** Thrown when the configured file is not an Ed25519 private key, or cannot be read or created. */
export class ArchiveKeyError extends Error {}

/** The raw 32 bytes of an Ed25519 public key (the SPKI DER's tail). */
const rawOf = (publicKey: KeyObject) => publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);

export function fingerprintOf(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256').update(rawOf(publicKey)).digest('base64').replace(/=+$/, '')}`;
}

function fromPrivatePem(pem: string, file: string): ArchiveKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new ArchiveKeyError(`Файл ключа архива ${file} не читается как закрытый ключ PEM.`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ArchiveKeyError(`Ключ в ${file} — не Ed25519.`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: String(publicKey.export({ format: 'pem', type: 'spki' })), fingerprint: fingerprintOf(publicKey), file };
}

/** The key at `file`, created there when missing (never overwritten: a second writer's key wins, and is read back). */
export function loadOrCreateKey(file: string): ArchiveKey {
  const existing = readKeyFile(file);
  if (existing !== null) return fromPrivatePem(existing, file);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = String(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ArchiveKeyError(`Не удалось создать ключ архива ${file}: ${(err as Error).message}`);
    }
    return fromPrivatePem(readKeyFile(file) ?? '', file);
  }
  return fromPrivatePem(pem, file);
}

/** The key at `file` if it exists (the page shows it without creating one); null when there is none yet. */
export function existingKey(file: string): ArchiveKey | null {
  const pem = readKeyFile(file);
  return pem === null ? null : fromPrivatePem(pem, file);
}

function readKeyFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ArchiveKeyError(`Не удалось прочитать ключ архива ${file}: ${(err as Error).message}`);
  }
}

/** Base64 Ed25519 signature of these bytes. */
export const signBytes = (key: ArchiveKey, bytes: Buffer): string => sign(null, bytes, key.privateKey).toString('base64');

/** A public key from PEM text (a public key, or a private key whose public half is taken); null when it is neither. */
export function publicKeyFromPem(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** Whether `signatureB64` is this key's Ed25519 signature of `bytes`. Never throws. */
export function signatureHolds(publicKey: KeyObject, bytes: Buffer, signatureB64: string): boolean {
  const text = signatureB64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  try {
    return verify(null, bytes, publicKey, Buffer.from(text, 'base64'));
  } catch {
    return false;
  }
}
