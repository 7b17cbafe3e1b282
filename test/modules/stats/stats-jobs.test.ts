// The nightly preparation (stats-jobs.ts): when the worker starts, and every night, the readable months of this year
// and last are counted and their steps protected and stored, so a supervisor's report restores them; nothing before
// the first call on record (a new installation's empty past stays open to imported records).
import { QueueEvents } from 'bullmq';
import t from 'tap';
import { localParts } from '../../../src/infra/local-time.js';
import { createLogger } from '../../../src/infra/logger.js';
import { bullPrefix, createQueue } from '../../../src/infra/queues.js';
import { startJobs, STATS_QUEUE } from '../../../src/modules/stats/index.js';
import { availableFrom, monthPeriod } from '../../../src/modules/stats/periods.js';
import { redisAvailable, stores, testConfig, testInfra } from '../../helpers/services.js';
import { seedCalls } from '../../helpers/stats.js';

t.test('the readable months of last year and this year are counted and protected when the worker starts, and nightly', async (t) => {
  if (!(await redisAvailable(t))) return;
  const [store] = (await stores(t)).slice(-1);
  const config = await testConfig(t, store);
  const infra = await testInfra(t, config);
  const today = localParts(new Date(), config.settings.timezone).date;
  const last = Number(today.slice(0, 4)) - 1;

  const queue = createQueue(infra.redis, STATS_QUEUE);
  const events = new QueueEvents(STATS_QUEUE, { connection: infra.redis.newBlockingConnection(), prefix: bullPrefix(infra.redis) });
  t.teardown(async () => { await events.close(); await queue.close(); });
  await events.waitUntilReady();
  const finished = new Promise<unknown>((resolve, reject) => {
    events.on('completed', ({ returnvalue }) => resolve(returnvalue));
    events.on('failed', ({ failedReason }) => reject(new Error(failedReason)));
  });
  const jobs = await startJobs({ config, infra, logger: createLogger('silent') });
  t.teardown(() => jobs.close());

  t.match(await finished, { stepsComputed: 0 }, 'at start, on an empty database: nothing to prepare');
  const count = async (table: string) => Number((await infra.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  t.equal(await count('stats_month_snapshots'), 0, 'and no empty month frozen');

  await seedCalls(infra.db, [
    { date: `${last}-02-10`, callerType: 'perpetrator_self', outcome: 'information_only', gender: 'male', n: 9 },
    { date: `${last}-02-11`, callerType: 'relative_or_friend', outcome: 'consented_to_followup', gender: 'female', n: 2 },
  ]);
  const result = (await (await queue.add('prepare', {})).waitUntilFinished(events, 30_000)) as { stepsComputed: number };
  const readable = (year: number) => Array.from({ length: 12 }, (_, m) => m + 1).filter((m) => today >= availableFrom(monthPeriod(year, m), config.settings.stats.settleDays));
  const expected = [...readable(last).map((m) => `${last}:${m}`), ...readable(last + 1).map((m) => `${last + 1}:${m}`)];
  t.equal(result.stepsComputed, expected.length, 'every readable month of the two years was protected');
  const steps = await infra.db.query<{ year: number; step: number }>('SELECT year, step FROM stats_protected_steps ORDER BY year, step');
  t.same(steps.rows.map((r) => `${r.year}:${r.step}`), expected, 'and stored');
  t.equal(await count('stats_month_snapshots'), expected.length, 'with the month snapshots they are protected from');

  t.match(await queue.getJobSchedulers(), [{ key: 'prepare-nightly', pattern: '0 45 3 * * *', tz: 'Europe/Copenhagen' }], 'the nightly run is scheduled');
  const again = await queue.add('prepare', {});
  t.match(await again.waitUntilFinished(events, 30_000), { stepsComputed: 0 }, 'a second run finds everything stored');
});
