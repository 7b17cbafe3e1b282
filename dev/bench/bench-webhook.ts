// npm run bench:webhook: how many new calls per second POST /twilio/voice takes, next to two floors, on loopback.
//   (a) bare Fastify with the form body parser, answering a constant TwiML string;
//   (b) the least a webhook must do without I/O: check X-Twilio-Signature and build the greeting TwiML;
//   (c) the real app (buildApp) with PostgreSQL (in-memory PGlite when PostgreSQL does not answer) and Redis,
//       every request a new call: live state in Redis, a row in `calls`, an event published.
// Each server runs in a child process of this script, so the load generator (this process) and the server do not
// share an event loop. The figures are the product: the exit code is 1 only when the benchmark itself is broken
// (errors, non-2xx or wrong answers), never because a target is missed.
import { fork, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { TwimlBuilder } from '../../src/modules/telephony/twiml.js';
import { LINE_NUMBER, PUBLIC_URL } from '../support/line-settings.js';
import { deleteRedisKeys, dropScratchDatabase, POSTGRES_ADMIN_URL, REDIS_URL, scratchRedisPrefix, type ScratchDatabase } from '../support/scratch-stores.js';
import { callerFields, newCallSid, signWebhook } from '../support/twilio-driver.js';
import { benchAppEnv, checkRedis, createDatabase, machineBusy as measureMachineBusy, machineTimes, percentile } from './bench-support.js';

const PATH = '/twilio/voice';
const HOST = '127.0.0.1';

const WARMUP_SECONDS = 2;
const RUN_SECONDS = 10;
const CONNECTIONS = 32;
const FIXED_RATE = 500;
/**
 * The fixed-rate run is also made with fewer connections: at 500 req/s a server answering in a few ms has one or
 * two requests in flight, while 32 connections each sending their share at the start of every second make bursts
 * of 32 at once. Both are printed; the target is checked on both.
 */
const FIXED_CONNECTIONS_FEW = 8;
const TARGET_RATIO_CB = 0.3;
const TARGET_P99_MS = 20;

type Variant = 'a' | 'b' | 'c';
const VARIANTS: readonly Variant[] = ['a', 'b', 'c'];
const LABELS: Record<Variant, string> = {
  a: '(a) Fastify + formbody, constant TwiML',
  b: '(b) signature check + greeting TwiML',
  c: '(c) real app, POST /twilio/voice',
};

type ParentMessage = { type: 'start'; variant: Variant; env: Record<string, string> } | { type: 'cpu' } | { type: 'calls' } | { type: 'stop' };
type ChildMessage =
  | { type: 'listening'; port: number }
  | { type: 'cpu'; micros: number }
  | { type: 'calls'; byStatus: Record<string, number> }
  | { type: 'failed'; message: string };

// ---------------------------------------------------------------------------------------------------------------
// The server side (child process)

function serve(): void {
  let app: FastifyInstance | undefined;
  let stopping = false;
  const send = (message: ChildMessage) => process.send?.(message);
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await app?.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => undefined); // an interrupt goes to the parent, which stops this server in order
  process.on('disconnect', () => void shutdown());
  process.on('message', (message: ParentMessage) => {
    void (async () => {
      try {
        if (message.type === 'start') {
          app = await startServer(message.variant, message.env);
          await app.listen({ host: HOST, port: 0 });
          const address = app.server.address();
          if (typeof address !== 'object' || address === null) throw new Error('the server has no TCP address');
          send({ type: 'listening', port: address.port });
        } else if (message.type === 'cpu') {
          const usage = process.cpuUsage();
          send({ type: 'cpu', micros: usage.user + usage.system });
        } else if (message.type === 'calls') {
          const { rows } = await app!.infra.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM calls GROUP BY status');
          send({ type: 'calls', byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) });
        } else if (message.type === 'stop') {
          await shutdown();
        }
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
}

async function startServer(variant: Variant, env: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig(env);
  if (variant === 'c') return buildApp(config);

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  await app.register(formbody);
  const twiml = new TwimlBuilder(config.settings, config.publicUrl, config.lineNumber);
  if (variant === 'a') {
    const xml = twiml.greeting(randomUUID());
    app.post(PATH, async (_request, reply) => reply.type('text/xml').send(xml));
  } else {
    const { authToken } = config.twilio;
    app.post(PATH, async (request, reply) => {
      const signature = request.headers['x-twilio-signature'];
      const params = (request.body ?? {}) as Record<string, string>;
      if (typeof signature !== 'string' || !twilio.validateRequest(authToken, signature, config.publicUrl + request.url, params)) {
        return reply.code(403).send();
      }
      return reply.type('text/xml').send(twiml.greeting(randomUUID()));
    });
  }
  return app;
}

// ---------------------------------------------------------------------------------------------------------------
// The load side (this process)

class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(variant: Variant, env: Record<string, string>): Promise<ServerProcess> {
    // The child gets this process's loader flags (and --cpu-prof, when this process was started with it).
    const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: process.execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
    try {
      const reply = await ask(child, { type: 'start', variant, env }, 'listening', 60_000);
      return new ServerProcess(child, reply.port);
    } catch (err) {
      await stopChild(child);
      throw err;
    }
  }

  async cpuMicros(): Promise<number> {
    return (await ask(this.child, { type: 'cpu' }, 'cpu', 10_000)).micros;
  }

  async calls(): Promise<Record<string, number>> {
    return (await ask(this.child, { type: 'calls' }, 'calls', 30_000)).byStatus;
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

function ask<T extends ChildMessage['type']>(child: ChildProcess, message: ParentMessage, expected: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (reply: ChildMessage) => {
      if (reply.type === 'failed') {
        done();
        reject(new Error(`server process: ${reply.message}`));
      } else if (reply.type === expected) {
        done();
        resolve(reply as Extract<ChildMessage, { type: T }>);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`the server process ended (${signal ?? `exit code ${code}`}) before answering "${message.type}"`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the server process did not answer "${message.type}" within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(message);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A new call as Twilio announces it: a fresh CallSid, a caller, and a signature over PUBLIC_URL + path + params. */
function newCallFactory(authToken: string, accountSid: string): () => { body: string; signature: string } {
  return () => {
    const caller = callerFields(`+45${randomInt(20_000_000, 99_999_999)}`, { to: LINE_NUMBER, accountSid });
    const { body, headers } = signWebhook(PATH, { ...caller, CallSid: newCallSid(), CallStatus: 'ringing' }, authToken, PUBLIC_URL);
    return { body, signature: headers['x-twilio-signature'] };
  };
}

const FORM = 'application/x-www-form-urlencoded';
const isGreeting = (body: unknown) => typeof body === 'string' && body.includes('<Gather');

/** One signed new call must get 200 and the greeting; (b) and (c) must refuse a bad signature with 403. */
async function sanityCheck(variant: Variant, port: number, newCall: () => { body: string; signature: string }): Promise<void> {
  const url = `http://${HOST}:${port}${PATH}`;
  const call = newCall();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': FORM, 'x-twilio-signature': call.signature }, body: call.body });
  const text = await res.text();
  if (res.status !== 200 || !isGreeting(text)) {
    throw new Error(`${LABELS[variant]}: a signed new call got HTTP ${res.status} without the greeting: ${text.slice(0, 200)}`);
  }
  if (variant === 'a') return;
  const forged = newCall();
  const refused = await fetch(url, { method: 'POST', headers: { 'content-type': FORM, 'x-twilio-signature': call.signature }, body: forged.body });
  await refused.arrayBuffer();
  if (refused.status !== 403) throw new Error(`${LABELS[variant]}: a request with a wrong signature got HTTP ${refused.status}, not 403`);
}

interface Figures {
  /** Mean of autocannon's per-second request counts. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  mismatches: number;
  /** CPU time over wall time, in % of one core. */
  serverCpu: number;
  clientCpu: number;
  /** Busy share of all cores of the machine, in %. */
  machineCpu: number;
}

let running: autocannon.Instance | undefined;
let interrupted = false;

async function measure(server: ServerProcess, newCall: () => { body: string; signature: string }, seconds: number, rate?: number, connections = CONNECTIONS): Promise<Figures> {
  const latencies: number[] = [];
  const serverBefore = await server.cpuMicros();
  const clientBefore = process.cpuUsage();
  const machineBefore = machineTimes();
  const started = process.hrtime.bigint();

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://${HOST}:${server.port}${PATH}`,
        method: 'POST',
        connections,
        duration: seconds,
        timeout: 10,
        headers: { 'content-type': FORM },
        requests: [
          {
            setupRequest(request) {
              const call = newCall();
              request.body = call.body;
              request.headers = { ...request.headers, 'x-twilio-signature': call.signature };
              return request;
            },
          },
        ],
        verifyBody: isGreeting,
        // autocannon's own latency histogram has 1 ms steps, and at a fixed rate its coordinated-omission correction
        // assumes 1 ms between requests (it divides 1 by the per-connection rate, in seconds), which adds made-up
        // samples. The latencies reported here are collected from every response instead, uncorrected.
        ...(rate === undefined ? {} : { overallRate: rate, ignoreCoordinatedOmission: true }),
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    running = instance;
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  }).finally(() => {
    running = undefined;
  });

  const wallMicros = Number(process.hrtime.bigint() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const serverMicros = (await server.cpuMicros()) - serverBefore;
  const machineAfter = machineTimes();
  if (interrupted) throw new Error('interrupted');

  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: result.requests.mean,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    mismatches: result.mismatches,
    serverCpu: (100 * serverMicros) / wallMicros,
    clientCpu: (100 * (client.user + client.system)) / wallMicros,
    machineCpu: 100 * (1 - (machineAfter.idle - machineBefore.idle) / Math.max(1, machineAfter.total - machineBefore.total)),
  };
}



const progress = (line: string) => process.stderr.write(`${line}\n`);







interface VariantResult {
  max: Figures;
  fixed: Figures;
  fixedFew: Figures;
  /** 2xx answers of all runs, warm-up and checks included. */
  answered: number;
}

async function main(): Promise<number> {
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress('interrupted: stopping the run and cleaning up (again to quit at once)…');
    running?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const tmp = mkdtempSync(join(tmpdir(), 'stopline-bench-webhook-'));
  const prefix = scratchRedisPrefix('bench');
  const results: Partial<Record<Variant, VariantResult>> = {};
  const problems: string[] = [];
  let database: ScratchDatabase | undefined;
  let server: ServerProcess | undefined;
  let store = '';
  let calls: Record<string, number> | undefined;
  let keysDeleted: number | undefined;
  let machineBusy = Number.NaN;

  try {
    await checkRedis();
    machineBusy = await measureMachineBusy(1000);
    progress(`machine busy before the runs: ${machineBusy.toFixed(0)} % of all cores`);
    database = await createDatabase();
    store = database
      ? `PostgreSQL ${database.version}, fresh database ${database.name} (dropped afterwards)`
      : `PGlite in memory (PostgreSQL does not answer at ${new URL(POSTGRES_ADMIN_URL).host})`;
    progress(`store for (c): ${store}`);

    const { env, authToken, accountSid } = benchAppEnv({ tmp, host: HOST, databaseUrl: database?.url, prefix });
    const newCall = newCallFactory(authToken, accountSid);

    for (const variant of VARIANTS) {
      progress(`starting ${LABELS[variant]}…`);
      server = await ServerProcess.start(variant, env);
      await sanityCheck(variant, server.port, newCall);
      progress(`warming up (${variant})…`);
      const warmup = await measure(server, newCall, WARMUP_SECONDS);
      progress(`max throughput (${variant}): ${RUN_SECONDS} s, ${CONNECTIONS} connections…`);
      const max = await measure(server, newCall, RUN_SECONDS);
      progress(`fixed rate (${variant}): ${FIXED_RATE} req/s for ${RUN_SECONDS} s, ${CONNECTIONS} connections…`);
      const fixed = await measure(server, newCall, RUN_SECONDS, FIXED_RATE);
      progress(`fixed rate (${variant}): ${FIXED_RATE} req/s for ${RUN_SECONDS} s, ${FIXED_CONNECTIONS_FEW} connections…`);
      const fixedFew = await measure(server, newCall, RUN_SECONDS, FIXED_RATE, FIXED_CONNECTIONS_FEW);
      results[variant] = { max, fixed, fixedFew, answered: 1 + warmup.ok + max.ok + fixed.ok + fixedFew.ok };
      for (const [run, f] of [['warm-up', warmup], ['max throughput', max], ['fixed rate', fixed], ['fixed rate, few connections', fixedFew]] as const) {
        if (f.errors > 0 || f.non2xx > 0 || f.mismatches > 0) {
          problems.push(`${LABELS[variant]}, ${run}: ${f.errors} errors, ${f.non2xx} non-2xx, ${f.mismatches} answers without the greeting`);
        }
      }
      if (variant === 'c') {
        // Give requests still in flight when the load stopped a moment to land before counting.
        await new Promise((resolve) => setTimeout(resolve, 500));
        calls = await server.calls();
      }
      await server.stop();
      server = undefined;
    }
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  } finally {
    if (server) await server.stop().catch((err: Error) => problems.push(`stopping the server: ${err.message}`));
    if (database) {
      progress(`dropping database ${database.name}…`);
      await dropScratchDatabase(database.name).catch((err: Error) => problems.push(`dropping database ${database!.name}: ${err.message}`));
    }
    progress(`deleting Redis keys ${prefix}:*…`);
    keysDeleted = await deleteRedisKeys(`${prefix}:*`).catch((err: Error) => {
      problems.push(`deleting Redis keys ${prefix}:*: ${err.message}`);
      return undefined;
    });
    rmSync(tmp, { recursive: true, force: true });
  }

  const c = results.c;
  if (c && calls) {
    const ringing = calls.ringing ?? 0;
    const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
    if (ringing < c.answered) problems.push(`(c) answered ${c.answered} new calls with the greeting but recorded only ${ringing} ringing calls`);
    if (total !== ringing) problems.push(`(c) recorded calls with other statuses than ringing: ${JSON.stringify(calls)}`);
  }

  printReport(results, { store, prefix, calls, keysDeleted, machineBusy });
  for (const problem of problems) process.stdout.write(`BROKEN: ${problem}\n`);
  return problems.length > 0 ? 1 : 0;
}

function printReport(
  results: Partial<Record<Variant, VariantResult>>,
  info: { store: string; prefix: string; calls: Record<string, number> | undefined; keysDeleted: number | undefined; machineBusy: number },
): void {
  const out: string[] = [];
  const n = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
  const labelWidth = Math.max(...Object.values(LABELS).map((l) => l.length));
  const header = (first: string) =>
    `${'server'.padEnd(labelWidth)}  ${first.padStart(9)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'non-2xx'.padStart(7)}  ${'errors'.padStart(6)}  ${'server CPU'.padStart(10)}  ${'µs/req'.padStart(6)}  ${'client CPU'.padStart(10)}  ${'machine CPU'.padStart(11)}`;
  const row = (variant: Variant, f: Figures) =>
    `${LABELS[variant].padEnd(labelWidth)}  ${n(f.rps).padStart(9)}  ${n(f.p50, 2).padStart(7)}  ${n(f.p99, 2).padStart(7)}  ${n(f.non2xx).padStart(7)}  ${n(f.errors).padStart(6)}  ${`${n(f.serverCpu)} %`.padStart(10)}  ${n((f.serverCpu * 10_000) / f.rps).padStart(6)}  ${`${n(f.clientCpu)} %`.padStart(10)}  ${`${n(f.machineCpu)} %`.padStart(11)}`;

  out.push('');
  out.push(`Webhook benchmark: signed POST ${PATH}, each request a new call, ${HOST} only, ${cpus().length} cores, ${CONNECTIONS} connections`);
  out.push(`(c) store: ${info.store || 'not opened'}; Redis ${REDIS_URL}, key prefix ${info.prefix}`);
  const quiet = !(info.machineBusy > 15);
  out.push(`Machine busy before the runs: ${n(info.machineBusy)} % of all cores${quiet ? '' : ' (other work is running: these figures are skewed)'}`);
  out.push('');
  out.push(`Max throughput (${RUN_SECONDS} s after a ${WARMUP_SECONDS} s warm-up)`);
  out.push(header('req/s'));
  for (const v of VARIANTS) if (results[v]) out.push(row(v, results[v].max));
  out.push('');
  out.push(`Fixed rate: ${FIXED_RATE} req/s for ${RUN_SECONDS} s, ${CONNECTIONS} connections (req/s = achieved)`);
  out.push(header('req/s'));
  for (const v of VARIANTS) if (results[v]) out.push(row(v, results[v].fixed));
  out.push('');
  out.push(`Fixed rate: ${FIXED_RATE} req/s for ${RUN_SECONDS} s, ${FIXED_CONNECTIONS_FEW} connections (req/s = achieved)`);
  out.push(header('req/s'));
  for (const v of VARIANTS) if (results[v]) out.push(row(v, results[v].fixedFew));
  out.push('');
  out.push('CPU: server and client in % of one core, machine in % of all cores; µs/req: server CPU time per request.');
  out.push('Latency: every response as the load generator timed it, not corrected for coordinated omission.');
  out.push(`At a fixed rate autocannon sends each connection's share at the start of every second: the ${FIXED_RATE} requests of`);
  out.push(`a second arrive as a burst on up to ${CONNECTIONS} connections at once, not evenly spread.`);

  const { a, b, c } = results;
  if (a && b && c) {
    const cb = c.max.rps / b.max.rps;
    const ca = c.max.rps / a.max.rps;
    out.push('');
    out.push(`Ratios (max throughput): c/b = ${n(cb, 3)}   c/a = ${n(ca, 3)}   (b/a = ${n(b.max.rps / a.max.rps, 3)})`);
    out.push(`Target c/b >= ${TARGET_RATIO_CB}: ${cb >= TARGET_RATIO_CB ? 'PASS' : 'FAIL'} (${n(cb, 3)})`);
    for (const [f, conns] of [[c.fixed, CONNECTIONS], [c.fixedFew, FIXED_CONNECTIONS_FEW]] as const) {
      out.push(`Target (c) p99 < ${TARGET_P99_MS} ms at ${FIXED_RATE} req/s, ${conns} connections: ${f.p99 < TARGET_P99_MS ? 'PASS' : 'FAIL'} (${n(f.p99, 2)} ms)`);
    }
  } else {
    out.push('');
    out.push('Targets: not evaluated (not every server was measured)');
  }
  if (c) out.push(`(c) new calls answered with the greeting: ${n(c.answered)}; calls recorded: ${info.calls ? JSON.stringify(info.calls) : 'unknown'}`);
  out.push(`Clean-up: ${info.keysDeleted === undefined ? 'Redis keys NOT deleted' : `${n(info.keysDeleted)} Redis keys deleted`}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

// Last, so that every declaration above is initialised before it runs.
if (process.argv.includes('--serve')) serve();
else process.exitCode = await main();
