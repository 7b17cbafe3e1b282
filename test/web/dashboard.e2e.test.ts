// The supervisor's dashboard, end to end in headless Chromium against the real app: call records seeded for a past
// quarter; a supervisor logs in, lands on /dashboard, picks the quarter with the keyboard-usable picker; the figures
// shown are the API's (calls, the series, the heat maps' numbers, every case-mix count with its "<5" and "x"
// marks); the CSV link carries the same query; a refused period is explained in the person's language at its field;
// a period that has not ended says from when its case-mix will be shown; axe-core finds nothing serious; printed (print
// media), navigation, picker and buttons are gone and the report remains. Screenshots in test-artifacts/ (docs/
// holds copies of dashboard.png and dashboard-print.png).
import type { Page } from 'playwright-core';
import t from 'tap';
import { redisAvailable, testApp } from '../helpers/services.js';
import { seedCalls } from '../helpers/stats.js';
import { addUser, login, PASSWORD } from '../helpers/users.js';
import { assertAccessible, chromiumAvailable, launchChromium, newContext, screenshot, servePage, watchPage } from '../helpers/web.js';

const FROM = '2025-07-01';
const TO = '2025-09-30';

type Count = number | string | null;
interface Table { table: string; kind: string; rows?: Array<{ value: string; count?: Count; yes?: { count: Count }; no?: { count: Count }; unknown?: { count: Count } }>; total: Count; cells?: Array<Array<{ count: Count }>>; rowTotals?: Count[]; columnTotals?: Count[] }

/** A count as the page writes it (the seeded figures are all below 1,000: no thousands separator; withheld: ".."). */
const shown = (c: Count | undefined) => (c === null || c === undefined ? '..' : String(c));

/** What each case-mix table's count cells should read, row by row, in the page's order. */
function expectedCells(tb: Table): string[][] {
  if (tb.kind === 'one-way' || tb.kind === 'set') return [...tb.rows!.map((r) => [shown(r.count)]), [shown(tb.total)]];
  if (tb.kind === 'flags') return tb.rows!.map((r) => [shown(r.yes!.count), shown(r.no!.count), shown(r.unknown!.count)]);
  return [...tb.cells!.map((row, i) => [...row.map((c) => shown(c.count)), shown(tb.rowTotals![i])]), [...tb.columnTotals!.map(shown), shown(tb.total)]];
}

/** The count cells (not the percentages) of each row of a case-mix table in the page. */
function pageCells(page: Page, period: string, table: string): Promise<string[][]> {
  return page.locator(`.case-mix-period[data-period="${period}"] table[data-table="${table}"]`).evaluate((el: unknown) => {
    const rows = (el as { querySelectorAll(s: string): ArrayLike<{ querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }> }).querySelectorAll('tbody tr, tfoot tr');
    return Array.from(rows).map((row) => Array.from(row.querySelectorAll('td.num:not(.pct), td.num.suppressed:not(.pct)')).map((td) => (td.textContent ?? '').trim()));
  });
}

const isoDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

