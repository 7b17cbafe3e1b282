import { execFile } from 'node:child_process';
import type { Test } from 'tap';
import t from 'tap';
import { playCall, type CallOptions } from '../../../dev/simulator/caller.js';
import { freePort, redisAvailable } from '../../helpers/services.js';
import { AUTH_TOKEN, telephonyFixture } from '../../helpers/telephony.js';

const CALLER = '+4511223344';


/** The app listening on a real port, with PUBLIC_URL equal to the address it listens on. */
async function listeningApp(t: Test, options: Parameters<typeof telephonyFixture>[1] = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fixture = await telephonyFixture(t, { ...options, env: { PUBLIC_URL: url, ...options.env } });
  await fixture.app.listen({ port, host: '127.0.0.1' });
  const statuses = async () => (await fixture.app.infra.db.query<{ status: string; language: string | null }>('SELECT status, language FROM calls')).rows;
  const call = (overrides: Partial<CallOptions>, lines: string[] = []) =>
    playCall({ server: url, publicUrl: url, authToken: AUTH_TOKEN, from: CALLER, ringSeconds: 0, hangUpAfterSeconds: 0, queuePollSeconds: 0, ...overrides }, (l) => lines.push(l));
  return { ...fixture, url, statuses, call };
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'dev/simulate.ts', ...args], { timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

t.test('an answered call, played over HTTP', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { call, statuses } = await listeningApp(t);
  const lines: string[] = [];
  const result = await call({ digits: '2' }, lines);
  t.equal(result.outcome, 'answered', lines.join('\n'));
  t.ok(result.steps >= 5 && result.steps <= 50);
  t.same(await statuses(), [{ status: 'answered', language: 'en' }]);
  const text = lines.join('\n');
  t.match(text, /← Gather numDigits=1 timeout=5 → \/twilio\/language…/);
  t.match(text, /→ pressing 2/);
  t.match(text, /← Dial callerId=\+45…\(hidden\).*→ Number \+45…\(hidden\) \(psychologist\)/);
  t.match(text, /psychologist presses 1/);
  t.match(text, /← Hangup/);
  t.match(text, /\/twilio\/status \(CallStatus=completed SequenceNumber=0\)/);
  t.notMatch(text, /4511223344|4520000001/, 'no phone number is printed');
});

t.test('nobody answers: the apology, recorded as missed', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { call, statuses } = await listeningApp(t);
  const lines: string[] = [];
  const result = await call({ noAnswerAll: true, digits: '' }, lines);
  t.equal(result.outcome, 'missed', lines.join('\n'));
  t.same(await statuses(), [{ status: 'missed', language: 'da' }]);
  t.match(lines.join('\n'), /DialCallStatus=no-answer[\s\S]*Desværre[\s\S]*← Hangup/);

  const declined = await call({ answer: false });
  t.equal(declined.outcome, 'missed', 'a whisper without a key press does not take the call');
});

t.test('the caller hangs up while it rings; a withheld number', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { call, statuses } = await listeningApp(t);
  const lines: string[] = [];
  const result = await call({ from: undefined, hangUpWhileRinging: true }, lines);
  t.equal(result.outcome, 'hung-up-while-ringing');
  t.match(lines[0], /caller: withheld/);
  t.same(await statuses(), [{ status: 'abandoned', language: 'da' }]);
});

t.test('a caller waits in the queue until the maximum wait, then leaves', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { call, statuses } = await listeningApp(t, { settings: { routing: { dialTimeoutSeconds: 20, maxQueueSeconds: 10, holdMusicUrl: '' } } });
  // Pia talks to a first caller until that caller hangs up (the abort).
  const hangUp = new AbortController();
  const firstLines: string[] = [];
  const first = call({ from: '+4511000001', hangUpAfterSeconds: 120, signal: hangUp.signal }, firstLines);
  for (let i = 0; i < 400 && !firstLines.some((l) => l.includes('bridged')); i++) await new Promise((r) => setTimeout(r, 25));
  t.ok(firstLines.some((l) => l.includes('bridged')), 'the first call is being talked');

  const lines: string[] = [];
  const second = await call({ from: '+4511000002', digits: '2' }, lines);
  t.equal(second.outcome, 'queue-timeout', lines.join('\n'));
  const text = lines.join('\n');
  t.match(text, /← Enqueue stopline/);
  t.match(text, /number 1 in the queue/);
  t.match(text, /← Leave[\s\S]*QueueResult=leave/);

  hangUp.abort();
  t.equal((await first).outcome, 'answered');
  t.same((await statuses()).map((r) => r.status).sort(), ['answered', 'queue_timeout']);
});

t.test('the command line: one call, and bad usage', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { url, statuses } = await listeningApp(t);
  const [ok, usage, unknown] = await Promise.all([
    runCli(['call', '--server', url, '--public-url', url, '--auth-token', AUTH_TOKEN, '--from', CALLER, '--hang-up-after', '0']),
    runCli(['call', '--digits', '12']),
    runCli(['dance']),
  ]);
  t.equal(ok.code, 0, ok.stderr);
  t.match(ok.stdout, /caller: \+45…\(hidden\)/);
  t.match(ok.stdout, /Hangup/);
  t.match(ok.stdout, /outcome: answered/);
  t.notMatch(ok.stdout + ok.stderr, /4511223344/, 'the full caller number is not printed');
  t.same(await statuses(), [{ status: 'answered', language: 'da' }]);

  t.equal(usage.code, 2);
  t.match(usage.stderr, /--digits must be one key/);
  t.match(usage.stderr, /Usage:/);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /Unknown command "dance"/);

  const wrongToken = await runCli(['call', '--server', url, '--auth-token', 'not-the-servers-token', '--hang-up-after', '0']);
  t.equal(wrongToken.code, 1, 'an HTTP error from the server: exit code 1');
  t.match(wrongToken.stderr, /HTTP 403 to POST \/twilio\/voice/);
});
