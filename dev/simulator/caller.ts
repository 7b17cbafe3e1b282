import { callerFields, find, newCallSid, postWebhook, WITHHELD, type TwimlNode, type WebhookResponse, type WebhookTarget } from '../support/twilio-driver.js';

/**
 * A caller simulator for development and demos: plays one call against a running server the way Twilio would —
 * the caller's leg (greeting, key presses, redirects, the dial, the queue) and the psychologist's leg (the whisper
 * and its key press) — with signed webhooks over HTTP. Every line it reports masks phone numbers.
 */

export interface CallOptions extends WebhookTarget {
  /** The caller's number (E.164); undefined or `anonymous`: withheld. */
  from?: string;
  /** The number called (the line); the server does not depend on it. */
  to?: string;
  /** Keys pressed at the language choice; empty: no key. Default `1`. */
  digits?: string;
  /** Whether a psychologist whose phone rings picks up and presses 1 in the whisper. Default true. */
  answer?: boolean;
  /** Every psychologist lets it ring: no whisper is played, the dial ends with `no-answer`. */
  noAnswerAll?: boolean;
  /** How the dial ends when nobody takes the call. Default `no-answer`. */
  unansweredStatus?: 'no-answer' | 'busy';
  /** The caller hangs up while a psychologist's phone rings. */
  hangUpWhileRinging?: boolean;
  /** Seconds of conversation before the psychologist hangs up. Default 3. */
  hangUpAfterSeconds?: number;
  /** Seconds a phone rings before it is answered (or given up on). Default 1. */
  ringSeconds?: number;
  /** Real seconds between two requests of the queue's wait URL. Default 3. */
  queuePollSeconds?: number;
  /** Give up after this many webhooks. Default 50. */
  maxSteps?: number;
  /** Give up after this long. Default 10 minutes. */
  maxMillis?: number;
  /** Aborting it is the caller hanging up (Ctrl-C). */
  signal?: AbortSignal;
  callSid?: string;
}

export type CallOutcome =
  /** A psychologist took the call and the conversation ended. */
  | 'answered'
  /** Nobody took the call: the apology. */
  | 'missed'
  /** Sent away before any choice (closed, or a blocked number). */
  | 'turned-away'
  /** The queue's maximum wait passed. */
  | 'queue-timeout'
  | 'hung-up-while-ringing'
  | 'hung-up-in-queue'
  | 'hung-up'
  /** The step or time limit was reached. */
  | 'gave-up';

export interface CallResult {
  outcome: CallOutcome;
  /** Webhooks sent. */
  steps: number;
  callSid: string;
}

/** A phone number as the simulator prints it: the country code only. */
export function maskNumber(number: string | undefined): string {
  if (!number || number === WITHHELD) return 'withheld';
  return number.startsWith('+') ? `${number.slice(0, 3)}…(hidden)` : '…(hidden)';
}

/** A URL as the simulator prints it: the path, with `…` standing for the query. */
export function shortUrl(url: string | undefined): string {
  if (!url) return '(none)';
  try {
    const u = new URL(url, 'http://relative.invalid');
    return `${u.pathname}${u.search ? '…' : ''}`;
  } catch {
    return url;
  }
}

const PHONE_LIKE = /\+?\d[\d ]{6,}\d/g;
const maskText = (text: string) => text.replace(PHONE_LIKE, (m) => (m.startsWith('+') && m.replace(/ /g, '').length > 8 ? maskNumber(m) : m));

function quote(text: string, max = 120): string {
  const clean = maskText(text.replace(/\s+/g, ' ').trim());
  return `"${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}"`;
}

class GiveUp extends Error {}

