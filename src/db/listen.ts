// PostgreSQL LISTEN on a connection of its own, kept open: reconnects after a lost connection (1 s, doubling to 30 s),
// and tells its user when it listens and when it stopped (announcements may have been missed in between).
import pg from 'pg';

export type Listener = { close(): Promise<void> };

export function listen(url: string, channel: string, on: { message(payload: string): void; state(listening: boolean): void }): Listener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 1000;
  let timer: NodeJS.Timeout | undefined;

  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    on.state(false);
    c.end().catch(() => undefined);
    if (closed) return;
    timer = setTimeout(connect, delay);
    timer.unref();
    delay = Math.min(delay * 2, 30_000);
  };

  const connect = () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client = c;
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (n) => { if (n.channel === channel) on.message(n.payload ?? ''); });
    c.connect()
      .then(() => c.query(`listen ${channel}`))
      .then(() => {
        if (client !== c) return;
        delay = 1000;
        on.state(true);
      }, () => lost(c));
  };

  connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      on.state(false);
      if (c) await c.end().catch(() => undefined);
    },
  };
}
