// The protection worker's life (protection-pool.ts): a crash answers the request in flight with a 503 (no stack),
// is logged, and the next request gets a new worker; requests are answered in order; the app closes with it.
import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger } from '../../../src/infra/logger.js';
import { ProtectionPool } from '../../../src/modules/stats/index.js';
import { testApp } from '../../helpers/services.js';
import { seedCalls } from '../../helpers/stats.js';
import { addUser, login } from '../../helpers/users.js';

const NOW = new Date('2025-06-15T10:00:00Z');
const CRASHING = new URL('./fixtures/crashing-protection-worker.ts', import.meta.url);

function capturingLogger() {
  let text = '';
  const stream = new Writable({ write(c: Buffer, _e, done) { text += c.toString(); done(); } });
  return { logger: createLogger('info', stream), text: () => text };
}

t.test('a crashed worker: the request in flight answers 503 without a stack, the crash is logged, the next request gets a new worker', async (t) => {
  const { logger, text } = capturingLogger();
  const app = await testApp(t, {}, { now: () => NOW, logger, statsWorker: CRASHING });
  await addUser(app, 'sofie', ['supervisor']);
  const cookie = await login(app, 'sofie');
  await seedCalls(app.infra.db, [{ date: '2025-01-10', callerType: 'perpetrator_self', outcome: 'information_only', gender: 'male', n: 12 }]);

  const january = () => app.inject({ method: 'GET', url: '/api/stats?from=2025-01-01&to=2025-01-31', headers: { cookie } });
  t.equal((await january()).statusCode, 200, 'the worker answers');

  const crashed = await app.inject({ method: 'GET', url: '/api/stats?from=2023-01-01&to=2023-01-31', headers: { cookie } });
  t.equal(crashed.statusCode, 503, crashed.body);
  t.equal(crashed.headers['retry-after'], '5');
  t.same(Object.keys(crashed.json()).sort(), ['error', 'message']);
  t.equal(crashed.json().error, 'unavailable');
  t.notMatch(crashed.body, /exit|worker|at |\.ts/, 'nothing of the crash or a stack reaches the client');
  t.match(text(), /the protection worker stopped/, 'the crash is logged');
  t.match(text(), /"exitCode":70/, 'with how it ended');

  const csv = await app.inject({ method: 'GET', url: '/api/stats.csv?from=2023-01-01&to=2023-01-31', headers: { cookie } });
  t.equal(csv.statusCode, 503, 'the CSV export too');

  const after = await january();
  t.equal(after.statusCode, 200, 'a new worker serves the next request');
  t.equal(after.json().caseMix.periods[0].total, 12);
});

t.test('requests queue in order on one worker; those waiting when it crashes are served by the next; close ends it', async (t) => {
  const { logger } = capturingLogger();
  const app = await testApp(t, {}, { now: () => NOW, logger, statsWorker: CRASHING });
  await addUser(app, 'sofie', ['supervisor']);
  const cookie = await login(app, 'sofie');
  await seedCalls(app.infra.db, [{ date: '2025-02-10', callerType: 'perpetrator_self', outcome: 'information_only', gender: 'male', n: 7 }]);
  const get = (from: string, to: string) => app.inject({ method: 'GET', url: `/api/stats?from=${from}&to=${to}`, headers: { cookie } });
  const [feb, crash, feb2, year] = await Promise.all([get('2025-02-01', '2025-02-28'), get('2023-03-01', '2023-03-31'), get('2025-02-01', '2025-02-28'), get('2025-01-01', '2025-03-31')]);
  t.equal(feb.statusCode, 200);
  t.equal(crash.statusCode, 503, 'only the request in flight is lost');
  t.equal(feb2.statusCode, 200, 'a request queued behind it is answered by the new worker');
  t.same(feb2.json().caseMix, feb.json().caseMix, 'with the same figures');
  t.equal(year.statusCode, 200);
  t.equal(year.json().caseMix.periods[0].total, 7);
});

t.test('the pool on its own: errors of the computation are errors, close rejects what waits and lets the process go', async (t) => {
  const errors: string[] = [];
  const pool = new ProtectionPool({ log: { error: (_o, m) => errors.push(m) } });
  const years = new Map([[2025, { months: new Map(), stored: new Map(), available: 0 }]]);
  // No snapshots for the year the period is in: the worker's own error, passed back (the route's 500, as before).
  await t.rejects(pool.figures({ from: '2024-01-01', to: '2024-01-31', grain: 'month', crossings: [], today: '2025-06-15', settleDays: 3, minCell: 5, years }), { message: /no snapshots were sent for 2024/ });
  t.same(errors, [], 'not a crash');
  const status = (p: Promise<unknown>) => p.then(() => 200, (err: { statusCode?: number }) => err.statusCode);
  const waiting = [1, 2].map(() => status(pool.figures({ from: '2025-01-01', to: '2025-01-31', grain: 'month', crossings: [], today: '2025-06-15', settleDays: 3, minCell: 5, years: new Map([[2025, { months: new Map([[1, { total: 0, single: {}, pairs: {}, sets: {}, flags: {} }]]), stored: new Map(), available: 1 }]]) })));
  await pool.close();
  t.same(await Promise.all(waiting), [503, 503], 'what was in flight and what was waiting answer 503');
  t.equal(await status(pool.figures({ from: '2025-01-01', to: '2025-01-31', grain: 'month', crossings: [], today: '2025-06-15', settleDays: 3, minCell: 5, years: new Map() })), 503, 'closed');
});
