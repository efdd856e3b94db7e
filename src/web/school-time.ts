// Dates and times of the request's school, in its own time zone (DESIGN: Time). Routes say todayOf(request) instead of
// todayIso(); a request without a school (operator, public pages) reads the default zone.
import type { FastifyRequest } from 'fastify';
import { now } from './clock.ts';
import { DEFAULT_TIME_ZONE, ruDateTime, todayIso } from './dates.ts';

type WithActor = Pick<FastifyRequest, 'actor'>;

/** The IANA time zone of the request's school. */
export function zoneOf(request: WithActor): string {
  return request.actor?.school?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Today's date at the request's school, by the app's clock. */
export function todayOf(request: WithActor): string {
  return todayIso(now(), zoneOf(request));
}

/** A moment as the request's school reads it: «23.11.2026 09:05» in its time zone. */
export function dateTimeOf(request: WithActor, at: Date | null | undefined): string {
  return ruDateTime(at, zoneOf(request));
}
