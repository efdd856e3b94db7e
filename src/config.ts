import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { QueueLimits } from './web/work-queue.ts';
import { parseOidcConfig, type OidcConfig } from './modules/accounts/oidc/config.ts';

/** A whole number from the environment, or undefined when unset or blank (`WORKERS=` in docker-compose means «default»). */
const optionalCount = (max: number, min = 1) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(min).max(max).optional());

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z.string().url().optional(),
    /** The app's own login (role otmetka_app) when the operator manages it; otherwise derived from DATABASE_URL. */
    DATABASE_APP_URL: z.string().url().optional(),
    DATABASE_APP_PASSWORD: z.string().min(16, 'DATABASE_APP_PASSWORD must be at least 16 characters').optional(),
    DATA_DIR: z.string().default('./data/pglite'),
    /** Cluster mode: processes serving requests on the one port (default: the cores in production, else 1; PGlite: 1). */
    WORKERS: optionalCount(256),
    /** Connections each serving process keeps to PostgreSQL at most (default: 80 shared by the workers, 2…10 each). */
    DATABASE_POOL_SIZE: optionalCount(1000),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    SEED_DEMO: z.enum(['auto', 'yes', 'no']).default('auto'),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SMTP_URL: z.string().trim().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').optional()
      .or(z.literal('').transform(() => undefined)),
    MAIL_FROM: z.string().trim().min(3).max(300).default('Отметка <no-reply@otmetka.local>'),
    DIGEST_TIMER: z.enum(['on', 'off']).default('on'),
    ALERTS_TIMER: z.enum(['on', 'off']).default('on'),
    /** Logged-in sessions and account facts kept in memory, dropped on the database's announcements (PostgreSQL). */
    AUTH_CACHE: z.enum(['on', 'off']).default('on'),
    /** POST /login attempts a minute per address before the lockout rules (a school behind one NAT address shares it). */
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
    /** Refuse new requests (503) while the event loop's mean delay exceeds this many ms (web/pressure.ts); 0: off. */
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: optionalCount(60_000, 0),
    /** Requests served at once, the rest wait ~2 s at most, then 503 (web/request-gate.ts); 0: off. Default: twice the pool. */
    REQUESTS_AT_ONCE: optionalCount(10_000, 0),
    /** argon2 hashes at once (default: the process's share of the cores) and callers waiting at most (password-queue.ts). */
    PASSWORD_CONCURRENCY: optionalCount(64),
    PASSWORD_QUEUE_MAX: optionalCount(100_000, 0),
    /** `npm run cli -- backup`: where backups go, a second folder (another disk) for a copy, how many to keep. */
    BACKUP_DIR: z.string().min(1).default('./backups'),
    BACKUP_COPY_DIR: z.string().trim().optional().transform((v) => v || undefined),
    BACKUP_KEEP_DAILY: z.coerce.number().int().min(0).max(1000).default(7),
    BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(1000).default(5),
    BACKUP_KEEP_MONTHLY: z.coerce.number().int().min(0).max(1000).default(12),
    /** PostgreSQL's own tools, found on the PATH unless named (the server's major version or newer). */
    PG_DUMP: z.string().min(1).default('pg_dump'),
    PG_RESTORE: z.string().min(1).default('pg_restore'),
    /** The Ed25519 key that signs the year's archives (PEM, created on first use with mode 0600). */
    ARCHIVE_KEY_FILE: z.string().trim().min(1).optional(),
    /** Sign-in through identity providers (OpenID Connect): a JSON array, see modules/accounts/oidc/config.ts. */
    OIDC_PROVIDERS: z.string().optional(),
    /** The address people reach the site at (https://school.example.ru): the providers' redirect URIs are built on it. */
    PUBLIC_URL: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production' });
    if (!env.SESSION_SECRET) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
  });

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** The owner of the tables: migrations, the demo seed, the command line. */
  databaseUrl: string | undefined;
  /** How the app itself logs in (role otmetka_app): a URL as given, or DATABASE_URL's server with this password. */
  databaseApp: { url: string | undefined; password: string };
  dataDir: string;
  /** WORKERS as given; undefined: the default rule (server/rules.ts workerCount). */
  workers: number | undefined;
  /** DATABASE_POOL_SIZE as given; undefined: the default rule (server/rules.ts poolSize). */
  databasePoolSize: number | undefined;
  sessionSecret: string;
  seedDemo: 'auto' | 'yes' | 'no';
  trustProxy: boolean;
  logLevel: string;
  /** Outgoing mail server (nodemailer URL); without it e-mails stay in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The in-process weekly digest timer of `npm start` (Saturday after 15:00 Moscow time). */
  digestTimer: boolean;
  /** The family alerts timer (every 20 s: journal events → web push and e-mail); off in tests that drive it themselves. */
  alertsTimer: boolean;
  /** POST /login attempts a minute per address. */
  loginRateLimit: number;
  /** Sessions and account facts kept in memory (web/auth-cache.ts); PostgreSQL only. */
  authCache: boolean;
  backup: BackupConfig;
  /** Backpressure: off in tests unless PRESSURE_MAX_EVENT_LOOP_DELAY_MS is set (a busy test machine must not trip it). */
  pressure: PressureOptions;
  /** Requests at once (web/request-gate.ts): off in tests unless REQUESTS_AT_ONCE is set. */
  gate: GateOptions;
  /** Overrides of the argon2 queue's limits (the rest: the process's share of the cores, defaultLimits()). */
  passwordQueue: Partial<QueueLimits>;
  /**
   * Where the archive signing key lives: ARCHIVE_KEY_FILE, else `./data/archive-key.pem` outside production; undefined in
   * production without it (the archive is refused: a key in the image's working directory would not survive an update).
   */
  archiveKeyFile: string | undefined;
  /** Identity providers (OIDC_PROVIDERS) and the site's public address (PUBLIC_URL). */
  oidc: OidcConfig;
};

