import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { connectionBudget, poolSize, processLimits, restartDelay, workerCount, type DatabaseKind } from '../../src/server/rules.ts';

type Env = 'development' | 'production' | 'test';

describe('how many worker processes (WORKERS)', () => {
  it.each([
    // requested, env, cores, database → workers
    [undefined, 'production', 8, 'postgres', 8], // production: one per core
    [undefined, 'production', 2, 'postgres', 2],
    [undefined, 'production', 1, 'postgres', 1], // one core: no cluster at all
    [undefined, 'production', 0, 'postgres', 1], // a platform that reports no cores
    [undefined, 'development', 8, 'postgres', 1], // development and tests: one process (readable logs, a debugger)
    [undefined, 'test', 8, 'postgres', 1],
    [3, 'development', 8, 'postgres', 3], // asked: as asked, in any mode, even past the cores
    [16, 'production', 2, 'postgres', 16],
    [1, 'production', 8, 'postgres', 1],
    [undefined, 'development', 8, 'pglite', 1], // PGlite: one in-process connection, never shared by processes
    [1, 'development', 8, 'pglite', 1],
    [4, 'development', 8, 'pglite', 1],
  ] as const)('WORKERS=%s, %s, %s cores, %s → %s', (requested, env, cores, database, workers) => {
    expect(workerCount({ requested, env: env as Env, cores, database: database as DatabaseKind }).workers).toBe(workers);
  });

  it('PGlite with WORKERS > 1 warns (in Russian) that one process runs; asking for 1 or nothing does not', () => {
    const pglite = workerCount({ requested: 4, env: 'development', cores: 8, database: 'pglite' });
    expect(pglite.warning).toMatch(/WORKERS=4.*PGlite.*один процесс/);
    expect(workerCount({ requested: 1, env: 'development', cores: 8, database: 'pglite' }).warning).toBeUndefined();
    expect(workerCount({ requested: undefined, env: 'production', cores: 8, database: 'pglite' }).warning).toBeUndefined();
    expect(workerCount({ requested: 4, env: 'production', cores: 8, database: 'postgres' }).warning).toBeUndefined();
  });

  it('WORKERS and DATABASE_POOL_SIZE from the environment: whole numbers ≥ 1, blank means the default', () => {
    expect(loadConfig({}).workers).toBeUndefined();
    expect(loadConfig({ WORKERS: '' }).workers).toBeUndefined(); // docker-compose's `WORKERS: ${WORKERS:-}`
    expect(loadConfig({ WORKERS: '4', DATABASE_POOL_SIZE: '6' })).toMatchObject({ workers: 4, databasePoolSize: 6 });
    for (const bad of ['0', '-1', '1.5', 'many', '257']) expect(() => loadConfig({ WORKERS: bad }), bad).toThrow(/WORKERS/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});

describe('connections per process (DATABASE_POOL_SIZE)', () => {
  it.each([
    [1, 10], [2, 10], [8, 10], // up to 8 workers: 10 each, as one process has always had
    [9, 8], [16, 5], [32, 2], // then 80 shared
    [64, 2], // never below 2 (the budget warns instead)
  ])('%s workers → %s each', (workers, size) => {
    expect(poolSize({ workers, requested: undefined })).toBe(size);
  });

  it('asked: as asked', () => {
    expect(poolSize({ workers: 16, requested: 20 })).toBe(20);
    expect(poolSize({ workers: 1, requested: 3 })).toBe(3);
  });

  it('the whole deployment within PostgreSQL default max_connections (100), or a warning', () => {
    expect(connectionBudget({ workers: 1, poolSize: 10 })).toEqual({ total: 10 });
    expect(connectionBudget({ workers: 2, poolSize: 10 })).toEqual({ total: 22 }); // + the primary's 2
    expect(connectionBudget({ workers: 16, poolSize: poolSize({ workers: 16, requested: undefined }) })).toEqual({ total: 82 });
    const over = connectionBudget({ workers: 64, poolSize: 2 });
    expect(over.total).toBe(130);
    expect(over.warning).toMatch(/max_connections/);
  });
});

describe('restarting a worker that died', () => {
  const now = 1_000_000;
  it.each([
    // earlier crashes (ms before now) → delay, crashes in the last minute, storm
    [[], 500, 1, false],
    [[10_000], 1000, 2, false],
    [[30_000, 20_000, 10_000], 4000, 4, false],
    [[40_000, 30_000, 20_000, 10_000], 8000, 5, true], // the fifth in a minute: a storm
    [[59_000, 50_000, 40_000, 30_000, 20_000, 10_000, 5000, 1000], 30_000, 9, true], // capped at 30 s
    [[60_000, 120_000, 600_000], 500, 1, false], // crashes a minute old or older are forgiven
  ] as const)('after crashes %j ms ago: wait %s ms (%s in the last minute, storm: %s)', (ago, delayMs, recent, storm) => {
    expect(restartDelay(ago.map((a) => now - a), now)).toEqual({ delayMs, recent, storm });
  });
});

describe('processLimits', () => {
  it('requests at once: twice the pool; argon2 hashes at once: the share of the cores, at least one', () => {
    expect(processLimits({ workers: 1, pool: 10, cores: 2 })).toEqual({ requestsAtOnce: 20, hashesAtOnce: 2 });
    expect(processLimits({ workers: 2, pool: 10, cores: 2 })).toEqual({ requestsAtOnce: 20, hashesAtOnce: 1 });
    expect(processLimits({ workers: 4, pool: 10, cores: 8 })).toEqual({ requestsAtOnce: 20, hashesAtOnce: 2 });
    expect(processLimits({ workers: 16, pool: 5, cores: 8 })).toEqual({ requestsAtOnce: 10, hashesAtOnce: 1 });
  });
});
