import { spawn } from 'node:child_process';
import t from 'tap';
import { postgresAvailable, redisAvailable } from '../../helpers/services.js';
import { AUTH_TOKEN, LINE_NUMBER, PUBLIC_URL } from '../../helpers/telephony.js';
import { createFollowup, followupFixture, PERSON, startWorker, waitFor } from '../../helpers/followups.js';

t.test('a worker killed with SIGKILL mid-send: its job is picked up again and done once; the SMS is not sent twice', async (t) => {
  if (!(await redisAvailable(t))) return;
  if (!(await postgresAvailable())) {
    t.comment('PostgreSQL does not answer: a worker in another process cannot share PGlite');
    return;
  }
  const { app, fake, psychologist } = await followupFixture(t, { store: 'postgres' });
  const config = app.appConfig;
  const env = {
    ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent',
    DATABASE_URL: (config.database as { url: string }).url, REDIS_URL: config.redisUrl!, REDIS_PREFIX: config.redisPrefix,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_API_BASE_URL: fake.url, PUBLIC_URL, LINE_NUMBER, DATA_DIR: config.dataDir,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/followup-worker.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });

  fake.messageDelayMs = 60_000; // Twilio has the message; its answer never reaches the worker
  const id = (await createFollowup(app, psychologist, { phone: PERSON, smsAllowed: true })).json().id as string;
  await waitFor('the SMS at Twilio', () => fake.messages.length === 1, 30_000);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  fake.messageDelayMs = 0;

  // Another worker (short stall check) finds the job without its lock and runs it again: the outbox row says
  // 'sending', so nothing is sent; a person is asked to check.
  const jobs = await startWorker(t, app, { worker: { lockDuration: 2000, stalledInterval: 1000 } });
  await waitFor('the recovered job done', async () => (await jobs.queue.getJob(`confirm-${id}`)) === undefined, 30_000);
  await new Promise((r) => setTimeout(r, 1500));
  t.equal(fake.messages.length, 1, 'one SMS, not two');
  const row = ((await app.inject({ method: 'GET', url: '/api/followups', headers: { cookie: psychologist } })).json() as Array<Record<string, unknown>>)[0];
  t.match(row, { id, sms: 'sending', flag: 'sms_unknown', status: 'open' }, 'shown to a person, never re-sent automatically');
});
