// npm run bench:followups [-- --quick] [-- --count 10000 --rate 100 --runs 3]
//
// Follow-ups created through the API (POST /api/followups, SMS allowed) at a fixed rate, against the app and its
// worker in one child process (as `npm start` runs them) on a scratch PostgreSQL database (PGlite without one) and
// Redis prefix, with the fake Twilio REST API in this process. Measured per follow-up: from sending the request to the
// SMS reaching the fake Twilio API. Beside it, in the same run and at the same rate, BullMQ's bare add-to-process
// latency (an empty job on a queue of its own) shows what the queue alone costs on this machine at this moment.
// Checked: nothing lost (every follow-up's SMS arrived), nothing sent twice. Prints median and range over the runs,
// and how busy the machine was.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openInfrastructure, type Infrastructure } from '../../src/infra/infrastructure.js';
import { createLogger } from '../../src/infra/logger.js';
import { normalisePhone } from '../../src/modules/followups/phone.js';
import { startWorkers, type Workers } from '../../src/worker.js';
import { startFakeTwilio } from '../fake-twilio/fake-twilio.js';
import { httpSender } from '../support/http-sender.js';
import { deleteRedisKeys, dropScratchDatabase, REDIS_URL, scratchRedisPrefix } from '../support/scratch-stores.js';
import { addUser, login } from '../support/users.js';
import { benchAppEnv, checkRedis, createDatabase, machineTimes, percentile } from './bench-support.js';

const HOST = '127.0.0.1';
const USER = { username: 'bench', password: 'a long benchmark password', roles: ['psychologist' as const] };

type ParentMessage = { type: 'start'; env: Record<string, string> } | { type: 'outbox' } | { type: 'stop' };
type ChildMessage =
  | { type: 'listening'; port: number }
  | { type: 'outbox'; byStatus: Record<string, number> }
  | { type: 'failed'; message: string };

// ---------------------------------------------------------------------------------------------------------------
// The app and its worker (child process)

