import { z } from 'zod';
import { localParts, WEEKDAYS, type Weekday } from '../../infra/local-time.js';
import type { OpeningHours } from '../rota/index.js';

/** A preferred time to be contacted: a weekday and a range of local wall-clock time (the line's time zone). */
export interface TimeWindow {
  day: Weekday;
  from: string;
  to: string;
}

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00 to 24:00)');
export const timeWindowSchema = z
  .strictObject({ day: z.enum(WEEKDAYS as [Weekday, ...Weekday[]]), from: clock, to: clock })
  .refine((w) => w.from < w.to, { message: 'a window must end after it starts', path: ['to'] });
export const timeWindowsSchema = z.array(timeWindowSchema).max(21);

function wallClockMs(date: string, time: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm);
}

/** The instant at which the clocks of `timezone` show `time` on `date` (24:00 is the next midnight). */
export function localInstant(date: string, time: string, timezone: string): Date {
  const target = wallClockMs(date, time);
  const offsetAt = (ms: number) => {
    const p = localParts(new Date(ms), timezone);
    return wallClockMs(p.date, p.time) - Math.floor(ms / 60_000) * 60_000;
  };
  let guess = target - offsetAt(target);
  const second = target - offsetAt(guess); // across a daylight-saving change the first guess can be an hour out
  if (second !== guess) guess = second;
  return new Date(guess);
}

/**
 * The earliest moment at or after `now` inside one of the windows (or, with no windows, inside the line's opening
 * hours): `now` itself when it is inside one already. Undefined when there is no such time in the coming week.
 */
export function nextAllowedTime(now: Date, windows: readonly TimeWindow[], timezone: string, openingHours: OpeningHours): Date | undefined {
  const today = localParts(now, timezone).date;
  for (let offset = 0; offset < 8; offset++) {
    const date = new Date(new Date(`${today}T00:00:00Z`).getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
    const ranges: Array<readonly [string, string]> = windows.length > 0
      ? windows.filter((w) => w.day === weekday).map((w) => [w.from, w.to] as const)
      : openingHours[weekday];
    for (const [from, to] of [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const start = localInstant(date, from, timezone);
      const end = localInstant(date, to, timezone);
      if (now < end) return now > start ? now : start;
    }
  }
  return undefined;
}
