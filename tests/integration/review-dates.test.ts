// Review: a date PostgreSQL cannot store (year 0000 passes the JS calendar check) must never give a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs } from '../support/client.ts';
import { isIsoDate, parseDateInput } from '../../src/web/dates.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('years PostgreSQL or date arithmetic cannot take (0000, 9999)', () => {
  it('is not a date', () => {
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(parseDateInput('01.01.0000')).toBeNull();
    expect(isIsoDate('0001-01-01')).toBe(true);
    expect(isIsoDate('9999-12-31')).toBe(false); // a week after it has a 5-digit year
    expect(isIsoDate('3000-01-01')).toBe(true);
  });

  it('in a query string answers a page, not a 500', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const urls = ['/schedule/substitutions?date=0000-01-01', '/schedule/substitutions?date=01.01.0000', '/schedule/week/me?date=9999-12-31',
      '/schedule/substitutions?date=9999-12-31', '/schedule/events?from=9999-12-31', '/curriculum?date=9999-12-31'];
    const failures: string[] = [];
    for (const url of urls) {
      const res = await deputy.get(url);
      if (res.statusCode !== 200) failures.push(`${res.statusCode} ${url}`);
    }
    expect(failures).toEqual([]);
  });
});
