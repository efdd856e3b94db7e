// Times of the school's own time zone for ical-generator, without a date library: a lesson at 08:30 in Yekaterinburg
// must reach the phone as DTSTART;TZID=Asia/Yekaterinburg:…T083000 with a VTIMEZONE saying +05:00, whatever the zone of
// the server. ical-generator prints a native Date with the server's local clock, so events get a ZonedMoment (the
// library's TZDate interface: a Date whose local getters read the wall clock of its zone), and the calendar gets
// `vtimezone` as its VTIMEZONE generator. Pure, no I/O: the offsets come from Intl (the ICU zone data of Node).

const DAY_MS = 86_400_000;
const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(zone: string): Intl.DateTimeFormat {
  let f = wallFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    });
    wallFormats.set(zone, f);
  }
  return f;
}

export type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The wall clock of a moment in a zone. */
export function wallOf(ms: number, zone: string): Wall {
  const parts = wallFormat(zone).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour'), minute: n('minute'), second: n('second') };
}

/** Minutes east of UTC of a zone at a moment (Moscow: 180). */
export function offsetMinutes(ms: number, zone: string): number {
  const w = wallOf(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The moment a wall clock time of a zone names: '2026-11-23' + '08:30' in Asia/Yekaterinburg → 03:30 UTC. Around a
 * change of offset, as Temporal's 'compatible' does: a time that occurs twice is the earlier one, a time skipped by a
 * spring-forward is read with the offset before the change (02:30 → 03:30 summer time).
 */
export function momentOf(date: string, time: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss] = time.split(':').map(Number) as [number, number, number | undefined];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm, ss ?? 0);
  const before = asUtc - offsetMinutes(asUtc - DAY_MS, zone) * 60_000;
  const after = asUtc - offsetMinutes(asUtc + DAY_MS, zone) * 60_000;
  const names = (t: number) => t + offsetMinutes(t, zone) * 60_000 === asUtc;
  const valid = [before, after].filter(names).sort((a, b) => a - b);
  return valid[0] ?? before;
}

/**
 * A moment that ical-generator prints in a zone (its TZDate interface, ICalTZDateStub): `withTimeZone` gives the same
 * moment seen from another zone, and the local getters (getHours…) read that zone's wall clock, never the server's.
 */
export class ZonedMoment extends Date {
  readonly internal: Date;
  readonly timeZone: string;
  private wall: Wall | undefined;

  constructor(ms: number, zone: string) {
    super(ms);
    this.internal = new Date(ms);
    this.timeZone = zone;
  }

  withTimeZone(zone?: string | null): ZonedMoment {
    return zone && zone !== this.timeZone ? new ZonedMoment(this.getTime(), zone) : this;
  }

  tzComponents(): Wall {
    this.wall ??= wallOf(this.getTime(), this.timeZone);
    return this.wall;
  }

  override getFullYear(): number { return this.tzComponents().year; }
  override getMonth(): number { return this.tzComponents().month - 1; }
  override getDate(): number { return this.tzComponents().day; }
  override getHours(): number { return this.tzComponents().hour; }
  override getMinutes(): number { return this.tzComponents().minute; }
  override getSeconds(): number { return this.tzComponents().second; }
}

/** The moment of a school's wall clock ('2026-11-23', '08:30') as ical-generator prints it in that zone. */
export function zoned(date: string, time: string, zone: string): ZonedMoment {
  return new ZonedMoment(momentOf(date, time, zone), zone);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const offsetText = (min: number) => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}${pad(Math.abs(min) % 60)}`;
const localText = (w: Wall) => `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;

export type Transition = { at: number; from: number; to: number };

/** The changes of a zone's offset from the start of `fromYear` to the end of `toYear`, to the second, oldest first. */
export function transitions(zone: string, fromYear: number, toYear: number): Transition[] {
  const out: Transition[] = [];
  const end = Date.UTC(toYear + 1, 0, 1);
  let t = Date.UTC(fromYear, 0, 1);
  let before = offsetMinutes(t, zone);
  while (t < end) {
    const next = Math.min(t + DAY_MS, end);
    const after = offsetMinutes(next, zone);
    if (after !== before) {
      let lo = t, hi = next; // offset(lo) = before, offset(hi) = after
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetMinutes(mid, zone) === before) lo = mid; else hi = mid;
      }
      out.push({ at: hi, from: before, to: after });
      before = after;
    }
    t = next;
  }
  return out;
}

/** Summer time: an offset above the year's smaller one (January's or July's), so it works south of the equator too. */
function isDaylight(offset: number, year: number, zone: string): boolean {
  return offset > Math.min(offsetMinutes(Date.UTC(year, 0, 1), zone), offsetMinutes(Date.UTC(year, 6, 1), zone));
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', start: string, from: number, to: number): string[] {
  return [`BEGIN:${kind}`, `DTSTART:${start}`, `TZOFFSETFROM:${offsetText(from)}`, `TZOFFSETTO:${offsetText(to)}`, `END:${kind}`];
}

/**
 * The VTIMEZONE of a zone, exact for the years `fromYear`–`toYear` (the feed's window): the offset in force at the
 * start (an observance from 1970), then each change in those years as its own observance — no recurrence rules to get
 * wrong. A zone without changes (Europe/Moscow since 2014, Asia/Yekaterinburg, Asia/Bishkek) is one STANDARD block.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const startOffset = offsetMinutes(Date.UTC(fromYear, 0, 1), zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  lines.push(...observance(isDaylight(startOffset, fromYear, zone) ? 'DAYLIGHT' : 'STANDARD', '19700101T000000', startOffset, startOffset));
  for (const tr of transitions(zone, fromYear, toYear)) {
    const year = new Date(tr.at).getUTCFullYear();
    // DTSTART of an observance is the local time of the change, read on the clock before it (RFC 5545 §3.6.5).
    const localBefore = localText(wallOf(tr.at + tr.from * 60_000, 'UTC'));
    lines.push(...observance(isDaylight(tr.to, year, zone) ? 'DAYLIGHT' : 'STANDARD', localBefore, tr.from, tr.to));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
