// npm run simulate -- fake-twilio [--port 3999]
//                     call [--server URL] [--public-url URL] [--auth-token T] [--from +45… | --withheld] [--digits 1|2|''] …
//                     day [--calls 20] [--server URL] …
// Plays Twilio against a running Stopline server over HTTP, for development and demos. Phone numbers are masked.
import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { maskNumber, playCall, shortUrl, type CallOptions, type CallOutcome } from './simulator/caller.js';
import { startFakeTwilio } from './fake-twilio/fake-twilio.js';
import { WebhookHttpError } from './support/twilio-driver.js';

const DEV_AUTH_TOKEN = 'development-auth-token';

const USAGE = `Usage:
  npm run simulate -- fake-twilio [--port 3999]
      A fake Twilio REST API; start the server with TWILIO_API_BASE_URL=http://127.0.0.1:3999 to use it.
      Prints one line per request (method and path) and every redirect the server asks for.

  npm run simulate -- call [options]
      Plays one call against a running server, step by step.
      --server URL          where the server listens (default http://127.0.0.1:3000)
      --public-url URL      the PUBLIC_URL the server signs against (default: --server)
      --auth-token TOKEN    the server's TWILIO_AUTH_TOKEN (default: $TWILIO_AUTH_TOKEN, else the development default)
      --from +4512345678    the caller's number (default: a random +45 number); --withheld: no number
      --digits 1|2          the key pressed at the language choice: 1 Danish, 2 English, '' none (default 1)
      --answer yes|no       whether the psychologist presses 1 in the whisper (default yes)
      --hang-up-after S     seconds of conversation before the psychologist hangs up (default 3)
      --no-answer-all       every psychologist lets it ring
      Ctrl-C is the caller hanging up.

  npm run simulate -- day [--calls 20] [--server URL] [--public-url URL] [--auth-token TOKEN]
      A quick simulated day: calls one after another with random numbers and languages; some answered, some not,
      some hung up while ringing. One line per call and a tally.

Examples:
  npm run simulate -- fake-twilio
  npm run simulate -- call --server http://127.0.0.1:3100 --digits 2
  npm run simulate -- call --server http://127.0.0.1:3100 --withheld --answer no
  npm run simulate -- day --calls 10 --server http://127.0.0.1:3100

Exit codes: 0 the call ended normally, 1 the server answered with an HTTP error (or could not be reached), 2 bad usage.`;

class UsageError extends Error {}

const OPTIONS = {
  port: { type: 'string' },
  server: { type: 'string' },
  'public-url': { type: 'string' },
  'auth-token': { type: 'string' },
  from: { type: 'string' },
  withheld: { type: 'boolean' },
  digits: { type: 'string' },
  answer: { type: 'string' },
  'hang-up-after': { type: 'string' },
  'no-answer-all': { type: 'boolean' },
  calls: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ALLOWED: Record<string, string[]> = {
  'fake-twilio': ['port'],
  call: ['server', 'public-url', 'auth-token', 'from', 'withheld', 'digits', 'answer', 'hang-up-after', 'no-answer-all'],
  day: ['calls', 'server', 'public-url', 'auth-token'],
};

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function httpUrl(value: string, flag: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new UsageError(`${flag} must be an http(s) URL such as http://127.0.0.1:3000`);
}

function numberIn(value: string | undefined, flag: string, min: number, max: number, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}

function target(values: Values) {
  const server = httpUrl(values.server ?? 'http://127.0.0.1:3000', '--server');
  return {
    server,
    publicUrl: values['public-url'] === undefined ? server : httpUrl(values['public-url'], '--public-url'),
    authToken: values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN ?? DEV_AUTH_TOKEN,
  };
}

const randomDanishNumber = () => `+45${String(randomInt(20_000_000, 100_000_000))}`;

/** Ctrl-C hangs up the call in progress; a second Ctrl-C leaves at once. */
function hangUpOnCtrlC(): AbortController {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    err('(hanging up — Ctrl-C again to quit at once)');
    controller.abort();
  });
  return controller;
}

