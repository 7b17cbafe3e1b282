import Holidays from 'date-holidays';
import type { Settings } from '../../config.js';

export type OpeningHours = Settings['openingHours'];
export type Weekday = keyof OpeningHours;
export type Language = 'da' | 'en';

export interface LocalParts {
  /** YYYY-MM-DD in the given time zone. */
  date: string;
  weekday: Weekday;
  /** HH:MM, 00:00 to 23:59. */
  time: string;
  hour: number;
}

export interface OpeningState {
  open: boolean;
  reason: 'open' | 'outside_hours' | 'closure' | 'public_holiday';
  /** Danish name of the holiday, when reason is 'public_holiday'. */
  holidayName?: string;
}

/** Monday first: the order in which the week is described and grouped. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// ---------------------------------------------------------------------------
// Local time

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

// ---------------------------------------------------------------------------
// Danish public holidays

// Loading the rules is costly, so one instance serves the whole process.
// What the DK data holds (checked against date-holidays 3.37):
// - Store Bededag is written as "easter 26 prior to 2024": it is a public holiday up to 2023 and
//   absent from 2024 on, following its abolition.
// - Juleaftensdag (24 Dec), Grundlovsdag (5 Jun), 1. maj, Fastelavn and Mors Dag are 'observance',
//   so they do not close the line; Nytårsaftensdag (31 Dec) is not in the data at all. An operator
//   who wants those days closed lists them in `closures`.
// - Påskedag and Pinsedag are listed as public holidays even though they are always Sundays.
// - Names are Danish by default; "2. Pinsedag" and "2. Juledag" are spelt "Anden Pinsedag" and
//   "Anden Juledag".
const danishHolidays = new Holidays('DK');

// Keyed by the holiday's own calendar date, which the library gives as "YYYY-MM-DD hh:mm:ss";
// reading that string avoids any dependence on the process's time zone.
const publicHolidaysByYear = new Map<number, Map<string, string>>();

function publicHolidaysIn(year: number): Map<string, string> {
  let byDate = publicHolidaysByYear.get(year);
  if (byDate === undefined) {
    byDate = new Map();
    for (const holiday of danishHolidays.getHolidays(year, 'da')) {
      if (holiday.type === 'public') byDate.set(holiday.date.slice(0, 10), holiday.name);
    }
    publicHolidaysByYear.set(year, byDate);
  }
  return byDate;
}

/** The Danish name of the public holiday on `date` (YYYY-MM-DD), or undefined on an ordinary day. */
export function isPublicHoliday(date: string): string | undefined {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(date);
  if (match === null) return undefined;
  return publicHolidaysIn(Number(match[1])).get(date);
}

// ---------------------------------------------------------------------------
// Open or closed

function withinHours(ranges: ReadonlyArray<readonly [string, string]>, time: string): boolean {
  // "HH:MM" strings sort like the times they name, and "24:00" sorts after every real time.
  return ranges.some(([from, to]) => from <= time && time < to);
}

/**
 * Whether the line is open at `at`. A closure or a holiday closes the whole local date, so it is
 * reported even outside the hours: the caller can then say why the line is closed today. A night
 * range split at midnight belongs to both dates, so closing the second date also closes its
 * after-midnight part.
 */
export function openingState(at: Date, settings: Settings): OpeningState {
  const local = localParts(at, settings.timezone);
  if (settings.closures.includes(local.date)) return { open: false, reason: 'closure' };
  if (settings.closeOnPublicHolidays) {
    const holidayName = isPublicHoliday(local.date);
    if (holidayName !== undefined) return { open: false, reason: 'public_holiday', holidayName };
  }
  return withinHours(settings.openingHours[local.weekday], local.time)
    ? { open: true, reason: 'open' }
    : { open: false, reason: 'outside_hours' };
}

// ---------------------------------------------------------------------------
// Spoken description

interface Phrasing {
  intro: string;
  allClosed: string;
  days: Record<Weekday, string>;
  and: string;
  through: string;
  from: string;
  to: string;
  midnight: string;
  allDay: string;
  minuteSeparator: string;
}

const PHRASING: Record<Language, Phrasing> = {
  da: {
    intro: 'Vi har åbent',
    allClosed: 'Linjen er lukket indtil videre.',
    days: { mon: 'mandag', tue: 'tirsdag', wed: 'onsdag', thu: 'torsdag', fri: 'fredag', sat: 'lørdag', sun: 'søndag' },
    and: 'og',
    through: 'til',
    from: 'fra',
    to: 'til',
    midnight: 'midnat',
    allDay: 'hele døgnet',
    // Danish writes clock times as 9.30, English as 9:30.
    minuteSeparator: '.',
  },
  en: {
    intro: 'We are open',
    allClosed: 'The line is closed until further notice.',
    days: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
    and: 'and',
    through: 'to',
    from: 'from',
    to: 'to',
    midnight: 'midnight',
    allDay: 'around the clock',
    minuteSeparator: ':',
  },
};

type Range = readonly [string, string];

/** "09:00" → "9", "09:30" → "9.30"/"9:30", "00:00" and "24:00" → "midnat"/"midnight". */
function spokenTime(time: string, words: Phrasing): string {
  if (time === '00:00' || time === '24:00') return words.midnight;
  const [hours = '0', minutes = '00'] = time.split(':');
  const hour = String(Number(hours));
  return minutes === '00' ? hour : `${hour}${words.minuteSeparator}${minutes}`;
}

function spokenRanges(ranges: readonly Range[], words: Phrasing): string {
  const only = ranges[0];
  if (ranges.length === 1 && only !== undefined && only[0] === '00:00' && only[1] === '24:00') return words.allDay;
  return ranges
    .map(([from, to]) => `${words.from} ${spokenTime(from, words)} ${words.to} ${spokenTime(to, words)}`)
    .join(` ${words.and} `);
}

function spokenDays(days: readonly Weekday[], words: Phrasing): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return '';
  if (days.length === 1) return words.days[first];
  const joiner = days.length === 2 ? words.and : words.through;
  return `${words.days[first]} ${joiner} ${words.days[last]}`;
}

interface DayGroup {
  days: Weekday[];
  ranges: Range[];
  key: string;
}

/** Runs of adjacent open days (Monday to Sunday, no wrap-around) with the same ranges. */
function groupDays(openingHours: OpeningHours): DayGroup[] {
  const groups: DayGroup[] = [];
  let previous: DayGroup | undefined;
  for (const day of WEEKDAYS) {
    // Sorted so that the same hours written in another order still group together.
    const ranges = [...openingHours[day]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (ranges.length === 0) {
      previous = undefined;
      continue;
    }
    const key = JSON.stringify(ranges);
    if (previous !== undefined && previous.key === key) {
      previous.days.push(day);
    } else {
      previous = { days: [day], ranges, key };
      groups.push(previous);
    }
  }
  return groups;
}

/**
 * One sentence, for a phone's text-to-speech, stating when the line is open: adjacent days with
 * the same hours are grouped ("mandag til fredag fra 9 til 21"), closed days are left out.
 */
export function describeOpeningHours(openingHours: OpeningHours, language: Language): string {
  const words = PHRASING[language];
  const groups = groupDays(openingHours);
  if (groups.length === 0) return words.allClosed;
  const parts = groups.map((group) => `${spokenDays(group.days, words)} ${spokenRanges(group.ranges, words)}`);
  return `${words.intro} ${parts.join(', ')}.`;
}