function sleep(seconds: number, signal?: AbortSignal): Promise<void> {
  if (seconds <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, seconds * 1000);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** About how long Twilio takes to play a document, for the queue's simulated clock. */
function playingSeconds(doc: TwimlNode): number {
  let seconds = 0;
  for (const verb of doc.children) {
    if (verb.name === 'Pause') seconds += Number(verb.attrs.length ?? 1) || 1;
    else if (verb.name === 'Say') seconds += Math.ceil(verb.text.length / 15);
    else if (verb.name === 'Play') seconds += 30;
  }
  return Math.max(seconds, 1);
}

/** Plays one call; `onStep` gets one readable line per thing that happens. */
export async function playCall(options: CallOptions, onStep: (line: string) => void): Promise<CallResult> {
  const target: WebhookTarget = { server: options.server, publicUrl: options.publicUrl, authToken: options.authToken, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const callSid = options.callSid ?? newCallSid();
  const from = options.from && options.from !== WITHHELD ? options.from : WITHHELD;
  const base: Record<string, string> = { CallSid: callSid, ...callerFields(from, options.to ? { to: options.to } : {}) };
  const digits = options.digits ?? '1';
  const answer = options.answer ?? true;
  const maxSteps = options.maxSteps ?? 50;
  const deadline = Date.now() + (options.maxMillis ?? 10 * 60_000);
  const signal = options.signal;
  const startedAt = Date.now();

  let steps = 0;
  let sequence = 0;
  let bridged = false;
  let dialed = false;
  let statusSent = false;

  const hungUp = () => signal?.aborted === true;

  /** One webhook; `relativeTo` is the document a relative URL came in; `final` requests run past the limits. */
  async function post(url: string, params: Record<string, string>, relativeTo?: string, who = '', final = false): Promise<WebhookResponse> {
    if (!final && steps >= maxSteps) throw new GiveUp(`gave up after ${maxSteps} steps`);
    if (!final && Date.now() > deadline) throw new GiveUp('gave up: the time limit passed');
    steps++;
    const res = await postWebhook(target, url, params, relativeTo);
    onStep(`${who}→ POST ${shortUrl(res.url)}${describeParams(params)} ← ${res.status}`);
    return res;
  }

  async function statusCallback(): Promise<void> {
    if (statusSent) return;
    statusSent = true;
    const duration = Math.round((Date.now() - startedAt) / 1000);
    await post('/twilio/status', {
      ...base, CallStatus: 'completed', CallDuration: String(duration), SequenceNumber: String(sequence++),
      Timestamp: new Date().toUTCString().replace('GMT', '+0000'), CallbackSource: 'call-progress-events',
    }, undefined, '', true);
  }

  function show(verb: TwimlNode, indent: string): void {
    const attrs = (names: string[]) => names.filter((n) => verb.attrs[n] !== undefined).map((n) => ` ${n}=${verb.attrs[n]}`).join('');
    switch (verb.name) {
      case 'Say':
        onStep(`${indent}← Say (${verb.attrs.language ?? 'default'}): ${quote(verb.text)}`);
        break;
      case 'Play':
        onStep(`${indent}← Play ${verb.text.trim()}`);
        break;
      case 'Pause':
        onStep(`${indent}← Pause ${verb.attrs.length ?? 1} s`);
        break;
      case 'Gather':
        onStep(`${indent}← Gather${attrs(['numDigits', 'timeout'])} → ${shortUrl(verb.attrs.action)}`);
        for (const child of verb.children) show(child, `${indent}    `);
        break;
      case 'Redirect':
        onStep(`${indent}← Redirect → ${shortUrl(verb.text.trim())}`);
        break;
      case 'Dial': {
        const nouns = verb.children.map((n) =>
          n.name === 'Number' ? `Number ${maskNumber(n.text.trim())} (psychologist)` : n.name === 'Client' ? `Client ${n.text.trim()} (browser)` : n.name,
        );
        onStep(`${indent}← Dial callerId=${maskNumber(verb.attrs.callerId)}${attrs(['timeout'])} → ${nouns.join(', ') || '(nobody)'}`);
        break;
      }
      case 'Enqueue':
        onStep(`${indent}← Enqueue ${verb.text.trim()}`);
        break;
      default:
        onStep(`${indent}← ${verb.name}`);
    }
  }

  /**
   * The psychologist's leg: the Number's (or Client's) url is played to them before the bridge. Returns whether it
   * ends in the bridge (a document that runs out without hanging up).
   */
  async function psychologistLeg(dial: TwimlNode, noun: TwimlNode): Promise<boolean> {
    const legSid = newCallSid();
    const to = noun.name === 'Client' ? `client:${noun.text.trim()}` : noun.text.trim();
    const leg = {
      CallSid: legSid, ParentCallSid: callSid, AccountSid: base.AccountSid!, ApiVersion: '2010-04-01', Direction: 'outbound-dial',
      From: dial.attrs.callerId ?? base.To!, To: to, Caller: dial.attrs.callerId ?? base.To!, Called: to, CallStatus: 'in-progress',
    };
    onStep(`  psychologist picks up (leg ${legSid.slice(0, 10)}…)`);
    if (!noun.attrs.url) return true;
    let res = await post(noun.attrs.url, leg, undefined, '  ');
    for (let hops = 0; hops < 5; hops++) {
      let next: WebhookResponse | undefined;
      for (const verb of res.twiml.children) {
        show(verb, '  ');
        if (verb.name === 'Hangup' || verb.name === 'Reject') {
          onStep('  psychologist leg hangs up: not bridged');
          return false;
        }
        if (verb.name === 'Gather' && verb.attrs.action) {
          if (!answer) {
            onStep('  psychologist presses nothing');
            continue;
          }
          onStep('  → psychologist presses 1');
          next = await post(verb.attrs.action, { ...leg, Digits: '1', FinishedOnKey: '' }, res.url, '  ');
          break;
        }
        if (verb.name === 'Redirect') {
          next = await post(verb.text.trim(), leg, res.url, '  ');
          break;
        }
      }
      if (!next) return true; // the document ran out: Twilio bridges the two legs
      res = next;
    }
    return false;
  }

  /** Dials; returns the document that continues the call (the action's answer), or undefined when the call is over. */
  async function playDial(dial: TwimlNode, doc: WebhookResponse): Promise<WebhookResponse | 'hung-up-while-ringing' | undefined> {
    dialed = true;
    const noun = dial.children.find((n) => n.name === 'Number' || n.name === 'Client');
    const action = dial.attrs.action;
    const actionParams = (CallStatus: string, DialCallStatus: string, duration: number, legBridged: boolean) => ({
      ...base, CallStatus, DialCallStatus, DialCallSid: newCallSid(), DialCallDuration: String(duration), DialBridged: String(legBridged),
    });

    onStep(`  ☎ ringing…`);
    await sleep(options.ringSeconds ?? 1, signal);
    if (options.hangUpWhileRinging || hungUp()) {
      onStep('→ the caller hangs up while it rings');
      await statusCallback();
      if (action) await post(action, actionParams('completed', 'canceled', 0, false), doc.url, '', true);
      return 'hung-up-while-ringing';
    }

    let legBridged = false;
    if (!noun) onStep('  nothing to ring');
    else if (options.noAnswerAll) onStep('  nobody picks up');
    else legBridged = await psychologistLeg(dial, noun);

    if (!legBridged) {
      const status = options.unansweredStatus ?? 'no-answer';
      onStep(`→ the dial ends: DialCallStatus=${status}`);
      if (!action) return doc; // Twilio goes on with the verbs after the Dial
      return post(action, actionParams('in-progress', status, 0, false), doc.url);
    }

    bridged = true;
    const talk = options.hangUpAfterSeconds ?? 3;
    onStep(`⇄ bridged: talking for ${talk} s`);
    const talkStart = Date.now();
    await sleep(talk, signal);
    const duration = Math.round((Date.now() - talkStart) / 1000);
    if (hungUp()) {
      onStep('→ the caller hangs up');
      if (action) await post(action, actionParams('completed', 'completed', duration, true), doc.url, '', true);
      return undefined;
    }
    onStep('→ the psychologist hangs up: DialCallStatus=completed');
    if (!action) return doc;
    return post(action, actionParams('in-progress', 'completed', duration, true), doc.url);
  }

  /** Waits in the queue: the wait URL again and again, until it says Leave (or the caller hangs up). */
  async function playQueue(enqueue: TwimlNode, doc: WebhookResponse): Promise<WebhookResponse | 'hung-up-in-queue'> {
    const waitUrl = enqueue.attrs.waitUrl;
    const action = enqueue.attrs.action;
    let queueTime = 0;
    const queueSid = `QU${callSid.slice(2)}`;
    const result = async (QueueResult: string, CallStatus: string) =>
      action ? post(action, { ...base, CallStatus, QueueResult, QueueSid: queueSid, QueueTime: String(queueTime) }, doc.url, '', CallStatus === 'completed') : doc;

    while (waitUrl) {
      if (hungUp()) {
        onStep('→ the caller hangs up in the queue: QueueResult=hangup');
        await result('hangup', 'completed');
        return 'hung-up-in-queue';
      }
      const wait = await post(
        waitUrl,
        { ...base, CallStatus: 'in-progress', QueueSid: queueSid, QueuePosition: '1', QueueTime: String(queueTime), AvgQueueTime: String(queueTime), CurrentQueueSize: '1', MaxQueueSize: '100' },
        doc.url,
      );
      for (const verb of wait.twiml.children) show(verb, '    ');
      if (find(wait.twiml, 'Leave')) {
        onStep('→ leaving the queue: QueueResult=leave');
        return result('leave', 'in-progress');
      }
      // Twilio requests the wait URL again once the document has played; the simulator plays it faster.
      queueTime += playingSeconds(wait.twiml);
      onStep(`  … waiting (QueueTime ${queueTime} s, fast-forwarded)`);
      await sleep(options.queuePollSeconds ?? 3, signal);
    }
    return result('leave', 'in-progress');
  }

  let ended: CallOutcome | undefined; // set when the way the call ended is known before the document runs out
  let gathered = false;
  let queued = false;
  try {
    onStep(`caller: ${maskNumber(from)}  CallSid ${callSid.slice(0, 10)}…  server ${options.server}`);
    let doc = await post('/twilio/voice', { ...base, CallStatus: 'ringing' });

    document: for (;;) {
      for (const verb of doc.twiml.children) {
        if (hungUp()) break document;
        show(verb, '');
        switch (verb.name) {
          case 'Gather': {
            gathered = true;
            const action = verb.attrs.action ?? doc.url;
            if (digits) {
              onStep(`→ pressing ${digits}`);
              doc = await post(action, { ...base, CallStatus: 'in-progress', Digits: digits, FinishedOnKey: '' }, doc.url);
              continue document;
            }
            onStep('→ pressing nothing');
            if (verb.attrs.actionOnEmptyResult === 'true') {
              doc = await post(action, { ...base, CallStatus: 'in-progress' }, doc.url);
              continue document;
            }
            break; // the Gather timed out: on to the next verb
          }
          case 'Redirect':
            doc = await post(verb.text.trim(), { ...base, CallStatus: 'in-progress' }, doc.url);
            continue document;
          case 'Dial': {
            const next = await playDial(verb, doc);
            if (next === 'hung-up-while-ringing') {
              ended = next;
              break document;
            }
            if (!next) break document;
            if (next === doc) break; // no action: the verbs after the Dial
            doc = next;
            continue document;
          }
          case 'Enqueue': {
            queued = true;
            const next = await playQueue(verb, doc);
            if (next === 'hung-up-in-queue') {
              ended = next;
              break document;
            }
            if (next === doc) break;
            if (!bridged) ended = 'queue-timeout';
            doc = next;
            continue document;
          }
          case 'Hangup':
          case 'Reject':
            break document;
          default:
            break; // Say, Play, Pause: heard
        }
      }
      break; // the document ran out: Twilio hangs up
    }

    const outcome: CallOutcome =
      bridged ? 'answered'
      : ended ? ended
      : hungUp() ? (queued ? 'hung-up-in-queue' : dialed ? 'hung-up-while-ringing' : 'hung-up')
      : dialed || gathered ? 'missed'
      : 'turned-away';
    onStep(`✆ the call ends: ${outcome}`);
    await statusCallback();
    return { outcome, steps, callSid };
  } catch (err) {
    // Twilio would end the call (with its application-error message) and still send the status callback.
    await statusCallback().catch(() => undefined);
    if (!(err instanceof GiveUp)) throw err;
    onStep(err.message);
    return { outcome: 'gave-up', steps, callSid };
  }
}

/** The parameters worth showing on a step line; never the caller fields. */
function describeParams(params: Record<string, string>): string {
  const shown = ['Digits', 'CallStatus', 'DialCallStatus', 'QueuePosition', 'QueueTime', 'QueueResult', 'SequenceNumber']
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .map((k) => `${k}=${params[k]}`);
  return shown.length ? ` (${shown.join(' ')})` : '';
}
