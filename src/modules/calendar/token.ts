// The secret of a calendar link: 32 random bytes (256 bits) in base64url, 43 characters, in the link's path
// (/calendar/feed/<token>.ics). The database keeps only its SHA-256: a copy of the database opens no calendar. A fast hash
// is enough — the token is random and long, nothing to guess from a dictionary (the same reasoning as the recovery codes).
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** The path of the public feed; the app's route table names it once (routes.ts). */
export const FEED_PREFIX = '/calendar/feed/';

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Hex SHA-256 of a token: what calendar_feeds.token_hash holds. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token of the feed's last path segment ('<token>.ics', the extension optional); null for anything else. */
export function tokenOfFile(file: string): string | null {
  const token = file.endsWith('.ics') ? file.slice(0, -4) : file;
  return TOKEN_SHAPE.test(token) ? token : null;
}

/** The link a calendar app subscribes to (https://…/calendar/feed/<token>.ics), and its webcal:// twin for iPhone. */
export function feedLinks(origin: string, token: string): { https: string; webcal: string } {
  const https = `${origin}${FEED_PREFIX}${token}.ics`;
  return { https, webcal: https.replace(/^https?:\/\//, 'webcal://') };
}
