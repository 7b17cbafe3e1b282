// Item: a PostgreSQL backend terminated under the app (failover, restart, pg_terminate_backend) must cost at most
// a 503 (or, on a webhook, the apology TwiML), never the process and never a connection reset.
import pg from 'pg';
import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger } from '../../../src/infra/logger.js';
import { postgresRequired, POSTGRES_ADMIN_URL, redisAvailable } from '../../helpers/services.js';
import { AUTH_TOKEN, callerFields, newCallSid, PUBLIC_URL, telephonyFixture } from '../../helpers/telephony.js';
import { postWebhook, WebhookHttpError } from '../../../dev/support/twilio-driver.js';

t.test('terminating the app’s backends repeatedly under mixed traffic: the process lives, no reset, no webhook 5xx', async (t) => {
  if (!(await redisAvailable(t))) return;
  if (!(await postgresRequired(t))) return;
  // The app's own log, to name the error behind any 500.
  const failures: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { msg?: string; err?: { code?: string; message?: string } };
        if (entry.msg === 'request failed') failures.push(`${entry.err?.code ?? ''} ${entry.err?.message ?? ''}`);
      }
      done();
    },
  });
  const fx = await telephonyFixture(t, { store: 'postgres', logger: createLogger('error', sink) });
  await fx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fx.app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const datname = (await fx.app.infra.db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;

  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  t.teardown(() => admin.end());

  let running = true;
  let terminated = 0;
  const killer = (async () => {
    while (running) {
      const r = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [datname]);
      terminated += r.rowCount ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  })();

  const resets: string[] = [];
  const webhookStatuses: number[] = [];
  const apiStatuses: number[] = [];
  const target = { server: base, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN };
  const deadline = Date.now() + 3000;
  const worker = async (kind: number) => {
    while (Date.now() < deadline) {
      try {
        if (kind === 0) {
          const res = await postWebhook(target, `${PUBLIC_URL}/twilio/voice`, { CallSid: newCallSid(), CallStatus: 'ringing', ...callerFields('+4512345678') });
          webhookStatuses.push(res.status);
        } else if (kind === 1) {
          // Each switch writes the audit log in a transaction: a client checked out while its backend dies.
          const res = await fetch(`${base}/api/oncall`, {
            method: 'PUT',
            headers: { cookie: fx.staff.pia!.cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ available: true, via: 'browser' }),
          });
          apiStatuses.push(res.status);
          await res.arrayBuffer();
        } else {
          // A transaction that holds its client for a while, so a termination lands inside it.
          await fx.app.infra.db.transaction((tx) => tx.query('SELECT pg_sleep(0.1)')).catch(() => undefined);
        }
      } catch (err) {
        if (err instanceof WebhookHttpError) webhookStatuses.push(err.status);
        else resets.push(String((err as Error).cause ?? err));
      }
    }
  };
  await Promise.all([0, 0, 1, 1, 2, 2].map(worker));
  running = false;
  await killer;

  t.ok(terminated > 5, `backends were terminated (${terminated})`);
  t.same(resets, [], 'no request lost its connection');
  t.ok(webhookStatuses.length > 0 && webhookStatuses.every((s) => s === 200), `every webhook answered 200 (${[...new Set(webhookStatuses)].join(',')})`);
  t.same([...new Set(failures)], [], 'no request failed with a 500');
  t.ok(apiStatuses.length > 0 && apiStatuses.every((s) => s === 200 || s === 503), `API answers are 200 or 503 (${[...new Set(apiStatuses)].join(',')})`);
  // And afterwards the pool has healed: a plain query works.
  t.equal((await fx.app.infra.db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one, 1);
  const ready = await fetch(`${base}/readyz`);
  t.equal(ready.status, 200, 'ready again');
});
