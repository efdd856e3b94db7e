// The deployment's VAPID key pair (web push): made on first start and kept in app_settings; never replaced while present
// (a new pair would silently orphan every browser's subscription). Two starts at once keep the first pair written.
import { inArray } from 'drizzle-orm';
import webpush from 'web-push';
import type { Db } from '../../db/client.ts';
import { appSettings } from './schema.ts';

export type VapidKeys = { publicKey: string; privateKey: string };
const PUBLIC = 'vapid_public_key';
const PRIVATE = 'vapid_private_key';

export async function readVapidKeys(db: Db): Promise<VapidKeys | null> {
  const rows = await db.select({ key: appSettings.key, value: appSettings.value }).from(appSettings).where(inArray(appSettings.key, [PUBLIC, PRIVATE]));
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const publicKey = get(PUBLIC);
  const privateKey = get(PRIVATE);
  return publicKey && privateKey ? { publicKey, privateKey } : null;
}

/** The kept pair, or a new one written in one transaction (only when neither key is there yet). */
export async function ensureVapidKeys(db: Db): Promise<VapidKeys> {
  const kept = await readVapidKeys(db);
  if (kept) return kept;
  const fresh = webpush.generateVAPIDKeys();
  await db.transaction(async (tx) => {
    await tx.insert(appSettings).values([{ key: PUBLIC, value: fresh.publicKey }, { key: PRIVATE, value: fresh.privateKey }]).onConflictDoNothing();
  });
  const after = await readVapidKeys(db);
  if (!after) throw new Error('VAPID keys could not be stored');
  return after;
}
