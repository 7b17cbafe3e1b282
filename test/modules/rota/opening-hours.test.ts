import t from 'tap';
import { loadConfig, type Settings } from '../../../src/config.js';
import { isPublicHoliday } from '../../../src/infra/danish-holidays.js';
import { localParts } from '../../../src/infra/local-time.js';
import { describeOpeningHours, openingState, type OpeningHours, type OpeningState } from '../../../src/modules/rota/opening-hours.js';

const defaults = loadConfig({ NODE_ENV: 'test' }).settings;

const closedWeek: OpeningHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

const open: OpeningState = { open: true, reason: 'open' };
const outside: OpeningState = { open: false, reason: 'outside_hours' };

t.test('localParts gives the wall clock in the time zone, across daylight-saving changes', async (t) => {
  const cases: Array<[string, string, string, ReturnType<typeof localParts>]> = [
    ['winter time is UTC+1', '2026-01-15T08:00:00Z', 'Europe/Copenhagen', { date: '2026-01-15', weekday: 'thu', time: '09:00', hour: 9 }],
    ['summer time is UTC+2', '2026-06-10T07:00:00Z', 'Europe/Copenhagen', { date: '2026-06-10', weekday: 'wed', time: '09:00', hour: 9 }],
    ['midnight is hour 0, not 24', '2026-06-09T22:00:00Z', 'Europe/Copenhagen', { date: '2026-06-10', weekday: 'wed', time: '00:00', hour: 0 }],
    ['the local date can differ from the UTC date', '2026-06-10T23:30:00Z', 'Europe/Copenhagen', { date: '2026-06-11', weekday: 'thu', time: '01:30', hour: 1 }],
    ['spring forward: last minute of winter time', '2026-03-29T00:59:00Z', 'Europe/Copenhagen', { date: '2026-03-29', weekday: 'sun', time: '01:59', hour: 1 }],
    ['spring forward: 02:00 is skipped, the next instant reads 03:00', '2026-03-29T01:00:00Z', 'Europe/Copenhagen', { date: '2026-03-29', weekday: 'sun', time: '03:00', hour: 3 }],
    ['spring forward: noon is UTC+2', '2026-03-29T10:00:00Z', 'Europe/Copenhagen', { date: '2026-03-29', weekday: 'sun', time: '12:00', hour: 12 }],
    ['fall back: 02:30 summer time', '2026-10-25T00:30:00Z', 'Europe/Copenhagen', { date: '2026-10-25', weekday: 'sun', time: '02:30', hour: 2 }],
    ['fall back: 02:30 again, winter time', '2026-10-25T01:30:00Z', 'Europe/Copenhagen', { date: '2026-10-25', weekday: 'sun', time: '02:30', hour: 2 }],
    ['fall back: noon is UTC+1', '2026-10-25T11:00:00Z', 'Europe/Copenhagen', { date: '2026-10-25', weekday: 'sun', time: '12:00', hour: 12 }],
    ['another time zone', '2026-06-10T07:00:00Z', 'America/New_York', { date: '2026-06-10', weekday: 'wed', time: '03:00', hour: 3 }],
  ];
  for (const [name, instant, timezone, expected] of cases) {
    t.same(localParts(new Date(instant), timezone), expected, name);
  }
});

