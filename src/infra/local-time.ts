// The wall clock of the line's own time zone. The call flow (opening hours, the hour band of a call record), the
// rota (which shift is on now, today's on-call switch) and the calls module (dates of notes) all ask for it.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface LocalParts {
  /** YYYY-MM-DD in the given time zone. */
  date: string;
  weekday: Weekday;
  /** HH:MM, 00:00 to 23:59. */
  time: string;
  hour: number;
}

/** Monday first: the order in which the week is described and grouped. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// Building a DateTimeFormat is slow compared to using one, and every call decision asks for the time.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      // 'h23' rather than hour12: false, which renders midnight as "24" in some engines.
      hourCycle: 'h23',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as readonly string[]).includes(value);
}

/**
 * The wall-clock date, weekday and time at `at` in `timezone`. The time zone database does the
 * offset arithmetic, so the answer is right on both sides of a daylight-saving change.
 */
// Every webhook asks for the local time, and formatToParts is slow: the answer is the same for a whole minute
// (time zone offsets are whole minutes), so the last one is kept per time zone.
const lastByZone = new Map<string, { minute: number; parts: LocalParts }>();

export function localParts(at: Date, timezone: string): LocalParts {
  const minute = Math.floor(at.getTime() / 60_000);
  const cached = lastByZone.get(timezone);
  if (cached?.minute === minute) return cached.parts;
  const parts = computeLocalParts(at, timezone);
  lastByZone.set(timezone, { minute, parts });
  return parts;
}

function computeLocalParts(at: Date, timezone: string): LocalParts {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timezone).formatToParts(at)) parts[part.type] = part.value;

  const weekday = (parts.weekday ?? '').toLowerCase();
  if (!isWeekday(weekday)) throw new Error(`unexpected weekday "${parts.weekday}" for ${timezone}`);
  const hour = Number(parts.hour);
  const year = (parts.year ?? '').padStart(4, '0');
  return {
    date: `${year}-${parts.month}-${parts.day}`,
    weekday,
    time: `${String(hour).padStart(2, '0')}:${parts.minute}`,
    hour,
  };
}
