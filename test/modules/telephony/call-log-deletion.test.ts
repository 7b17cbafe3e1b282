import { Queue, QueueEvents, type Job } from 'bullmq';
import t from 'tap';
import { createLogger } from '../../../src/infra/logger.js';
import { bullPrefix } from '../../../src/infra/queues.js';
import { createTwilioClient } from '../../../src/infra/twilio-client.js';
import { callLogDeletionProcessor, LOG_DELETION_QUEUE } from '../../../src/modules/telephony/call-log-deletion.js';
import { startFakeTwilio } from '../../../dev/fake-twilio/fake-twilio.js';
import { startWorkers } from '../../../src/worker.js';
import { redisAvailable } from '../../helpers/services.js';
import { acceptWhisper, find, newCallSid, ringIn, telephonyFixture, webhook } from '../../helpers/telephony.js';

t.test('after a call ends, a job deletes its log at Twilio (through a real BullMQ worker)', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { settings: { twilio: { deleteCallLogs: true } } });
  const call = await ringIn(fx.app, '+4512121212');
  fx.fake.addCall(call.callSid, 'completed');
  await acceptWhisper(fx.app, call.routed!.twiml);
  await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });

  const infra = fx.app.infra;
  const queue = new Queue(LOG_DELETION_QUEUE, { connection: infra.redis.newConnection(), prefix: bullPrefix(infra.redis) });
  const events = new QueueEvents(LOG_DELETION_QUEUE, { connection: infra.redis.newBlockingConnection(), prefix: bullPrefix(infra.redis) });
  t.teardown(async () => { await events.close(); await queue.close(); });
  await events.waitUntilReady();

  const [job] = await queue.getDelayed();
  t.ok(job, 'a delayed deletion job was queued');
  t.same(job!.data, { callSid: call.callSid }, 'it holds the CallSid and nothing else');
  t.equal(job!.id, `delete-${call.callSid}`, 'one job per call, however many times the end is reported');

  const workers = await startWorkers(fx.app.appConfig, infra, createLogger('silent'));
  t.teardown(() => workers.close());
  await job!.promote();
  t.equal(await job!.waitUntilFinished(events, 15_000), 'deleted');
  t.notOk(fx.fake.calls.has(call.callSid), 'the call resource is gone at Twilio');
});

t.test('Twilio answering 20009 (not final yet) makes the job retry; 20404 counts as done', async (t) => {
  const fake = await startFakeTwilio();
  t.teardown(() => fake.close());
  const client = createTwilioClient({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32), apiBaseUrl: fake.url });
  const run = callLogDeletionProcessor(client, createLogger('silent'));
  const sid = newCallSid();
  fake.addCall(sid, 'in-progress');
  fake.failNext(new RegExp(`Calls/${sid}\\.json`), 400, 20009, 'Call is not in a final state');
  const job = { data: { callSid: sid }, attemptsMade: 0 } as Job<{ callSid: string }>;
  await t.rejects(run(job), { code: 20009 }, 'thrown, so BullMQ retries with back-off');
  t.equal(await run(job), 'deleted');
  t.equal(await run(job), 'already gone');
  await t.rejects(run({ data: { callSid: 'not-a-sid' }, attemptsMade: 0 } as Job<{ callSid: string }>), { name: 'UnrecoverableError' });
});
