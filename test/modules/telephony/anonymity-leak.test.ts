// The leak test (docs/architecture.md, "Anonymity rules"): a simulated day of calls through every path, then a search of the logs, every
// database table, every Redis key and value (BullMQ's included) and every console event for the callers' numbers
// and locations. Any hit fails.
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import t from 'tap';
import { eventsChannel } from '../../../src/modules/telephony/call-events.js';
import { createLogger } from '../../../src/infra/logger.js';
import { redisAvailable, TEST_REDIS_URL } from '../../helpers/services.js';
import { acceptWhisper, callerFields, find, newCallSid, telephonyFixture, webhook } from '../../helpers/telephony.js';

const callers = Array.from({ length: 24 }, (_, i) => ({
  number: `+45${String(61_000_000 + i * 7_919).padStart(8, '0')}`,
  city: `LEAKTOWN${String.fromCharCode(65 + i)}`,
}));

/** The forms a number could be written in: E.164, without +, national part, form-encoded. */
function needles(): string[] {
  return callers.flatMap((c) => [c.number, c.number.slice(1), c.number.slice(3), encodeURIComponent(c.number), c.city]);
}

t.test('a simulated day leaves no caller number or location in logs, database, Redis or events', async (t) => {
  if (!(await redisAvailable(t))) return;
  let logText = '';
  const logger = createLogger('trace', new Writable({ write(c: Buffer, _e, done) { logText += c.toString(); done(); } }));
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'ole'], settings: { twilio: { deleteCallLogs: true } }, logger });
  const { app } = fx;

  const subscriber = new Redis(TEST_REDIS_URL);
  t.teardown(() => subscriber.disconnect());
  let events = '';
  await subscriber.subscribe(eventsChannel(app.infra.redis.prefix));
  subscriber.on('message', (_channel, message: string) => (events += `${message}\n`));

  const withCity = (i: number) => ({ ...callerFields(callers[i]!.number, callers[i]!.city) });
  const voice = async (i: number, extra: Record<string, string> = {}) => {
    const CallSid = newCallSid();
    const greeting = await webhook(app, '/twilio/voice', { CallSid, CallStatus: 'ringing', ...withCity(i), ...extra });
    const gather = find(greeting.twiml, 'Gather');
    if (!gather) return { CallSid, routed: undefined, callId: undefined };
    const routed = await webhook(app, gather.attrs.action!, { CallSid, Digits: String(1 + (i % 2)), ...withCity(i) });
    return { CallSid, routed, callId: new URL(gather.attrs.action!).searchParams.get('call')! };
  };

  for (let i = 0; i < callers.length; i++) {
    const kind = i % 6;
    const call = await voice(i);
    if (!call.routed) continue;
    const action = find(call.routed.twiml, 'Dial')?.attrs.action;
    if (kind === 0 && action) {
      // answered, then called back, then blocked
      await acceptWhisper(app, call.routed.twiml);
      await webhook(app, action, { CallSid: call.CallSid, DialCallStatus: 'completed', ...withCity(i) });
      await app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
      await app.inject({ method: 'POST', url: `/api/calls/${call.callId}/block`, headers: { cookie: fx.staff.pia!.cookie }, payload: { days: 7, reason: 'abusive' } });
    } else if (kind === 1 && action) {
      // nobody answers
      const next = await webhook(app, action, { CallSid: call.CallSid, DialCallStatus: 'no-answer', ...withCity(i) });
      const backup = find(next.twiml, 'Dial')?.attrs.action;
      if (backup) await webhook(app, backup, { CallSid: call.CallSid, DialCallStatus: 'busy', ...withCity(i) });
    } else if (kind === 2) {
      // hangs up while it rings; callbacks out of order
      await webhook(app, '/twilio/status', { CallSid: call.CallSid, CallStatus: 'completed', SequenceNumber: '3', ...withCity(i) });
      await webhook(app, '/twilio/status', { CallSid: call.CallSid, CallStatus: 'ringing', SequenceNumber: '1', ...withCity(i) });
    } else if (kind === 3 && action) {
      // answered, and a second call queues behind it and gives up
      await acceptWhisper(app, call.routed.twiml);
      const queued = await voice((i + 1) % callers.length);
      const enqueue = queued.routed && find(queued.routed.twiml, 'Enqueue');
      if (enqueue) {
        await webhook(app, enqueue.attrs.waitUrl!, { CallSid: queued.CallSid, QueuePosition: '1', QueueTime: '400' });
        await webhook(app, enqueue.attrs.action!, { CallSid: queued.CallSid, QueueResult: 'leave' });
      }
      await webhook(app, action, { CallSid: call.CallSid, DialCallStatus: 'completed' });
    } else {
      await webhook(app, '/twilio/status', { CallSid: call.CallSid, CallStatus: 'completed', SequenceNumber: '9' });
    }
  }
  // The blocked caller tries again, and a caller sends odd extra fields.
  await voice(0);
  await voice(5, { ForwardedFrom: callers[6]!.number, StirVerstat: 'TN-Validation-Passed-A', CallerName: callers[7]!.city });
  await new Promise((r) => setTimeout(r, 200)); // let the last events arrive

  // Everything the service stored or said.
  const tables = await app.infra.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  let database = '';
  for (const { table_name } of tables.rows) {
    const rows = await app.infra.db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
    database += rows.rows.map((r) => r.row).join('\n');
  }
  const raw = new Redis(TEST_REDIS_URL);
  t.teardown(() => raw.disconnect());
  let redisDump = '';
  let cursor = '0';
  let keyCount = 0;
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `${app.infra.redis.prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      keyCount++;
      const type = await raw.type(key);
      const value =
        type === 'string' ? await raw.get(key)
        : type === 'hash' ? JSON.stringify(await raw.hgetall(key))
        : type === 'list' ? JSON.stringify(await raw.lrange(key, '0', '-1'))
        : type === 'set' ? JSON.stringify(await raw.smembers(key))
        : type === 'zset' ? JSON.stringify(await raw.zrange(key, '0', '-1'))
        : type === 'stream' ? JSON.stringify(await raw.xrange(key, '-', '+'))
        : '';
      redisDump += `${key} ${value}\n`;
    }
  } while (cursor !== '0');

  const { rows: statuses } = await app.infra.db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM calls GROUP BY status ORDER BY status');
  t.comment(`calls by status: ${statuses.map((s) => `${s.status}=${s.n}`).join(', ')}; ${keyCount} Redis keys; ${logText.split('\n').length} log lines`);
  t.ok(statuses.length >= 5, 'the day went through many paths');
  t.ok(logText.length > 1000 && database.length > 500 && keyCount > 10 && events.length > 100, 'there was plenty to search');
  t.match(redisDump, /blocked:[0-9a-f]{64}/, 'a block was set (as a hash)');
  t.match(redisDump, /callback:/, 'a sealed call-back number exists (encrypted)');

  // Request timings are floats whose digits could match a number by chance; they are measurements, not data.
  const logs = logText.replace(/"responseTime":[0-9.e-]+/g, '"responseTime":0');
  for (const [where, text] of [['logs', logs], ['database', database], ['redis', redisDump], ['events', events]] as const) {
    const hits = needles().filter((n) => text.includes(n));
    t.same(hits, [], `no caller number or location in the ${where}`);
  }
});
