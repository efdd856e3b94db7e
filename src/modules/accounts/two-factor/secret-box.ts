// Encryption at rest of the TOTP secrets: AES-256-GCM under a key derived from SESSION_SECRET with HKDF-SHA-256.
// A stolen database dump alone does not yield the secrets. The account id is the additional authenticated data,
// so a secret copied onto another account's row does not decrypt. Changing SESSION_SECRET makes every stored secret
// unreadable: those staff then log in with a recovery code, or an admin resets their second factor (README).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export type SecretKey = { readonly key: Buffer };

const VERSION = 'v1';

/** The key for TOTP secrets; a different HKDF `info` than anything else derived from the session secret. */
export function deriveSecretKey(sessionSecret: string): SecretKey {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, 'otmetka', 'otmetka totp secret v1', 32));
  return { key };
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function seal(box: SecretKey, plaintext: string, accountId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', box.key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(accountId, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** The plaintext, or null when the value was not sealed with this key for this account (or is damaged). */
export function open(box: SecretKey, sealed: string, accountId: string): string | null {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', box.key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(accountId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