function serve(): void {
  let app: FastifyInstance | undefined;
  let workers: Workers | undefined;
  let infra: Infrastructure | undefined;
  const send = (message: ChildMessage) => process.send?.(message);
  const shutdown = async () => {
    try {
      await Promise.allSettled([app?.close(), workers?.close()]);
      await infra?.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => void shutdown());
  process.on('message', (message: ParentMessage) => {
    void (async () => {
      try {
        if (message.type === 'start') {
          const config = loadConfig(message.env);
          const logger = createLogger('silent');
          infra = await openInfrastructure(config, logger);
          await addUser(infra.db, USER);
          workers = await startWorkers(config, infra, logger);
          app = await buildApp(config, { logger, infra });
          await app.listen({ host: HOST, port: 0 });
          const address = app.server.address();
          if (typeof address !== 'object' || address === null) throw new Error('the server has no TCP address');
          send({ type: 'listening', port: address.port });
        } else if (message.type === 'outbox') {
          const { rows } = await infra!.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM followup_outbox GROUP BY status');
          send({ type: 'outbox', byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) });
        } else if (message.type === 'stop') {
          await shutdown();
        }
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
}

function ask<T extends ChildMessage['type']>(child: ChildProcess, message: ParentMessage, reply: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${reply} from the app within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: ChildMessage) => {
      if (m.type === 'failed') reject(new Error(`the app failed: ${m.message}`));
      else if (m.type !== reply) return;
      else resolve(m as Extract<ChildMessage, { type: T }>);
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The load side (this process)

interface RunResult {
  count: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  bareP50: number;
  bareP99: number;
  answerP50: number;
  answerP99: number;
  lost: number;
  duplicates: number;
  errors: number;
  busy: number;
}

const sortedOf = (values: number[]) => Float64Array.from(values).sort();
const median = (values: number[]) => sortedOf(values)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      count: { type: 'string' },
      rate: { type: 'string', default: '100' },
      runs: { type: 'string' },
    },
  });
  const count = Number(values.count ?? (values.quick ? 300 : 10_000));
  const rate = Number(values.rate);
  const runs = Number(values.runs ?? (values.quick ? 1 : 3));
  if (![count, rate, runs].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--count, --rate and --runs must be positive whole numbers');

  await checkRedis();
  const database = await createDatabase();
  const prefix = scratchRedisPrefix('bench');
  const tmp = mkdtempSync(join(tmpdir(), 'stopline-bench-followups-'));
  const fake = await startFakeTwilio();
  const arrivals = new Map<string, number[]>();
  fake.onMessageCreate = (m) => {
    const list = arrivals.get(m.to) ?? [];
    list.push(performance.now());
    arrivals.set(m.to, list);
  };
  const { env } = benchAppEnv({ tmp, host: HOST, databaseUrl: database?.url, prefix });
  env.TWILIO_API_BASE_URL = fake.url;
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: process.execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
  const bareConnection = new Redis(REDIS_URL);
  const bare = new Queue('bench-bare', { connection: bareConnection, prefix: `${prefix}:bull` });
  const bareLatencies: number[] = [];
  // A connection of our own for the worker: BullMQ does not close a connection it was given, so we do.
  const bareWorkerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const bareWorker = new Worker('bench-bare', async (job) => {
    bareLatencies.push(Date.now() - (job.data as { t: number }).t);
  }, { connection: bareWorkerConnection, prefix: `${prefix}:bull`, concurrency: 16 });

  const results: RunResult[] = [];
  try {
    const { port } = await ask(child, { type: 'start', env }, 'listening', 120_000);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const sender = httpSender(HOST, port, agent);
    const cookie = await login(sender, USER.username, USER.password);
    process.stdout.write(`bench:followups: ${count} follow-ups per run at ${rate}/s, ${runs} run(s), ${database ? `PostgreSQL ${database.version}` : 'PGlite in memory'}, ${cpus().length} cores\n`);

    // Distinct valid Danish numbers (libphonenumber refuses some ranges), different in every run.
    const numbers: string[] = [];
    for (let n = 0; numbers.length < count * runs; n++) {
      const candidate = `+452${String(1_000_000 + n * 7).padStart(7, '0')}`;
      if (normalisePhone(candidate).ok) numbers.push(candidate);
    }
    for (let run = 0; run < runs; run++) {
      bareLatencies.length = 0;
      const started = new Map<string, number>();
      let errors = 0;
      const answered: number[] = [];
      const before = machineTimes();
      const t0 = performance.now();
      const inFlight: Array<Promise<void>> = [];
      for (let i = 0; i < count; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const phone = numbers[run * count + i]!;
        started.set(phone, performance.now());
        void bare.add('bare', { t: Date.now() }, { removeOnComplete: true });
        inFlight.push(
          sender({ method: 'POST', path: '/api/followups', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ phone, smsAllowed: true, language: 'da', priority: 'low' }) })
            .then((res) => {
              if (res.status === 201) {
                answered.push(performance.now() - started.get(phone)!);
                return;
              }
              if (errors++ === 0) process.stderr.write(`first failed request: HTTP ${res.status} ${res.body.slice(0, 300)}\n`);
            }, (err: unknown) => {
              if (errors++ === 0) process.stderr.write(`first failed request: ${err instanceof Error ? err.message : String(err)}\n`);
            }),
        );
      }
      await Promise.all(inFlight);
      // Wait for the last SMS (or give up after a while: then some were lost).
      const deadline = performance.now() + 60_000;
      const arrived = () => [...started.keys()].filter((p) => arrivals.has(p)).length;
      while (arrived() < count - errors && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      while (bareLatencies.length < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const end = Math.max(...[...started.keys()].map((p) => arrivals.get(p)?.[0] ?? 0));
      const after = machineTimes();
      const latencies = [...started].flatMap(([p, t]) => (arrivals.has(p) ? [arrivals.get(p)![0]! - t] : []));
      const sorted = sortedOf(latencies);
      const bareSorted = sortedOf(bareLatencies);
      const result: RunResult = {
        count,
        seconds: (end - t0) / 1000,
        throughput: latencies.length / ((end - t0) / 1000),
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? Number.NaN,
        bareP50: percentile(bareSorted, 50),
        bareP99: percentile(bareSorted, 99),
        answerP50: percentile(sortedOf(answered), 50),
        answerP99: percentile(sortedOf(answered), 99),
        lost: count - latencies.length,
        duplicates: [...started.keys()].reduce((n, p) => n + Math.max(0, (arrivals.get(p)?.length ?? 0) - 1), 0),
        errors,
        busy: 100 * (1 - (after.idle - before.idle) / Math.max(1, after.total - before.total)),
      };
      results.push(result);
      process.stdout.write(
        `run ${run + 1}: ${result.throughput.toFixed(0)} follow-ups/s to SMS; request → SMS p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms (201 answered p50 ${result.answerP50.toFixed(0)} ms, p99 ${result.answerP99.toFixed(0)} ms); ` +
          `BullMQ bare add → process p50 ${result.bareP50.toFixed(1)} ms, p99 ${result.bareP99.toFixed(1)} ms; lost ${result.lost}, sent twice ${result.duplicates}, errors ${result.errors}; machine ${result.busy.toFixed(0)}% busy\n`,
      );
    }
    const outbox = await ask(child, { type: 'outbox' }, 'outbox', 30_000);
    agent.destroy();

    const line = (label: string, pick: (r: RunResult) => number, unit: string, digits = 0) => {
      const v = results.map(pick);
      process.stdout.write(`  ${label.padEnd(34)} median ${median(v).toFixed(digits)} ${unit}  (range ${Math.min(...v).toFixed(digits)} – ${Math.max(...v).toFixed(digits)})\n`);
    };
    process.stdout.write(`\nOver ${results.length} run(s) of ${count}:\n`);
    line('throughput (request to SMS)', (r) => r.throughput, '/s');
    line('request → SMS at Twilio, p50', (r) => r.p50, 'ms');
    line('request → SMS at Twilio, p99', (r) => r.p99, 'ms');
    line('request → 201 answer, p99', (r) => r.answerP99, 'ms');
    line('BullMQ bare add → process, p50', (r) => r.bareP50, 'ms', 1);
    line('BullMQ bare add → process, p99', (r) => r.bareP99, 'ms', 1);
    line('machine busy (all cores)', (r) => r.busy, '%');
    const lost = results.reduce((n, r) => n + r.lost, 0);
    const twice = fake.messages.length - new Set(fake.messages.map((m) => m.to)).size;
    process.stdout.write(`  outbox rows by status: ${JSON.stringify(outbox.byStatus)}; SMS at Twilio: ${fake.messages.length}\n`);
    process.stdout.write(`  nothing lost: ${lost === 0 ? 'yes' : `NO (${lost})`}; nothing sent twice: ${twice === 0 ? 'yes' : `NO (${twice})`}\n`);
    const p99 = median(results.map((r) => r.p99));
    process.stdout.write(`  target p99 under 1 s: ${p99 < 1000 ? 'met' : 'NOT met'} (median p99 ${p99.toFixed(0)} ms)\n`);
    if (lost > 0 || twice > 0) process.exitCode = 1;
  } finally {
    await bareWorker.close();
    await bare.close();
    bareConnection.disconnect();
    bareWorkerConnection.disconnect();
    const exited = new Promise((r) => child.once('exit', r));
    child.send({ type: 'stop' } satisfies ParentMessage);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    child.kill('SIGKILL');
    await fake.close();
    await deleteRedisKeys(`${prefix}:*`);
    if (database) await dropScratchDatabase(database.name);
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) serve();
else
  main().catch((err: unknown) => {
    process.stderr.write(`bench:followups failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
