import t from 'tap';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../src/modules/followups/working-days.js';
import { localInstant, nextAllowedTime } from '../../../src/modules/followups/time-windows.js';

const TZ = 'Europe/Copenhagen';

t.test('deadlines in Danish working days', async (t) => {
  t.equal(addWorkingDays('2026-12-01', 2, []), '2026-12-03', 'Tuesday + 2 = Thursday');
  t.equal(addWorkingDays('2026-12-04', 2, []), '2026-12-08', 'Friday + 2 skips the weekend: Tuesday');
  t.equal(addWorkingDays('2026-12-05', 2, []), '2026-12-08', 'created on a Saturday: Monday is the first working day');
  // Easter 2026: Skærtorsdag 2 Apr, Langfredag 3 Apr, Påskedag 5 Apr, 2. Påskedag 6 Apr.
  t.equal(addWorkingDays('2026-04-01', 1, []), '2026-04-07', 'Wednesday before Easter + 1 = the Tuesday after');
  t.equal(addWorkingDays('2026-04-01', 2, []), '2026-04-08');
  t.notOk(isWorkingDay('2026-04-02', []), 'Skærtorsdag');
  t.notOk(isWorkingDay('2026-04-06', []), '2. Påskedag');
  t.ok(isWorkingDay('2026-05-01', []), '1 May is an observance, not a public holiday');
  t.notOk(isWorkingDay('2023-05-05', []), 'Store Bededag 2023 was a holiday');
  t.ok(isWorkingDay('2024-04-26', []), 'and from 2024 it is not');
  t.equal(addWorkingDays('2026-12-22', 2, ['2026-12-24']), '2026-12-28', 'a closure (24 Dec) and Christmas are skipped');
  t.equal(addWorkingDays('2026-12-01', 2, ['2026-12-02']), '2026-12-04', 'a closure date counts as no working day');
  t.equal(workingDaysBetween('2026-12-04', '2026-12-08', []), 2, 'Friday to Tuesday: two working days');
  t.equal(workingDaysBetween('2026-12-04', '2026-12-04', []), 0);
});

t.test('time windows in the line\'s time zone, across daylight saving', async (t) => {
  t.equal(localInstant('2026-12-01', '09:00', TZ).toISOString(), '2026-12-01T08:00:00.000Z', 'winter: UTC+1');
  t.equal(localInstant('2026-07-01', '09:00', TZ).toISOString(), '2026-07-01T07:00:00.000Z', 'summer: UTC+2');
  t.equal(localInstant('2026-03-29', '12:00', TZ).toISOString(), '2026-03-29T10:00:00.000Z', 'the day clocks go forward');
  t.equal(localInstant('2026-12-01', '24:00', TZ).toISOString(), '2026-12-01T23:00:00.000Z', '24:00 is the next midnight');

  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '21:00']]])) as never;
  const tuesdayMorning = new Date('2026-12-01T06:00:00Z'); // 07:00 local
  t.equal(nextAllowedTime(tuesdayMorning, [], TZ, hours)?.toISOString(), '2026-12-01T08:00:00.000Z', 'no windows: the line\'s hours');
  const inside = new Date('2026-12-01T10:00:00Z');
  t.equal(nextAllowedTime(inside, [], TZ, hours)?.getTime(), inside.getTime(), 'inside a window: now');
  const windows = [{ day: 'thu' as const, from: '16:00', to: '18:00' }];
  t.equal(nextAllowedTime(tuesdayMorning, windows, TZ, hours)?.toISOString(), '2026-12-03T15:00:00.000Z', 'the person\'s window on Thursday');
  t.equal(nextAllowedTime(new Date('2026-12-03T17:30:00Z'), windows, TZ, hours)?.toISOString(), '2026-12-10T15:00:00.000Z', 'after it: next week');
  const closed = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, []])) as never;
  t.equal(nextAllowedTime(tuesdayMorning, [], TZ, closed), undefined, 'never: undefined');
});
