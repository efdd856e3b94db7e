// The feed as iCalendar text (RFC 5545), written by ical-generator: timed entries in the school's IANA zone
// (DTSTART;TZID=…) with a VTIMEZONE for it (zoned.ts), all-day entries as dates, a refresh hint of an hour.
import ical, { ICalEventStatus } from 'ical-generator';
import { vtimezone, zoned } from './zoned.ts';
import type { FeedItem, Window } from './rules.ts';

/** How often a calendar app is asked to fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const REFRESH_SECONDS = 3600;
const UID_DOMAIN = 'otmetka';

export type FeedCalendar = {
  /** Shown as the calendar's name in the phone's list of calendars. */
  name: string;
  description: string;
  /** The school's time zone (IANA). */
  zone: string;
  window: Window;
  items: readonly FeedItem[];
  /** When the feed was made (DTSTAMP of every entry): the app's clock. */
  stamp: Date;
  /** Keeps the entries of two feeds of one lesson (two children, a parent and the teacher) apart in one phone. */
  uidScope: string;
};

const dayStart = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function buildIcs(feed: FeedCalendar): string {
  const years = [Number(feed.window.from.slice(0, 4)), Number(feed.window.to.slice(0, 4))] as const;
  const cal = ical({
    name: feed.name,
    description: feed.description,
    prodId: { company: 'Otmetka', product: 'Calendar feed', language: 'RU' },
    // No calendar-wide zone (DTSTAMP stays UTC); each timed entry names the school's zone, and the generator writes its
    // VTIMEZONE, exact for the window's years.
    timezone: { name: null, generator: (zone) => vtimezone(zone, years[0], years[1]) },
    ttl: REFRESH_SECONDS,
  });
  cal.x([['X-WR-TIMEZONE', feed.zone]]);
  for (const item of feed.items) {
    const common = {
      id: `${item.uid}.${feed.uidScope}@${UID_DOMAIN}`, stamp: feed.stamp, summary: item.summary,
      description: item.description.join('\n') || null, location: item.location,
      status: item.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    };
    if (item.start) {
      cal.createEvent({
        ...common, timezone: feed.zone, start: zoned(item.date, item.start, feed.zone),
        end: item.end && item.end > item.start ? zoned(item.date, item.end, feed.zone) : null,
      });
    } else {
      cal.createEvent({ ...common, allDay: true, start: dayStart(item.date) });
    }
  }
  return cal.toString();
}