export type BackupConfig = {
  dir: string;
  /** The second destination («two media»): every backup is copied there and checked. */
  copyDir: string | undefined;
  keep: { daily: number; weekly: number; monthly: number };
  pgDump: string;
  pgRestore: string;
};

/** Backpressure (web/pressure.ts): when new requests are refused with 503, and when to come back. */
export type PressureOptions = {
  /** Mean event-loop delay (ms, over a 1 s sample) beyond which new requests are refused; 0 turns the guard off. */
  maxEventLoopDelayMs: number;
  /** Retry-After of the refusal, seconds. */
  retryAfterSeconds: number;
};

/**
 * A healthy app's event loop lags a few milliseconds on average (a heavy report blocks it for a few hundred once, which
 * moves a 1 s mean by little); a mean lag of a second means every request waits about that long per turn of the loop
 * and the backlog only grows. A guard against a stuck process, not against ordinary overload: with 1,000 parents in 10 s
 * the mean stayed at 5–160 ms while requests waited seconds — the request gate (web/request-gate.ts) does that job.
 */
export const DEFAULT_PRESSURE: PressureOptions = { maxEventLoopDelayMs: 1000, retryAfterSeconds: 5 };

/** Requests at once (web/request-gate.ts): how many are served at a time, and how long the others may wait. */
export type GateOptions = {
  /** Requests served at once; 0 turns the gate off; undefined: twice the process's pool (server/rules.ts processLimits). */
  atOnce: number | undefined;
  /** The longest a request should wait for its turn, ms: ~2 s, so a request stays well under 5 s. */
  maxWaitMs: number;
};

export const DEFAULT_GATE: GateOptions = { atOnce: undefined, maxWaitMs: 2000 };

/** Development-only secret: production refuses to start without SESSION_SECRET. */
const DEV_SECRET = 'otmetka-development-secret-not-for-production-use';

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const oidc = parseOidcConfig(e.OIDC_PROVIDERS, e.PUBLIC_URL);
  if (!oidc.ok) throw new Error(`Invalid configuration:\n${oidc.problems.map((p) => `  ${p}`).join('\n')}`);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseApp: { url: e.DATABASE_APP_URL, password: e.DATABASE_APP_PASSWORD ?? derivedPassword(e.SESSION_SECRET ?? DEV_SECRET) },
    dataDir: e.DATA_DIR,
    workers: e.WORKERS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    seedDemo: e.SEED_DEMO,
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    digestTimer: e.DIGEST_TIMER === 'on',
    alertsTimer: e.ALERTS_TIMER === 'on',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    authCache: e.AUTH_CACHE === 'on',
    backup: {
      dir: e.BACKUP_DIR,
      copyDir: e.BACKUP_COPY_DIR,
      keep: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY, monthly: e.BACKUP_KEEP_MONTHLY },
      pgDump: e.PG_DUMP,
      pgRestore: e.PG_RESTORE,
    },
    pressure: {
      ...DEFAULT_PRESSURE,
      maxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS ?? (e.NODE_ENV === 'test' ? 0 : DEFAULT_PRESSURE.maxEventLoopDelayMs),
    },
    gate: { ...DEFAULT_GATE, atOnce: e.REQUESTS_AT_ONCE ?? (e.NODE_ENV === 'test' ? 0 : DEFAULT_GATE.atOnce) },
    passwordQueue: {
      ...(e.PASSWORD_CONCURRENCY ? { concurrency: e.PASSWORD_CONCURRENCY } : {}),
      ...(e.PASSWORD_QUEUE_MAX !== undefined ? { maxWaiting: e.PASSWORD_QUEUE_MAX } : {}),
    },
    archiveKeyFile: e.ARCHIVE_KEY_FILE ?? (e.NODE_ENV === 'production' ? undefined : './data/archive-key.pem'),
    oidc: oidc.value,
  };
}

/** The app role's password when none is configured: derived from the session secret, the same on every instance. */
function derivedPassword(secret: string): string {
  return createHmac('sha256', secret).update('otmetka_app database role').digest('base64url');
}