if (chromiumAvailable(t, 'the dashboard end-to-end test')) {
  t.test('the supervisor dashboard: a past quarter, the figures of the API, CSV, errors, a period not ended, print', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { app, origin } = await servePage(async (origin) => ({ app: await testApp(t, { ALLOWED_ORIGINS: origin }) }));
    await addUser(app, 'sofie', ['supervisor']);
    // The third quarter of 2025: Monday mornings busy (and two calls nobody took), Tuesday evenings, a few of each;
    // every month with enough calls that its figures can be shown, two professionals in July (a "<5").
    await seedCalls(app.infra.db, [
      { date: '2025-07-07', hour: 10, wait: 20, duration: '5-15', queue: 'none', callerType: 'perpetrator_self', outcome: 'information_only', gender: 'male', behaviours: ['calls_sms'], riskFlags: { threats_to_kill: 'no' }, n: 10 },
      { date: '2025-07-07', hour: 10, status: 'missed', n: 2 },
      { date: '2025-07-08', hour: 20, wait: 30, duration: '<5', queue: 'none', callerType: 'relative_or_friend', outcome: 'information_only', gender: 'female', n: 6 },
      { date: '2025-07-09', hour: 14, wait: 40, duration: '15-30', queue: '1-3', callerType: 'professional', outcome: 'consented_to_followup', gender: 'male', riskFlags: { threats_to_kill: 'yes' }, n: 2 },
      { date: '2025-08-13', hour: 14, status: 'abandoned_in_queue', queue: '1-3' },
      { date: '2025-08-18', hour: 10, wait: 15, duration: '>30', queue: '<1', callerType: 'perpetrator_self', outcome: 'consented_to_followup', gender: 'male', behaviours: ['calls_sms', 'showing_up'], n: 8 },
      { date: '2025-09-06', hour: 23, status: 'closed', n: 3 },
      { date: '2025-09-10', hour: 9, status: 'blocked' },
      { date: '2025-09-16', hour: 20, wait: 25, duration: '5-15', queue: 'none', callerType: 'relative_or_friend', outcome: 'information_only', gender: 'female', n: 7 },
    ]);
    const cookie = await login(app, 'sofie');
    const query = `from=${FROM}&to=${TO}&granularity=week`;
    const api = (await app.inject({ method: 'GET', url: `/api/stats?${query}`, headers: { cookie } })).json();
    t.equal(api.operational.total.calls, 40, 'the seeded calls');

    const browser = await launchChromium(t);
    const context = await newContext(browser, { height: 900 });
    const page = await context.newPage();
    const watch = await watchPage(page);

    // --- log in and land on the dashboard ---
    await page.goto(`${origin}/`);
    await page.getByLabel('Brugernavn').fill('sofie');
    await page.getByLabel('Adgangskode').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overblik', exact: true }).waitFor();
    t.equal(new URL(page.url()).pathname, '/dashboard', 'a supervisor lands on the dashboard');
    t.equal(await page.locator('h1').count(), 1, 'one h1');
    await page.locator('.followup-deadlines .figure dd').first().waitFor();
    t.pass('the follow-up deadlines are still shown');

    // --- the quick choices, by keyboard ---
    const picker = page.locator('form.period-form');
    const now = new Date();
    const lastMonthStart = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    const lastMonthEnd = new Date(now.getFullYear(), now.getMonth(), 0);
    await picker.getByRole('button', { name: 'Sidste måned' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.report-title', { hasText: 'Statistik for' }).waitFor();
    t.equal(await picker.getByLabel('Fra').inputValue(), isoDate(lastMonthStart), 'last month: from its first day');
    t.equal(await picker.getByLabel('Til').inputValue(), isoDate(lastMonthEnd), 'to its last');
    t.equal(await picker.getByLabel('Opdeling').inputValue(), 'day', 'by day');

    // --- pick the quarter ---
    await picker.getByLabel('Fra').fill(FROM);
    await picker.getByLabel('Til').fill(TO);
    await picker.getByLabel('Opdeling').selectOption('week');
    await picker.getByRole('button', { name: 'Vis tal' }).click();
    await page.locator('.report-title', { hasText: 'Statistik for 1. jul. 2025 – 30. sep. 2025' }).waitFor();
    await page.locator('.case-mix-period[data-period="2025-Q3"]').waitFor();

    // The operational figures are the API's.
    const total = api.operational.total;
    const figure = (table: string, key: string) => page.locator(`table[data-table="${table}"] tr[data-figure="${key}"] td`).first().innerText();
    t.equal(await figure('totals', 'calls'), String(total.calls), 'calls, total');
    t.equal(await figure('totals', 'answered'), String(total.answered), 'answered');
    t.equal(await figure('totals', 'missed'), String(total.missed + total.queueTimeout), 'not answered');
    t.equal(await figure('totals', 'abandonedInQueue'), String(total.abandonedInQueue), 'hung up in the queue');
    t.equal(await figure('totals', 'closed'), String(total.closed), 'closed');
    t.equal(await figure('totals', 'blocked'), String(total.blocked), 'blocked');
    t.equal(await figure('rates', 'meanWait'), `${total.timeToAnswer.meanSeconds} s`, 'mean time to answer');
    t.equal(await figure('rates', 'p90Wait'), `${total.timeToAnswer.p90Seconds} s`, '90th percentile');
    t.match(await page.locator('table[data-table="totals"] tr[data-figure="answered"] td').nth(1).innerText(), new RegExp(`\\(N = ${total.offered}\\)`), 'a percentage with its N');
    const seriesRows = page.locator('table[data-table="series"] tbody tr');
    t.equal(await seriesRows.count(), api.operational.series.length, 'one row per week');
    for (const [i, s] of (api.operational.series as Array<{ bucket: string; calls: number }>).entries()) {
      t.equal(await seriesRows.nth(i).locator('td').first().innerText(), String(s.calls), `week of ${s.bucket}: ${s.calls} calls`);
    }
    t.equal(await page.locator('svg.chart[role="img"]').count(), 3, 'three charts, each an image with a title');
    t.ok((await page.locator('svg.chart rect.bar').count()) > 0, 'the bars are drawn');

    // The heat maps: every number the API's.
    const heat = async (name: 'calls' | 'unanswered') => page.locator(`table[data-heat="${name}"] tbody tr`).evaluateAll((rows: unknown[]) =>
      rows.map((row) => Array.from((row as { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }).querySelectorAll('td')).map((td) => Number(td.textContent))));
    t.same(await heat('calls'), api.operational.heatMap.calls, 'the heat map of calls');
    t.same(await heat('unanswered'), api.operational.heatMap.unanswered, 'the heat map of calls nobody could take');
    t.equal(await page.locator('table[data-heat="calls"] td[data-day="0"][data-hour="10"]').innerText(), '20', 'Monday 10–11: twenty calls');
    t.equal(await page.locator('table[data-heat="unanswered"] td[data-day="0"][data-hour="10"]').innerText(), '2', 'two nobody took');

    // The case-mix: every count cell as the API published it.
    const quarter = api.caseMix.periods[0];
    t.match(quarter, { period: '2025-Q3', available: true });
    for (const tb of quarter.tables as Table[]) t.same(await pageCells(page, '2025-Q3', tb.table), expectedCells(tb), `case-mix ${tb.table}`);
    const professional = (quarter.tables as Table[]).find((x) => x.table === 'callerType')!.rows!.find((r) => r.value === 'professional')!;
    t.equal(professional.count, '<5', 'two professionals: published as <5');
    const cell = page.locator('.case-mix-period[data-period="2025-Q3"] table[data-table="callerType"] tr[data-value="professional"] td').first();
    t.equal(await cell.innerText(), '<5', 'and shown as «<5»');
    t.match(await cell.getAttribute('class'), /suppressed small/, 'marked as a small count');
    const note = page.locator('.suppression-note');
    t.match(await note.innerText(), /<5\s+betyder 1 til 4 opkald/, 'what <5 means, in Danish');
    t.match(await note.innerText(), /x\s+er et tal på 5 eller mere, som er skjult for at beskytte et lille tal/, 'and x');

    // The CSV link: the same query.
    const csv = page.getByRole('link', { name: 'Hent som CSV' });
    t.equal(await csv.getAttribute('href'), `/api/stats.csv?${query}`, 'the CSV link carries the same query');
    t.not(await csv.getAttribute('download'), null, 'a download');
    const download = await context.request.get(`${origin}/api/stats.csv?${query}`);
    t.equal(download.status(), 200);
    t.match(download.headers()['content-type'], /^text\/csv/);
    t.match(await download.text(), new RegExp(`operational,${FROM}/${TO},calls,status,calls,,,${total.calls}`), 'the CSV has the calls total');

    await assertAccessible(t, page, 'the dashboard with a quarter shown');
    await page.setViewportSize({ width: 1280, height: 1600 });
    await screenshot(page, 'dashboard', { viewport: true });
    await screenshot(page, 'dashboard-full');
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- a refused period, in the person's language, at its field ---
    await picker.getByLabel('Til').fill('2025-06-30');
    await picker.getByRole('button', { name: 'Vis tal' }).click();
    await picker.getByText('Til: Til-datoen må ikke ligge før fra-datoen.').waitFor();
    t.equal(await picker.getByLabel('Til').getAttribute('aria-invalid'), 'true', 'the refused field is marked');
    t.equal(await picker.getByLabel('Fra').getAttribute('aria-invalid'), null, 'the other is not');
    await page.getByRole('button', { name: 'English' }).click();
    await picker.getByText('To: The “to” date must not be before the “from” date.').waitFor();
    t.pass('the same refusal in English');
    t.match(await page.locator('.report-title').innerText(), /^Statistics for 1 Jul 2025 – 30 Sept? 2025$/, 'the report in English too');
    t.match(await note.innerText(), /<5\s+means 1 to 4 calls/, 'and the explanation of the marks');
    t.equal(await page.locator('table[data-table="totals"] caption').innerText(), 'Calls in the period');
    await page.getByRole('button', { name: 'Dansk' }).click();

    // --- a period that has not ended: operational figures, and when its case-mix will be ---
    const monthStart = isoDate(new Date(now.getFullYear(), now.getMonth(), 1));
    const monthEnd = isoDate(new Date(now.getFullYear(), now.getMonth() + 1, 0));
    const open = (await app.inject({ method: 'GET', url: `/api/stats?from=${monthStart}&to=${monthEnd}&granularity=day`, headers: { cookie } })).json();
    t.match(open.caseMix.periods, [{ available: false, reason: 'not_ended' }]);
    await picker.getByLabel('Fra').fill(monthStart);
    await picker.getByLabel('Til').fill(monthEnd);
    await picker.getByLabel('Opdeling').selectOption('day');
    await picker.getByRole('button', { name: 'Vis tal' }).click();
    const notice = page.locator('.case-mix-period.unavailable [data-reason="not_ended"]');
    await notice.waitFor();
    const availableFrom = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${open.caseMix.periods[0].availableFrom}T12:00:00Z`));
    t.match(await notice.innerText(), `Perioden er ikke slut endnu. Hvem der ringer, vises kun for hele perioder, der er slut: fra ${availableFrom}.`, 'from when the case-mix will be shown');
    t.equal(await page.locator('.case-mix table').count(), 0, 'no case-mix table');

    // --- print: back to the quarter, as an A4 page ---
    await picker.getByLabel('Fra').fill(FROM);
    await picker.getByLabel('Til').fill(TO);
    await picker.getByLabel('Opdeling').selectOption('month');
    await picker.getByRole('button', { name: 'Vis tal' }).click();
    await page.locator('.case-mix-period[data-period="2025-Q3"]').waitFor();
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    for (const [what, locator] of [
      ['the top bar', page.locator('header.topbar')],
      ['the period picker', picker],
      ['the print button', page.getByRole('button', { name: 'Udskriv' })],
      ['the CSV link', page.locator('.csv-link')],
      ['the language switch', page.getByRole('button', { name: 'English' })],
    ] as const) t.notOk(await locator.isVisible(), `printed: ${what} hidden`);
    t.notOk(await page.locator('h1').isVisible(), 'printed: the page heading gives way to the report\'s');
    t.ok(await page.locator('.report-title').isVisible(), 'printed: the report title shows');
    t.ok(await page.locator('table[data-heat="calls"]').isVisible(), 'printed: the heat map shows');
    t.ok(await page.locator('.case-mix-period[data-period="2025-Q3"] table[data-table="callerType"]').isVisible(), 'printed: the case-mix shows');
    await screenshot(page, 'dashboard-print', { viewport: true });
    await screenshot(page, 'dashboard-print-full');
    await page.emulateMedia({ media: 'screen' });

    t.same(watch.violations, [], 'no CSP violation');
    t.same(watch.consoleErrors.filter((e) => !/status of (400|401)/.test(e)), [], 'no console error but the refused request');
    t.same(watch.failures.filter((f) => f !== 'GET /api/me 401' && f !== 'GET /api/stats 400'), [], 'no request failed but the first "not logged in" and the refused period');
  });
}
