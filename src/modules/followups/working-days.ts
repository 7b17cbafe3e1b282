import { isPublicHoliday } from '../../infra/danish-holidays.js';

// Deadlines in Danish working days: weekends, public holidays and the line's own closure dates do not count.
// Dates are calendar dates (YYYY-MM-DD) in the line's time zone; the arithmetic runs on UTC midnights.

const DAY_MS = 86_400_000;

function toDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(toDate(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, closures: readonly string[]): boolean {
  const weekday = toDate(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && isPublicHoliday(date) === undefined && !closures.includes(date);
}

/** The `n`th working day after `date` (the day itself does not count, whatever it is). */
export function addWorkingDays(date: string, n: number, closures: readonly string[]): string {
  let day = date;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day, closures)) counted += 1;
  }
  return day;
}

/** How many working days lie after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, closures: readonly string[]): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, closures)) count += 1;
  return count;
}