/** Explains a failed webhook; returns the exit code. */
function reportFailure(error: unknown): number {
  if (error instanceof WebhookHttpError) {
    err(`The server answered HTTP ${error.status} to POST ${shortUrl(error.url)}:`);
    err(error.body || '(empty body)');
    if (error.status === 403) err('A 403 means the signature did not check out: --auth-token must be the server\'s TWILIO_AUTH_TOKEN and --public-url its PUBLIC_URL.');
    return 1;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  err(`Could not reach the server: ${error instanceof Error ? error.message : String(error)}${cause}`);
  return 1;
}

async function fakeTwilio(values: Values): Promise<number> {
  const port = numberIn(values.port, '--port', 0, 65535, 3999, true);
  const fake = await startFakeTwilio();
  fake.onCallUpdate = (sid, params) => {
    if (params.Url) out(`  redirect requested for ${sid} → ${shortUrl(params.Url)} (recorded; the simulated caller is not moved)`);
    if (params.Status) out(`  ${sid} set to ${params.Status}`);
  };
  fake.onCallCreate = (sid, params) => out(`  call created ${sid} → ${shortUrl(params.Url)}`);

  // In front of the fake: every call the simulator plays is, for this fake, a call that exists at Twilio.
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
      const sid = /\/Calls\/(CA[0-9a-fA-F]{32})\.json$/.exec(path)?.[1];
      if (sid && !fake.calls.has(sid)) fake.addCall(sid, 'in-progress');
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      try {
        const upstream = await fetch(fake.url + (req.url ?? '/'), { method: req.method ?? 'GET', headers, ...(body.length ? { body } : {}) });
        const answer = Buffer.from(await upstream.arrayBuffer());
        out(`${req.method} ${path} → ${upstream.status}`);
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(answer);
      } catch {
        out(`${req.method} ${path} → 502`);
        res.writeHead(502).end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  out(`Fake Twilio REST API on ${url}`);
  out(`Start the server with TWILIO_API_BASE_URL=${url}. Ctrl-C stops.`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
  out('stopped');
  return 0;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function call(values: Values): Promise<number> {
  if (values.from !== undefined && values.withheld) throw new UsageError('--from and --withheld exclude each other');
  if (values.from !== undefined && !/^\+[1-9]\d{6,14}$/.test(values.from)) throw new UsageError('--from must be an E.164 number such as +4512345678');
  const digits = values.digits ?? '1';
  if (!/^[0-9*#]?$/.test(digits)) throw new UsageError("--digits must be one key (1 Danish, 2 English) or '' for none");
  if (values.answer !== undefined && values.answer !== 'yes' && values.answer !== 'no') throw new UsageError('--answer must be yes or no');

  const options: CallOptions = {
    ...target(values),
    ...(values.withheld ? {} : { from: values.from ?? randomDanishNumber() }),
    digits,
    answer: values.answer !== 'no',
    noAnswerAll: values['no-answer-all'] === true,
    hangUpAfterSeconds: numberIn(values['hang-up-after'], '--hang-up-after', 0, 3600, 3),
    signal: hangUpOnCtrlC().signal,
  };
  try {
    const result = await playCall(options, out);
    out(`outcome: ${result.outcome} (${result.steps} webhooks)`);
    return result.outcome === 'gave-up' ? 1 : 0;
  } catch (error) {
    return reportFailure(error);
  }
}

interface Plan {
  label: string;
  options: Partial<CallOptions>;
}

function randomPlan(): Plan {
  const roll = Math.random();
  if (roll < 0.55) return { label: 'answer', options: {} };
  if (roll < 0.65) return { label: 'decline whisper', options: { answer: false } };
  if (roll < 0.75) return { label: 'let it ring', options: { noAnswerAll: true } };
  if (roll < 0.8) return { label: 'busy', options: { noAnswerAll: true, unansweredStatus: 'busy' } };
  return { label: 'hang up early', options: { hangUpWhileRinging: true } };
}

async function day(values: Values): Promise<number> {
  const calls = numberIn(values.calls, '--calls', 1, 1000, 20, true);
  const base = target(values);
  const controller = hangUpOnCtrlC();
  const tally = new Map<CallOutcome, number>();
  const started = Date.now();
  out(`A simulated day: ${calls} calls to ${base.server}`);
  for (let i = 1; i <= calls && !controller.signal.aborted; i++) {
    const from = randomDanishNumber();
    const digits = ['1', '2', ''][randomInt(3)]!;
    const plan = randomPlan();
    const t0 = Date.now();
    try {
      const result = await playCall(
        { ...base, from, digits, hangUpAfterSeconds: Math.round(Math.random() * 10) / 10, ringSeconds: 0, queuePollSeconds: 0.2, signal: controller.signal, ...plan.options },
        () => undefined,
      );
      tally.set(result.outcome, (tally.get(result.outcome) ?? 0) + 1);
      const language = digits === '2' ? 'en' : digits === '1' ? 'da' : 'da (no key)';
      out(
        `${String(i).padStart(4)}/${calls}  caller ${maskNumber(from)}  ${language.padEnd(11)}  plan: ${plan.label.padEnd(15)}  → ${result.outcome.padEnd(21)} ${String(result.steps).padStart(2)} webhooks  ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      out(`${String(i).padStart(4)}/${calls}  caller ${maskNumber(from)}  failed`);
      return reportFailure(error);
    }
  }
  out(`Tally after ${((Date.now() - started) / 1000).toFixed(1)} s: ${[...tally].map(([outcome, n]) => `${outcome} ${n}`).join(', ') || 'no calls'}`);
  return 0;
}

async function main(): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (command === undefined) throw new UsageError('No command given');
  const allowed = ALLOWED[command];
  if (!allowed) throw new UsageError(`Unknown command "${command}"`);
  if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}"`);
  const stray = Object.keys(values).find((k) => k !== 'help' && !allowed.includes(k));
  if (stray) throw new UsageError(`--${stray} does not apply to ${command}`);
  if (command === 'fake-twilio') return fakeTwilio(values);
  if (command === 'call') return call(values);
  return day(values);
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  err(`${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
