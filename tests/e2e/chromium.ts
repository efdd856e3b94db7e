// The browser tests drive Debian's Chromium; without it they stop at once with one line saying what to install
// (rather than Playwright's «executable doesn't exist» after the rest of `npm test`). Run as `npm test`'s pretest too.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

export const NO_CHROMIUM = `Нет ${CHROMIUM} для браузерных тестов — установите: apt-get install -y chromium `
  + `(no Chromium for the browser tests: apt-get install -y chromium)`;

/** Exits the process with NO_CHROMIUM when the browser is missing. */
export function requireChromium(): void {
  if (existsSync(CHROMIUM)) return;
  console.error(NO_CHROMIUM);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) requireChromium();
