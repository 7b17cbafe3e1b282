// npm run bench:events: how fast a call event reaches the psychologists' consoles.
// Two app instances (buildApp) share one PostgreSQL database (in-memory PGlite when PostgreSQL does not answer) and
// one Redis; 200 console WebSockets are split 100/100 over them. For each call a live call is created with a signed
// POST /twilio/voice, then a signed POST /twilio/status (CallStatus=completed) goes to instance A or B in turn, and
// every console's arrival time of the matching call.ended is taken. The interval runs from just before the status
// callback is sent to the console's 'message' event: the webhook's own processing (signature check, Redis, the call
// record) is inside it. The Redis round trip (PING, and PUBLISH to a subscriber) is measured in the same run as a
// floor. The figures are the product: the exit code is 1 when the benchmark is broken (errors, a console that missed
// an event), never because the target is missed.
//
//   --separate-clients   the consoles run in a child process (their own event loop) instead of beside the servers
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { buildApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { openInfrastructure, type Infrastructure } from '../../src/infra/infrastructure.js';
import { createLogger } from '../../src/infra/logger.js';
import { openRedis } from '../../src/infra/redis.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { httpSender, type Sender } from '../support/http-sender.js';
import { LINE_NUMBER, PUBLIC_URL } from '../support/line-settings.js';
import { deleteRedisKeys, dropScratchDatabase, POSTGRES_ADMIN_URL, redisClient, REDIS_URL, scratchRedisPrefix, type ScratchDatabase } from '../support/scratch-stores.js';
import { callerFields, find, newCallSid, sendWebhook, signWebhook } from '../support/twilio-driver.js';
import { addUser, login } from '../support/users.js';
import { benchAppEnv, checkRedis, createDatabase, machineBusy, machineTimes, percentile } from './bench-support.js';

const HOST = '127.0.0.1';
// Both instances stand behind one public address, as behind a load balancer: Twilio signs against it.

const INSTANCES = 2;
const CONSOLES = 200;
/** Psychologists; each logs in CONSOLES / USERS times (a session per console). */
const USERS = 20;
const LOGIN_CONCURRENCY = 8;
const WARMUP_CALLS = 10;
const CALLS = 200;
/** Quiet time after the call.incoming event has reached every console, before the status callback is sent. */
const PAUSE_MS = 20;
const EVENT_TIMEOUT_MS = 3000;
const OPEN_TIMEOUT_MS = 30_000;
/** The measuring loop stops here (counted as a problem) so that the whole run stays under two minutes. */
const MEASURE_LIMIT_MS = 60_000;
const HARD_LIMIT_MS = 115_000;
const PINGS = 1000;
const PUBLISHES = 1000;
const TARGET_P99_MS = 50;

const progress = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Milliseconds on the machine's monotonic clock (the one performance.now() counts on), but without a per-process
 * origin: a child process reads the same clock, so its arrival times compare with this process's send times.
 */
const clock = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------------------------------------------------------
// The consoles: WebSockets that record when each console got each event

interface ConsoleTarget {
  url: string;
  cookie: string;
}

interface ConsoleReport {
  /** Sockets the server closed, or that failed, during the run. */
  unexpected: string[];
  /** Events a console got more than once. */
  duplicates: number;
}

interface Consoles {
  /** Opens every socket and resolves once each has its {type:'state'} message. */
  open(targets: ConsoleTarget[], timeoutMs: number): Promise<void>;
  /**
   * Arrival times (clock(), ms) of event `key` (`${type}:${callId}`) per console, NaN where it did not arrive:
   * resolves when every console has it or after timeoutMs. Events are recorded whether or not anyone waits yet.
   */
  wait(key: string, timeoutMs: number): Promise<Float64Array>;
  report(): Promise<ConsoleReport>;
  close(): Promise<void>;
}

interface Pending {
  times: Float64Array;
  count: number;
  done?: () => void;
}

class LocalConsoles implements Consoles {
  private readonly sockets: WebSocket[] = [];
  private readonly arrivals = new Map<string, Pending>();
  private readonly unexpected: string[] = [];
  private duplicates = 0;
  private size = 0;
  private closing = false;

  async open(targets: ConsoleTarget[], timeoutMs: number): Promise<void> {
    this.size = targets.length;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`not every console got its state message within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all(targets.map((target, index) => this.openOne(target, index))), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private openOne(target: ConsoleTarget, index: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(target.url, { headers: { cookie: target.cookie }, handshakeTimeout: 10_000 });
      this.sockets.push(socket);
      let ready = false;
      socket.on('message', (data) => {
        const at = clock();
        let message: { type?: unknown; callId?: unknown };
        try {
          message = JSON.parse(String(data)) as typeof message;
        } catch {
          this.unexpected.push(`console ${index} got a message that is not JSON`);
          return;
        }
        if (message.type === 'state' && !ready) {
          ready = true;
          resolve();
        } else if ((message.type === 'call.incoming' || message.type === 'call.ended') && typeof message.callId === 'string') {
          this.record(`${message.type}:${message.callId}`, index, at);
        }
      });
      socket.on('error', (err) => {
        if (!ready) reject(new Error(`console ${index}: ${err.message}`));
        else if (!this.closing) this.unexpected.push(`console ${index}: ${err.message}`);
      });
      socket.on('close', (code, reason) => {
        if (!ready) reject(new Error(`console ${index} was closed before its state message (${code} ${String(reason)})`));
        else if (!this.closing) this.unexpected.push(`console ${index} was closed by the server (${code} ${String(reason)})`);
      });
    });
  }

  private entry(key: string): Pending {
    let entry = this.arrivals.get(key);
    if (!entry) {
      entry = { times: new Float64Array(this.size).fill(Number.NaN), count: 0 };
      this.arrivals.set(key, entry);
    }
    return entry;
  }

  private record(key: string, index: number, at: number): void {
    const entry = this.entry(key);
    if (!Number.isNaN(entry.times[index]!)) {
      this.duplicates++;
      return;
    }
    entry.times[index] = at;
    entry.count++;
    if (entry.count === this.size) entry.done?.();
  }

  wait(key: string, timeoutMs: number): Promise<Float64Array> {
    const entry = this.entry(key);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.arrivals.delete(key);
        resolve(entry.times);
      };
      const timer = setTimeout(finish, timeoutMs);
      entry.done = finish;
      if (entry.count === this.size) finish();
    });
  }

  async report(): Promise<ConsoleReport> {
    return { unexpected: [...this.unexpected], duplicates: this.duplicates };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => {
              socket.terminate();
              resolve();
            }, 2000);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
            else socket.close(1000, 'benchmark done');
          }),
      ),
    );
  }
}

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ClientRequest =
  | { id: number; method: 'open'; targets: ConsoleTarget[]; timeoutMs: number }
  | { id: number; method: 'wait'; key: string; timeoutMs: number }
  | { id: number; method: 'report' }
  | { id: number; method: 'close' };
type ClientReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; message: string };

/** The consoles in a child process (this script with --consoles-child), driven over IPC. */
class RemoteConsoles implements Consoles {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: ClientReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(`console process: ${reply.message}`));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values()) waiter.reject(new Error(`the console process ended (${signal ?? `exit code ${code}`})`));
      this.pending.clear();
    });
  }

  static start(): RemoteConsoles {
    // The child gets this process's loader flags; 'advanced' serialization carries Float64Array and NaN as they are.
    const child = fork(fileURLToPath(import.meta.url), ['--consoles-child'], {
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    return new RemoteConsoles(child);
  }

  private call<T>(request: Without<ClientRequest, 'id'>): Promise<T> {
    if (this.exited) return Promise.reject(new Error('the console process has ended'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...request, id } as ClientRequest);
    });
  }

  async open(targets: ConsoleTarget[], timeoutMs: number): Promise<void> {
    await this.call({ method: 'open', targets, timeoutMs });
  }

  wait(key: string, timeoutMs: number): Promise<Float64Array> {
    return this.call<Float64Array>({ method: 'wait', key, timeoutMs });
  }

  report(): Promise<ConsoleReport> {
    return this.call<ConsoleReport>({ method: 'report' });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await Promise.race([this.call({ method: 'close' }).catch(() => undefined), sleep(5000)]);
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** The child side of --separate-clients. */
function consolesChild(): void {
  const consoles = new LocalConsoles();
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= consoles.close());
  process.on('SIGINT', () => undefined); // an interrupt goes to the parent, which closes this process in order
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.on('message', (request: ClientRequest) => {
    void (async () => {
      try {
        let value: unknown;
        if (request.method === 'open') await consoles.open(request.targets, request.timeoutMs);
        else if (request.method === 'wait') value = await consoles.wait(request.key, request.timeoutMs);
        else if (request.method === 'report') value = await consoles.report();
        else await close();
        process.send?.({ id: request.id, ok: true, value } satisfies ClientReply);
      } catch (err) {
        process.send?.({ id: request.id, ok: false, message: errorMessage(err) } satisfies ClientReply);
      }
    })();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The app instances

interface Instance {
  name: string;
  app: FastifyInstance;
  port: number;
  /** Requests to this instance, over the keep-alive agent. */
  send: Sender;
}

/**
 * Two instances as two processes would run them: on PostgreSQL each opens its own pool and Redis connections. An
 * in-memory PGlite lives in one process only, so there the instances share it (each still with its own Redis).
 */
class Instances {
  readonly list: Instance[] = [];
  private readonly owned: Infrastructure[] = [];

  async start(config: AppConfig, logger: Logger): Promise<void> {
    let shared: Infrastructure | undefined;
    if (config.database.kind !== 'postgres') {
      shared = await openInfrastructure(config, logger);
      this.owned.push(shared);
    }
    for (let i = 0; i < INSTANCES; i++) {
      let infra: Infrastructure | undefined;
      if (shared && i === 0) infra = shared;
      else if (shared) {
        const redis = await openRedis({ url: config.redisUrl, prefix: config.redisPrefix, dataDir: config.dataDir, nodeEnv: config.nodeEnv, logger });
        infra = { db: shared.db, redis, close: () => redis.close() };
        this.owned.unshift(infra); // closed before the shared one, which holds the database
      }
      const app = await buildApp(config, { logger, ...(infra ? { infra } : {}) });
      const name = String.fromCharCode(65 + i);
      this.list.push({ name, app, port: 0, send: () => Promise.reject(new Error(`instance ${name} is not listening`)) });
      await app.listen({ host: HOST, port: 0 });
      const address = app.server.address();
      if (typeof address !== 'object' || address === null) throw new Error(`instance ${name} has no TCP address`);
      this.list[i]!.port = address.port;
      this.list[i]!.send = httpSender(HOST, address.port, agent);
    }
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled(this.list.map((instance) => instance.app.close()));
    for (const infra of this.owned) await infra.close();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP: logins, and webhooks signed as Twilio signs them

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Psychologists, and a session per console: console i connects to instance i * INSTANCES / CONSOLES. */
async function consoleTargets(instances: Instance[], signal: AbortSignal): Promise<ConsoleTarget[]> {
  const password = randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(password);
  const db = instances[0]!.app.infra.db;
  const usernames: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const username = `bench-psychologist-${String(u + 1).padStart(2, '0')}`;
    await addUser(db, { username, password, passwordHash, roles: ['psychologist'], phone: `+4520${String(u + 1).padStart(6, '0')}` });
    usernames.push(username);
  }
  const perInstance = CONSOLES / INSTANCES;
  const instanceOf = (index: number) => instances[Math.floor(index / perInstance)]!;
  const targets: ConsoleTarget[] = new Array<ConsoleTarget>(CONSOLES);
  let next = 0;
  // Each console logs in at the instance it then connects to (sessions live in Redis, so either would do).
  const worker = async () => {
    while (next < CONSOLES) {
      if (signal.aborted) throw new Error('interrupted');
      const index = next++;
      const instance = instanceOf(index);
      const cookie = await login(instance.send, usernames[index % USERS]!, password);
      targets[index] = { url: `ws://${HOST}:${instance.port}/api/console/ws`, cookie };
    }
  };
  // Every worker is let finish its login in flight, so that no request is running when the instances close.
  const settled = await Promise.allSettled(Array.from({ length: LOGIN_CONCURRENCY }, worker));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return targets;
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

interface EventFigures {
  /** Status callback sent → call.ended at a console, every console of every measured call (ms). */
  all: number[];
  /** The same, split by where the console is: on the instance that took the status callback, or the other one. */
  sameInstance: number[];
  otherInstance: number[];
  /** Per call: status callback sent → the last console has it (calls where every console got it). */
  lastConsole: number[];
  /** Per call: status callback sent → its HTTP 204 is back. */
  response: number[];
  calls: number;
  expected: number;
  /** During the measured calls: the machine's busy share of all cores, and this process's CPU in % of one core. */
  machineCpu: number;
  processCpu: number;
  missedEnded: number;
  missedIncoming: number;
  /** Set when the time limit ended the loop early (the figures are those of the calls measured until then). */
  stopped?: string;
}

async function measureEvents(instances: Instance[], consoles: Consoles, authToken: string, accountSid: string, signal: AbortSignal): Promise<EventFigures> {
  const figures: EventFigures = {
    all: [], sameInstance: [], otherInstance: [], lastConsole: [], response: [], calls: 0, expected: 0, missedEnded: 0, missedIncoming: 0,
    machineCpu: Number.NaN, processCpu: Number.NaN,
  };
  let machineBefore = machineTimes();
  let processBefore = process.cpuUsage();
  let wallBefore = clock();
  const perInstance = CONSOLES / INSTANCES;
  const started = Date.now();
  const total = WARMUP_CALLS + CALLS;
  const a = instances[0]!;

  for (let i = 0; i < total; i++) {
    if (signal.aborted) throw new Error('interrupted');
    if (Date.now() - started > MEASURE_LIMIT_MS) {
      figures.stopped = `time limit: only ${figures.calls} of ${CALLS} calls measured within ${MEASURE_LIMIT_MS / 1000} s`;
      break;
    }
    const measured = i >= WARMUP_CALLS;
    const n = i - WARMUP_CALLS + 1;
    if (i === WARMUP_CALLS) {
      machineBefore = machineTimes();
      processBefore = process.cpuUsage();
      wallBefore = clock();
    }
    if (measured && (n === 1 || n % 50 === 0)) progress(`call ${n}/${CALLS}…`);

    const callSid = newCallSid();
    const caller = callerFields(`+45${randomInt(20_000_000, 99_999_999)}`, { to: LINE_NUMBER, accountSid });
    const voice = await sendWebhook(a.send, '/twilio/voice', { ...caller, CallSid: callSid, CallStatus: 'ringing' }, authToken, PUBLIC_URL);
    const action = voice.status === 200 ? find(voice.twiml, 'Gather')?.attrs.action : undefined;
    const callId = action === undefined ? null : new URL(action, PUBLIC_URL).searchParams.get('call');
    if (!callId) throw new Error(`POST /twilio/voice: HTTP ${voice.status} without the greeting: ${voice.body.slice(0, 200)}`);

    // Let the call.incoming event reach every console first, so the status callback starts on a quiet system.
    const incoming = await consoles.wait(`call.incoming:${callId}`, EVENT_TIMEOUT_MS);
    const missedIncoming = incoming.reduce((sum, t) => sum + (Number.isNaN(t) ? 1 : 0), 0);
    await sleep(PAUSE_MS);

    const origin = i % INSTANCES;
    const status = signWebhook('/twilio/status', {
      ...caller, CallSid: callSid, CallStatus: 'completed', CallDuration: '0', SequenceNumber: '0',
      Timestamp: new Date().toUTCString().replace('GMT', '+0000'), CallbackSource: 'call-progress-events',
    }, authToken, PUBLIC_URL);
    const ended = consoles.wait(`call.ended:${callId}`, EVENT_TIMEOUT_MS);
    const t0 = clock();
    const response = await instances[origin]!.send(status);
    const answeredAt = clock();
    if (response.status !== 204) throw new Error(`POST /twilio/status on instance ${instances[origin]!.name}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
    const times = await ended;

    if (!measured) {
      if (missedIncoming > 0 || times.some(Number.isNaN)) {
        throw new Error(`warm-up call ${i + 1}: not every console got the events (${missedIncoming} call.incoming missing)`);
      }
      continue;
    }
    figures.calls++;
    figures.expected += CONSOLES;
    figures.missedIncoming += missedIncoming;
    figures.response.push(answeredAt - t0);
    let last = 0;
    let missed = 0;
    for (let c = 0; c < CONSOLES; c++) {
      const at = times[c]!;
      if (Number.isNaN(at)) {
        missed++;
        continue;
      }
      const latency = at - t0;
      figures.all.push(latency);
      (Math.floor(c / perInstance) === origin ? figures.sameInstance : figures.otherInstance).push(latency);
      last = Math.max(last, latency);
    }
    figures.missedEnded += missed;
    if (missed === 0) figures.lastConsole.push(last);
  }
  const machineAfter = machineTimes();
  const used = process.cpuUsage(processBefore);
  figures.machineCpu = 100 * (1 - (machineAfter.idle - machineBefore.idle) / Math.max(1, machineAfter.total - machineBefore.total));
  figures.processCpu = (100 * (used.user + used.system)) / 1000 / Math.max(1, clock() - wallBefore);
  return figures;
}

/** PING round trips on a fresh connection. */
async function measurePing(): Promise<number[]> {
  const redis = redisClient();
  const samples: number[] = [];
  try {
    await redis.connect();
    for (let i = 0; i < PINGS; i++) {
      const t0 = clock();
      await redis.ping();
      samples.push(clock() - t0);
    }
  } finally {
    redis.disconnect();
  }
  return samples;
}

/** PUBLISH on one connection → the message at a subscriber on another, with a payload shaped like a console event. */
async function measurePublish(prefix: string): Promise<number[]> {
  const channel = `${prefix}:bench-baseline`;
  const publisher = redisClient();
  const subscriber = redisClient();
  const samples: number[] = [];
  let expected = '';
  let arrived: ((at: number) => void) | undefined;
  subscriber.on('message', (_channel: string, message: string) => {
    const at = clock();
    if (message === expected) arrived?.(at);
  });
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(channel);
    for (let i = 0; i < PUBLISHES; i++) {
      expected = JSON.stringify({ type: 'call.ended', callId: randomUUID(), status: 'abandoned', at: new Date().toISOString() });
      const got = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Redis PUBLISH ${i + 1} did not reach the subscriber within ${EVENT_TIMEOUT_MS} ms`)), EVENT_TIMEOUT_MS);
        arrived = (at) => {
          clearTimeout(timer);
          resolve(at);
        };
      });
      const t0 = clock();
      await publisher.publish(channel, expected);
      samples.push((await got) - t0);
    }
  } finally {
    publisher.disconnect();
    subscriber.disconnect();
  }
  return samples;
}


interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function summarize(samples: number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}


// ---------------------------------------------------------------------------------------------------------------

interface Outcome {
  separate: boolean;
  store: string;
  prefix: string;
  machineBusy: number;
  events: EventFigures | undefined;
  ping: number[] | undefined;
  publish: number[] | undefined;
  duplicates: number;
  keysDeleted: number | undefined;
  databaseDropped: boolean | undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const separate = args.includes('--separate-clients');
  const unknown = args.filter((a) => a !== '--separate-clients');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\nusage: npm run bench:events [-- --separate-clients]\n`);
    return 2;
  }

  const abort = new AbortController();
  let interruptedAt = 0;
  const onSignal = () => {
    if (abort.signal.aborted) {
      // One Ctrl-C can arrive twice (from the terminal, and relayed by the launcher processes in between): only a
      // second one a moment later means "quit now".
      if (Date.now() - interruptedAt > 1000) process.exit(130);
      return;
    }
    interruptedAt = Date.now();
    abort.abort();
    progress('interrupted: stopping the run and cleaning up (Ctrl-C again to quit at once)…');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The last resort of the two-minute bound: the steps have their own timeouts, so this only fires when one hangs.
  setTimeout(() => {
    process.stderr.write(`still running after ${HARD_LIMIT_MS / 1000} s: exiting without finishing the clean-up\n`);
    process.exit(1);
  }, HARD_LIMIT_MS).unref();

  const tmp = mkdtempSync(join(tmpdir(), 'stopline-bench-'));
  const prefix = scratchRedisPrefix('bench');
  const problems: string[] = [];
  const outcome: Outcome = {
    separate, store: '', prefix, machineBusy: Number.NaN, events: undefined, ping: undefined, publish: undefined,
    duplicates: 0, keysDeleted: undefined, databaseDropped: undefined,
  };
  let database: ScratchDatabase | undefined;
  const instances = new Instances();
  let consoles: Consoles | undefined;

  try {
    await checkRedis();
    outcome.machineBusy = await machineBusy(500);
    progress(`machine busy before the run: ${outcome.machineBusy.toFixed(0)} % of all cores`);

    database = await createDatabase();
    outcome.store = database
      ? `PostgreSQL ${database.version}, fresh database ${database.name} (dropped afterwards)`
      : `PGlite in memory, shared by both instances (PostgreSQL does not answer at ${new URL(POSTGRES_ADMIN_URL).host})`;
    progress(`store: ${outcome.store}; Redis key prefix ${prefix}`);

    const { env, authToken, accountSid } = benchAppEnv({ tmp, host: HOST, databaseUrl: database?.url, prefix });
    const config = loadConfig(env);
    const logger = createLogger(config.logLevel);

    progress(`starting ${INSTANCES} app instances…`);
    await instances.start(config, logger);
    progress(`logging in ${CONSOLES} sessions of ${USERS} psychologists…`);
    const targets = await consoleTargets(instances.list, abort.signal);

    progress(`opening ${CONSOLES} consoles (${CONSOLES / INSTANCES} per instance, ${separate ? 'in a child process' : 'in this process'})…`);
    consoles = separate ? RemoteConsoles.start() : new LocalConsoles();
    await consoles.open(targets, OPEN_TIMEOUT_MS);

    progress(`${WARMUP_CALLS} warm-up calls, then ${CALLS} measured calls…`);
    outcome.events = await measureEvents(instances.list, consoles, authToken, accountSid, abort.signal);
    if (outcome.events.stopped) problems.push(outcome.events.stopped);

    progress(`Redis baseline: ${PINGS} PINGs, ${PUBLISHES} PUBLISH → subscriber…`);
    outcome.ping = await measurePing();
    outcome.publish = await measurePublish(prefix);

    const report = await consoles.report();
    outcome.duplicates = report.duplicates;
    for (const line of report.unexpected.slice(0, 10)) problems.push(line);
    if (report.unexpected.length > 10) problems.push(`… and ${report.unexpected.length - 10} more console problems`);
  } catch (err) {
    problems.push(errorMessage(err));
  } finally {
    progress('cleaning up…');
    if (consoles) await consoles.close().catch((err: unknown) => problems.push(`closing the consoles: ${errorMessage(err)}`));
    agent.destroy(); // its idle keep-alive connections would hold the servers open
    await instances.close().catch((err: unknown) => problems.push(`closing the app instances: ${errorMessage(err)}`));
    if (database) {
      const name = database.name;
      outcome.databaseDropped = await dropScratchDatabase(name).then(
        () => true,
        (err: unknown) => {
          problems.push(`dropping database ${name}: ${errorMessage(err)}`);
          return false;
        },
      );
    }
    outcome.keysDeleted = await deleteRedisKeys(`${prefix}:*`).catch((err: unknown) => {
      problems.push(`deleting Redis keys ${prefix}:*: ${errorMessage(err)}`);
      return undefined;
    });
    rmSync(tmp, { recursive: true, force: true });
  }

  const events = outcome.events;
  if (events && events.missedEnded + events.missedIncoming > 0) {
    problems.push(
      `consoles missed events: ${events.missedEnded} of ${events.expected} call.ended and ${events.missedIncoming} of ${events.expected} call.incoming ` +
        `(none arrived within ${EVENT_TIMEOUT_MS} ms)`,
    );
  }
  printReport(outcome);
  for (const problem of problems) process.stdout.write(`BROKEN: ${problem}\n`);
  return problems.length > 0 ? 1 : 0;
}

function printReport(o: Outcome): void {
  const out: string[] = [];
  const n = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
  const rows: Array<[string, number[] | undefined]> = [
    ['status callback arrival → call.ended at a console', o.events?.all],
    ['  consoles on the instance that took the callback', o.events?.sameInstance],
    ['  consoles on the other instance', o.events?.otherInstance],
    ['status callback arrival → the last console has it', o.events?.lastConsole],
    ['status callback arrival → its HTTP 204 is back', o.events?.response],
    ['Redis PING round trip (fresh connection)', o.ping],
    ['Redis PUBLISH → subscriber on another connection', o.publish],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const cols = (cells: string[]) => cells.map((c) => c.padStart(8)).join('  ');

  out.push('');
  out.push(
    `Console events benchmark: ${CONSOLES} consoles (${CONSOLES / INSTANCES} on each of ${INSTANCES} app instances), ` +
      `${o.events?.calls ?? 0} calls after ${WARMUP_CALLS} warm-up calls, ${HOST} only, ${cpus().length} cores`,
  );
  out.push(`Store: ${o.store || 'not opened'}; Redis ${REDIS_URL}, key prefix ${o.prefix}`);
  out.push(
    o.separate
      ? 'Clients: the consoles run in a child process (their own event loop); the servers, the webhook sender and the Redis baseline in this one.'
      : 'Clients: the servers, the consoles, the webhook sender and the Redis baseline all run in this one process: a console receiving an event waits for the servers and vice versa (--separate-clients gives the consoles their own process).',
  );
  out.push('Times: one monotonic clock, from just before the status callback is sent (its processing is inside the interval).');
  const quiet = !(o.machineBusy > 15);
  out.push(`Machine busy before the run: ${n(o.machineBusy)} % of all cores${quiet ? '' : ' (other work is running: these figures are skewed)'}`);
  if (o.events && o.events.calls > 0) {
    out.push(
      `During the measured calls: machine ${n(o.events.machineCpu)} % of all cores busy; this process ${n(o.events.processCpu)} % of one core ` +
        `(the rest: ${o.separate ? 'the console process, ' : ''}PostgreSQL, Redis and any other work on the machine)`,
    );
  }
  out.push('');
  out.push(`${''.padEnd(width)}  ${cols(['samples', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'])}`);
  for (const [label, samples] of rows) {
    if (!samples) continue;
    const s = summarize(samples);
    out.push(`${label.padEnd(width)}  ${cols([n(s.count), n(s.p50, 2), n(s.p90, 2), n(s.p99, 2), n(s.max, 2)])}`);
  }
  out.push('');
  if (o.events && o.events.all.length > 0) {
    const p99 = summarize(o.events.all).p99;
    out.push(`Target p99 < ${TARGET_P99_MS} ms (status callback arrival → event at console): ${p99 < TARGET_P99_MS ? 'PASS' : 'FAIL'} (${n(p99, 2)} ms)`);
    out.push(
      `Missed: ${n(o.events.missedEnded)} of ${n(o.events.expected)} call.ended, ${n(o.events.missedIncoming)} of ${n(o.events.expected)} call.incoming` +
        `; events received twice: ${n(o.duplicates)}`,
    );
  } else {
    out.push(`Target p99 < ${TARGET_P99_MS} ms: not evaluated (no call was measured)`);
  }
  const dropped = o.databaseDropped === undefined ? '' : o.databaseDropped ? 'database dropped, ' : 'database NOT dropped, ';
  out.push(`Clean-up: ${dropped}${o.keysDeleted === undefined ? 'Redis keys NOT deleted' : `${n(o.keysDeleted)} Redis keys deleted`}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

// Last, so that every declaration above is initialised before it runs.
if (process.argv.includes('--consoles-child')) consolesChild();
else process.exitCode = await main();
