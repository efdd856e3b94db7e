// A TCP proxy between the app and PostgreSQL, so a test can make the server unreachable the way a restart does
// (connection refused) or the way a dead host does (connections accepted and never answered), without touching the
// shared server.
import net from 'node:net';

type Mode = 'forward' | 'refuse' | 'hang';

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private mode: Mode = 'forward';

  private constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  /** Listens on a free port of 127.0.0.1 and forwards every connection to the target. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const proxy = new TcpProxy(port, target);
    await proxy.listen();
    return proxy;
  }

  /** The same database URL, through the proxy. */
  urlFor(databaseUrl: string): string {
    const u = new URL(databaseUrl);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  private listen(): Promise<void> {
    const server = net.createServer((client) => this.connection(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private connection(client: net.Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (this.mode === 'hang') return; // accepted, never answered: the app's connect timeout must give up
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(upstream);
    upstream.on('close', () => { this.sockets.delete(upstream); client.destroy(); });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Closes the port: new connections are refused (ECONNREFUSED), as while PostgreSQL restarts. Open ones stay. */
  async refuse(): Promise<void> {
    this.mode = 'refuse';
    const server = this.server;
    this.server = null;
    // close() stops listening at once; its callback would wait for the open connections to end.
    server?.close();
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** New connections are accepted but never reach the server (a host that went silent). */
  async hang(): Promise<void> {
    this.mode = 'hang';
    if (!this.server) await this.listen();
  }

  /** Forwards again (the server is back). */
  async forward(): Promise<void> {
    this.mode = 'forward';
    if (!this.server) await this.listen();
  }

  /** Cuts every open connection (both directions). */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await this.refuse();
  }
}
