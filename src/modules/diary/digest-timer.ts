// The in-process weekly digest timer of `npm start`: once an hour, from Saturday 15:00 Moscow time to the end of Sunday,
// queue this week's digests (idempotent: a guardian's week is queued once) and send what is unsent; on other hours only
// retry unsent mail when SMTP is configured. One run at a time; a failure is logged and never stops the app.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { timerWeekAt } from './digest-format.ts';
import { createMailTransport, deliverOutbox, queueAndDeliver } from './outbox.ts';

const HOUR = 60 * 60_000;

export async function digestTick(db: Db, config: Config, now = new Date()) {
  const weekStart = timerWeekAt(now);
  if (weekStart) return queueAndDeliver(db, config, { weekStart });
  const transport = createMailTransport(config.smtpUrl);
  if (!transport) return null;
  try {
    return await deliverOutbox(db, transport, { from: config.mailFrom });
  } finally {
    transport.close?.();
  }
}

/** Starts the hourly check (first one a minute after start); returns the function that stops it. */
export function startDigestTimer(db: Db, config: Config, log: FastifyBaseLogger): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    digestTick(db, config)
      .then((r) => { if (r && Object.values(r).some((v) => typeof v === 'number' && v > 0)) log.info({ digests: r }, 'weekly digest timer'); })
      .catch((err: unknown) => log.warn({ err }, 'weekly digest timer failed'))
      .finally(() => { running = false; });
  };
  const first = setTimeout(tick, 60_000);
  const every = setInterval(tick, HOUR);
  first.unref();
  every.unref();
  return () => { clearTimeout(first); clearInterval(every); };
}