t.test('openingState follows the hours, closures and public holidays', async (t) => {
  const nightShift: Settings = {
    ...defaults,
    openingHours: { ...closedWeek, fri: [['20:00', '24:00']], sat: [['00:00', '02:00']] },
  };
  const splitDay: Settings = {
    ...defaults,
    openingHours: { ...defaults.openingHours, wed: [['13:00', '17:00'], ['09:00', '11:30']] },
  };
  const noHolidays: Settings = { ...defaults, closeOnPublicHolidays: false };
  const withClosure: Settings = { ...defaults, closures: ['2026-06-10'] };

  // 2026-06-08 to 2026-06-14 (Monday to Sunday) is an ordinary summer-time week, UTC+2.
  const cases: Array<[string, Settings, string, OpeningState]> = [
    ['open inside a range', defaults, '2026-06-10T10:00:00Z', open],
    ['open at exactly the start time', defaults, '2026-06-10T07:00:00Z', open],
    ['open in the last minute of a range', defaults, '2026-06-10T18:59:59Z', open],
    ['closed at exactly the end time', defaults, '2026-06-10T19:00:00Z', outside],
    ['closed before the start time', defaults, '2026-06-10T06:59:00Z', outside],
    ['weekend hours apply on Saturday', defaults, '2026-06-13T08:00:00Z', open],
    ['closed on Saturday at a weekday-only hour', defaults, '2026-06-13T07:30:00Z', outside],
    ['closed on a day with no ranges', nightShift, '2026-06-10T10:00:00Z', outside],
    ['open at the start of a range ending 24:00', nightShift, '2026-06-12T18:00:00Z', open],
    ['open in the last minute before 24:00', nightShift, '2026-06-12T21:59:00Z', open],
    ['past midnight: open at Sat 01:30 through the 00:00 range', nightShift, '2026-06-12T23:30:00Z', open],
    ['past midnight: closed at Sat 02:00', nightShift, '2026-06-13T00:00:00Z', outside],
    ['second of two ranges on one day', splitDay, '2026-06-10T12:00:00Z', open],
    ['gap between two ranges on one day', splitDay, '2026-06-10T10:00:00Z', outside],
    ['a closure date closes a normal day', withClosure, '2026-06-10T10:00:00Z', { open: false, reason: 'closure' }],
    ['a closure date is reported outside the hours too', withClosure, '2026-06-09T23:30:00Z', { open: false, reason: 'closure' }],
    ['the day after a closure is normal', withClosure, '2026-06-11T10:00:00Z', open],
    ['a normal weekday is no holiday', defaults, '2026-04-01T10:00:00Z', open],
    ['Juledag', defaults, '2026-12-25T10:00:00Z', { open: false, reason: 'public_holiday', holidayName: 'Juledag' }],
    ['Langfredag', defaults, '2026-04-03T10:00:00Z', { open: false, reason: 'public_holiday', holidayName: 'Langfredag' }],
    ['Kristi Himmelfartsdag', defaults, '2026-05-14T10:00:00Z', { open: false, reason: 'public_holiday', holidayName: 'Kristi Himmelfartsdag' }],
    ['2. Pinsedag', defaults, '2026-05-25T10:00:00Z', { open: false, reason: 'public_holiday', holidayName: 'Anden Pinsedag' }],
    ['Nytårsdag', defaults, '2026-01-01T10:00:00Z', { open: false, reason: 'public_holiday', holidayName: 'Nytårsdag' }],
    ['a holiday starts at local midnight, not UTC midnight', defaults, '2026-12-24T23:30:00Z', { open: false, reason: 'public_holiday', holidayName: 'Juledag' }],
    ['Juledag is open when holidays do not close the line', noHolidays, '2026-12-25T10:00:00Z', open],
    ['Langfredag is open when holidays do not close the line', noHolidays, '2026-04-03T10:00:00Z', open],
    ['Kristi Himmelfartsdag is open when holidays do not close the line', noHolidays, '2026-05-14T10:00:00Z', open],
    ['2. Pinsedag is open when holidays do not close the line', noHolidays, '2026-05-25T10:00:00Z', open],
    ['Nytårsdag is open when holidays do not close the line', noHolidays, '2026-01-01T10:00:00Z', open],
    ['Juleaftensdag is not a public holiday', defaults, '2026-12-24T10:00:00Z', open],
    ['Grundlovsdag is not a public holiday', defaults, '2026-06-05T10:00:00Z', open],
    ['spring-forward Sunday: 09:59 local is before the weekend hours', defaults, '2026-03-29T07:59:00Z', outside],
    ['spring-forward Sunday: 10:00 local is UTC 08:00', defaults, '2026-03-29T08:00:00Z', open],
    ['fall-back Sunday: 09:59 local is before the weekend hours', defaults, '2026-10-25T08:59:00Z', outside],
    ['fall-back Sunday: 10:00 local is UTC 09:00', defaults, '2026-10-25T09:00:00Z', open],
  ];
  for (const [name, settings, instant, expected] of cases) {
    t.same(openingState(new Date(instant), settings), expected, name);
  }
});

