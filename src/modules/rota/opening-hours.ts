import type { Settings } from '../../config.js';
import { isPublicHoliday } from '../../infra/danish-holidays.js';
import { localParts, WEEKDAYS, type Weekday } from '../../infra/local-time.js';

export type OpeningHours = Settings['openingHours'];
export type Language = 'da' | 'en';

export interface OpeningState {
  open: boolean;
  reason: 'open' | 'outside_hours' | 'closure' | 'public_holiday';
  /** Danish name of the holiday, when reason is 'public_holiday'. */
  holidayName?: string;
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
