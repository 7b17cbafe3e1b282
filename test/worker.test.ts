import { QueueEvents } from 'bullmq';
import t from 'tap';
import { bullPrefix, createQueue } from '../src/infra/queues.js';
import { createLogger } from '../src/infra/logger.js';
import { AUDIT_QUEUE } from '../src/modules/audit/audit-jobs.js';
import { appendAudit } from '../src/modules/audit/audit-log.js';
import { startWorkers } from '../src/worker.js';
import { redisAvailable, stores, testConfig, testInfra } from './helpers/services.js';

t.test('the audit worker verifies the chain through a real BullMQ queue, nightly and on demand', async (t) => {
  if (!(await redisAvailable(t))) return;
  const [store] = (await stores(t)).slice(-1);
  const config = await testConfig(t, store);
  const infra = await testInfra(t, config);
  const workers = await startWorkers(config, infra, createLogger('silent'));
  t.teardown(() => workers.close());

  const queue = createQueue(infra.redis, AUDIT_QUEUE);
  const events = new QueueEvents(AUDIT_QUEUE, { connection: infra.redis.newBlockingConnection(), prefix: bullPrefix(infra.redis) });
  t.teardown(async () => { await events.close(); await queue.close(); });
  await events.waitUntilReady();

  const schedulers = await queue.getJobSchedulers();
  t.match(schedulers, [{ key: 'verify-nightly', pattern: '0 30 3 * * *', tz: 'Europe/Copenhagen' }], 'the nightly run is scheduled');

  await appendAudit(infra.db, { actor: 'test', action: 'test.one' });
  await appendAudit(infra.db, { actor: 'test', action: 'test.two' });
  const ok = await queue.add('verify', {});
  t.same(await ok.waitUntilFinished(events, 15_000), { ok: true, rows: 2 });

  await infra.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await infra.db.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
  const broken = await queue.add('verify', {}, { attempts: 1 });
  await t.rejects(broken.waitUntilFinished(events, 15_000), /audit chain broken at row 2/, 'a broken chain fails the job');
});