t.test('isPublicHoliday names Danish public holidays only', async (t) => {
  const cases: Array<[string, string | undefined]> = [
    ['2026-01-01', 'Nytårsdag'],
    ['2026-04-02', 'Skærtorsdag'],
    ['2026-04-03', 'Langfredag'],
    ['2026-04-06', 'Anden påskedag'],
    ['2026-05-14', 'Kristi Himmelfartsdag'],
    ['2026-05-25', 'Anden Pinsedag'],
    ['2026-12-25', 'Juledag'],
    ['2026-12-26', 'Anden Juledag'],
    ['2026-12-24', undefined],
    ['2026-12-31', undefined],
    ['2026-06-05', undefined],
    ['2026-05-01', undefined],
    ['2026-06-10', undefined],
    ['2023-05-05', 'Store Bededag'],
    // Store Bededag was abolished from 2024: the fourth Friday after Easter is an ordinary day.
    ['2024-04-26', undefined],
    ['not a date', undefined],
  ];
  for (const [date, expected] of cases) t.equal(isPublicHoliday(date), expected, date);
});

t.test('describeOpeningHours speaks the hours', async (t) => {
  const irregular: OpeningHours = {
    mon: [['09:30', '12:00'], ['13:00', '17:00']],
    tue: [['09:30', '12:00'], ['13:00', '17:00']],
    wed: [],
    thu: [['08:00', '24:00']],
    fri: [['08:00', '24:00']],
    sat: [['00:00', '02:00'], ['18:00', '22:45']],
    sun: [['00:00', '24:00']],
  };
  const oneDay: OpeningHours = { ...closedWeek, wed: [['10:00', '14:00']] };
  const splitWeek: OpeningHours = {
    ...closedWeek,
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  };

  const cases: Array<[string, OpeningHours, 'da' | 'en', string]> = [
    ['default, Danish', defaults.openingHours, 'da', 'Vi har åbent mandag til fredag fra 9 til 21, lørdag og søndag fra 10 til 18.'],
    ['default, English', defaults.openingHours, 'en', 'We are open Monday to Friday from 9 to 21, Saturday and Sunday from 10 to 18.'],
    [
      'irregular, Danish',
      irregular,
      'da',
      'Vi har åbent mandag og tirsdag fra 9.30 til 12 og fra 13 til 17, torsdag og fredag fra 8 til midnat, ' +
        'lørdag fra midnat til 2 og fra 18 til 22.45, søndag hele døgnet.',
    ],
    [
      'irregular, English',
      irregular,
      'en',
      'We are open Monday and Tuesday from 9:30 to 12 and from 13 to 17, Thursday and Friday from 8 to midnight, ' +
        'Saturday from midnight to 2 and from 18 to 22:45, Sunday around the clock.',
    ],
    ['a single day', oneDay, 'da', 'Vi har åbent onsdag fra 10 til 14.'],
    ['a closed day breaks a run of identical days', splitWeek, 'en', 'We are open Monday to Wednesday from 9 to 17, Friday from 9 to 17.'],
    ['every day closed, Danish', closedWeek, 'da', 'Linjen er lukket indtil videre.'],
    ['every day closed, English', closedWeek, 'en', 'The line is closed until further notice.'],
  ];
  for (const [name, hours, language, expected] of cases) {
    t.equal(describeOpeningHours(hours, language), expected, name);
  }
});
