// The app's one clock for school dates and times: "today", edit windows, the digest's Saturday, demo seeding.
// Tests and demos may move it (setClock, or OTMETKA_NOW=2026-11-23T10:00:00+03:00 in the environment); time then runs
// on from that moment. Security timers (session idle limits, lockouts) keep real time on purpose.

let offsetMs = 0;

/** The current moment as the app sees it. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Moves the clock so that now() is `at` at this instant (and runs on from there); null restores real time. */
export function setClock(at: Date | string | null): void {
  if (at === null) {
    offsetMs = 0;
    return;
  }
  const t = (at instanceof Date ? at : new Date(at)).getTime();
  if (Number.isNaN(t)) throw new Error(`Неверное время часов приложения: ${String(at)}`);
  offsetMs = t - Date.now();
}

const fromEnv = process.env.OTMETKA_NOW;
if (fromEnv) setClock(fromEnv);
