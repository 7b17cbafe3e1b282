import Holidays from 'date-holidays';

// Danish public holidays: they close the line (closeOnPublicHolidays), and follow-up deadlines skip them.

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
