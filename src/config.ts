import { z } from 'zod';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('./data/pglite'),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    SEED_DEMO: z.enum(['auto', 'yes', 'no']).default('auto'),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SMTP_URL: z.string().trim().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').optional()
      .or(z.literal('').transform(() => undefined)),
    MAIL_FROM: z.string().trim().min(3).max(300).default('Отметка <no-reply@otmetka.local>'),
    DIGEST_TIMER: z.enum(['on', 'off']).default('on'),
    /** POST /login attempts a minute per address before the lockout rules (a school behind one NAT address shares it). */
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
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
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  seedDemo: 'auto' | 'yes' | 'no';
  trustProxy: boolean;
  logLevel: string;
  /** Outgoing mail server (nodemailer URL); without it e-mails stay in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The in-process weekly digest timer of `npm start` (Saturday after 15:00 Moscow time). */
  digestTimer: boolean;
  /** POST /login attempts a minute per address. */
  loginRateLimit: number;
};

/** Development-only secret: production refuses to start without SESSION_SECRET. */
const DEV_SECRET = 'otmetka-development-secret-not-for-production-use';

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    seedDemo: e.SEED_DEMO,
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    digestTimer: e.DIGEST_TIMER === 'on',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
  };
}
