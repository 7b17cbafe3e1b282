import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Twilio } from 'twilio';
import type { AppConfig } from '../../config.js';
import type { Database } from '../../infra/db/database.js';
import { durationBand, queueBand, roundUpTo10 } from '../../shared/bands.js';
import { open } from '../../infra/crypto.js';
import { localParts } from '../../infra/local-time.js';
import { twilioErrorCode } from '../../infra/twilio-client.js';
import { findActivePsychologist } from '../auth/index.js';
import { advanceCallStatus, insertCallRecord, markCallAnswered, setCallDuration, setCallLanguage, type CallStatus } from '../calls/index.js';
import { effectiveSettings, onCallNow, openingState, type LineSettings, type OnCallPsychologist } from '../rota/index.js';
import { blockKey } from './block-list.js';
import { callbackKey, dropCallbackNumber, keepCallbackFor, restoreCallbackNumber, takeCallbackNumber } from './callback.js';
import { CALLBACK_PROGRESS, type CallbackProgress } from '../../shared/console-messages.js';
import { eventMessage, eventsChannel, publishEvent } from './call-events.js';
import {
  acceptSequence, advanceCallback, advanceLiveStatus, beginCall, busyCalls, busyPsychologists, callIdForSid, claimAnswer, claimEnd, claimStaleCheck, clearCurrentCall,
  clearLiveFields, enqueueCall, getLiveCall, queueFront, queueLength, releasePsychologist, removeFromQueue,
  reservePsychologist, retireLiveCall, setCurrentCall, setLastCall, updateLiveCall, type LiveCall,
} from './live-state.js';
import type { Language, TwimlBuilder } from './twiml.js';
import type { CallerTokens, WebhookParams } from './webhook-params.js';

/** Someone not on call now can still finish their own call-back, by phone if they have one. */
async function psychologistForCallback(db: Database, userId: string): Promise<OnCallPsychologist | undefined> {
  const p = await findActivePsychologist(db, userId);
  return p?.phone ? { userId, username: p.username, phone: p.phone, via: 'phone' } : undefined;
}

export interface TelephonyDeps {
  config: AppConfig;
  db: Database;
  /** The app's prefixed, fail-fast Redis client. */
  redis: Redis;
  redisPrefix: string;
  twilio: Twilio;
  twiml: TwimlBuilder;
  logger: Logger;
  keys: { blocklist: Buffer; callback: Buffer };
  /** Queue of Twilio call-log deletions; set when `twilio.deleteCallLogs` is on. */
  logDeletion: Queue | undefined;
  /** The line settings (hours, closures, holidays) an admin may change while the line runs: read for every call. */
  lineSettings: () => Promise<LineSettings>;
  now?: () => Date;
}

const FINAL_TWILIO_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const FINAL_CALLBACK_PROGRESS = new Set<CallbackProgress>(['no_answer', 'failed', 'ended']);
/** The call-back leg's status callbacks: the Twilio events asked for, and what each status means for the console. */
const CALLBACK_STATUS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
const CALLBACK_TWILIO_PROGRESS: Record<string, CallbackProgress> = {
  queued: 'dialing', initiated: 'dialing', ringing: 'ringing', 'in-progress': 'answered',
  busy: 'no_answer', 'no-answer': 'no_answer', failed: 'failed', canceled: 'failed',
};
/**
 * A busy psychologist's call older than this is checked against Twilio's own status (at most once per this long):
 * if its end webhooks were lost (Redis away when they came), the psychologist would otherwise stay busy for hours.
 */
export const STALE_CHECK_SECONDS = 30;
/** After a call ends, its log is deleted at Twilio after this grace period (Twilio refuses while it is not final). */
export const LOG_DELETION_DELAY_MS = 2 * 60_000;

/**
 * The call flow (docs/architecture.md, "Data flow of a call"), one function per webhook. Each returns TwiML; each is safe to run twice for the same
 * request (Twilio retries), and every path ends in a person or a message within a bounded time.
 */
export class CallFlow {
  constructor(private readonly deps: TelephonyDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private get settings() {
    return this.deps.config.settings;
  }

  /** POST /twilio/voice: a new incoming call. */
  async incoming(params: WebhookParams, caller: CallerTokens): Promise<string> {
    const { db, redis, twiml } = this.deps;
    const sid = params.CallSid;
    if (!sid) return twiml.hangup();

    const at = this.now();
    const { date, hour } = localParts(at, this.settings.timezone);
    const callId = randomUUID();
    const line = await this.deps.lineSettings();
    const begun = await beginCall(redis, {
      callId,
      sid,
      startedAt: at.getTime(),
      closed: !openingState(at, effectiveSettings(this.settings, line)).open,
      blockHash: caller.blockHash,
      sealedNumber: caller.sealedNumber,
      keys: { blocked: blockKey(caller.blockHash ?? 'none'), callback: callbackKey(callId) },
      channel: eventsChannel(this.deps.redisPrefix),
      event: eventMessage({ type: 'call.incoming', callId }),
    });
    // 'existing' and 'repeat': Twilio retried this webhook; the same answer, and no second call.
    if (begun.kind === 'existing') return twiml.greeting(begun.callId);
    // A CallSid answered before whose mapping has expired: a replay (a real retry comes within seconds).
    if (begun.kind === 'replay') return twiml.hangup();
    if (begun.kind !== 'started') {
      if (begun.kind === 'turned-away') {
        await insertCallRecord(db, { id: callId, callDate: date, hourBand: hour, line: this.deps.config.lineNumber, status: begun.status });
        await this.deleteLogLater(sid);
      }
      return begun.status === 'closed' ? twiml.closed(line.openingHours) : twiml.blocked();
    }
    await insertCallRecord(db, { id: callId, callDate: date, hourBand: hour, line: this.deps.config.lineNumber, status: 'ringing' });
    return twiml.greeting(callId);
  }

  /** POST /twilio/language: 1 Danish, 2 English, nothing (timeout) Danish. Then route. */
  async languageChosen(callId: string, params: WebhookParams): Promise<string> {
    const live = await getLiveCall(this.deps.redis, callId);
    if (!live || live.status === 'ended') return this.deps.twiml.hangup();
    if (live.language && live.ringing) {
      // Twilio retried this webhook: ring the same person again rather than a second one.
      const onCall = await onCallNow(this.deps.db, this.deps.redis, this.now(), this.settings.timezone);
      const target = onCall.find((p) => p.userId === live.ringing);
      if (target) return this.deps.twiml.dial(callId, live.language, target, { announce: true });
    }
    if (!live.language) {
      const language: Language = params.Digits?.startsWith('2') ? 'en' : 'da';
      await updateLiveCall(this.deps.redis, callId, { language });
      await setCallLanguage(this.deps.db, callId, language);
      live.language = language;
    }
    return this.route(live, { announce: true });
  }

  /**
   * Rings the first free psychologist on call who has not been tried for this call. With none free but some on
   * call (all busy), the caller waits in the queue; with nobody on call at all, the apology.
   */
  async route(live: LiveCall, options: { announce: boolean }): Promise<string> {
    const { redis, twiml } = this.deps;
    const language = live.language ?? 'da';
    if (live.ringing) {
      // A retried step found its psychologist gone: let go of them before ringing someone else.
      await releasePsychologist(redis, live.ringing, live.callId);
      live.ringing = undefined;
    }
    const onCall = await onCallNow(this.deps.db, redis, this.now(), this.settings.timezone);
    const busy = await busyPsychologists(redis, onCall.map((p) => p.userId));
    for (const userId of await this.healBusy([...busy])) busy.delete(userId);
    for (const p of onCall) {
      if (busy.has(p.userId) || live.attempted.includes(p.userId)) continue;
      if (!(await reservePsychologist(redis, p.userId, live.callId))) continue; // taken by another call just now
      await updateLiveCall(redis, live.callId, { ringing: p.userId, ringingAt: this.now().getTime(), attempted: [...live.attempted, p.userId].join(',') });
      // Her console shows it too: a phone in a bag rings unheard, the page is in front of her.
      await publishEvent(redis, this.deps.redisPrefix, { type: 'call.ringing', callId: live.callId, userId: p.userId, language });
      return twiml.dial(live.callId, language, p, options);
    }
    // Someone on call is busy talking (not just ringing for this call): wait for them in the queue.
    if (onCall.some((p) => busy.has(p.userId))) {
      const queuedAt = live.queuedAt ?? this.now().getTime();
      if (live.queuedAt === undefined) await updateLiveCall(redis, live.callId, { queuedAt });
      await advanceLiveStatus(redis, live.callId, 'queued');
      await advanceCallStatus(this.deps.db, live.callId, 'queued');
      await enqueueCall(redis, live.callId, queuedAt);
      await this.publishQueue();
      return twiml.enqueue(live.callId, language);
    }
    await this.end(live.callId, 'missed');
    return twiml.apology(language, (await this.deps.lineSettings()).openingHours);
  }

  /** The TwiML run on the psychologist's leg before the bridge. */
  async whisper(callId: string, userId: string, via: string | undefined): Promise<string> {
    const live = await getLiveCall(this.deps.redis, callId);
    if (!live || live.status === 'ended' || live.ringing !== userId) return this.deps.twiml.hangup();
    // A browser softphone is answered by a person clicking "accept": no voicemail to guard against.
    if (via === 'browser') return (await this.answered(live, userId)) ? this.deps.twiml.empty() : this.deps.twiml.hangup();
    return this.deps.twiml.whisper(callId, userId, live.language ?? 'da');
  }

  /** The psychologist pressed a key in the whisper: 1 accepts and bridges, anything else declines. */
  async whisperAccepted(callId: string, userId: string, params: WebhookParams): Promise<string> {
    const live = await getLiveCall(this.deps.redis, callId);
    if (!live || live.status === 'ended' || live.ringing !== userId || params.Digits !== '1') return this.deps.twiml.hangup();
    return (await this.answered(live, userId)) ? this.deps.twiml.empty() : this.deps.twiml.hangup();
  }

  private async answered(live: LiveCall, userId: string): Promise<boolean> {
    const { redis, db } = this.deps;
    if (live.answeredBy) return live.answeredBy === userId;
    const at = this.now().getTime();
    if (!(await claimAnswer(redis, live.callId, userId, at))) return false;
    await setCurrentCall(redis, userId, live.callId);
    if (live.queuedAt !== undefined && (await removeFromQueue(redis, live.callId))) await this.publishQueue();
    await markCallAnswered(db, live.callId, {
      answeredBy: userId,
      answerWaitSeconds: roundUpTo10((at - live.startedAt) / 1000),
      queueBand: queueBand(live.queuedAt === undefined ? undefined : (at - live.queuedAt) / 1000),
    });
    await publishEvent(redis, this.deps.redisPrefix, { type: 'call.answered', callId: live.callId, userId });
    return true;
  }

  /** POST /twilio/dial-result: the ringing ended. Answered: the conversation is over. Else: the next person. */
  async dialResult(callId: string, userId: string, params: WebhookParams): Promise<string> {
    const { redis, twiml } = this.deps;
    const live = await getLiveCall(redis, callId);
    if (!live || live.status === 'ended') return twiml.hangup();
    if (live.answeredBy) {
      await this.end(callId, 'answered');
      return twiml.hangup();
    }
    if (params.CallStatus && FINAL_TWILIO_STATUSES.has(params.CallStatus)) {
      await this.end(callId, 'abandoned'); // the caller hung up while it rang (end() frees who was ringing)
      return twiml.hangup();
    }
    if (live.ringing !== userId) return this.route(live, { announce: false });
    await releasePsychologist(redis, userId, callId);
    await clearLiveFields(redis, callId, 'ringing', 'ringingAt');
    await publishEvent(redis, this.deps.redisPrefix, { type: 'call.unanswered', callId, userId });
    live.ringing = undefined;
    const next = await this.route(live, { announce: false });
    // The one who did not answer is free again: a caller waiting in the queue may be theirs.
    await this.offerNextQueuedCall();
    return next;
  }

  /** The queue's wait loop. Past the maximum wait the caller leaves the queue (then: queue-result "leave"). */
  async queueWait(callId: string, language: string | undefined, params: WebhookParams): Promise<string> {
    const queueTime = Number(params.QueueTime ?? 0);
    const live = await getLiveCall(this.deps.redis, callId);
    const waited = live?.queuedAt === undefined ? queueTime : Math.max(queueTime, (this.now().getTime() - live.queuedAt) / 1000);
    const leave = !live || live.status === 'ended' || waited >= this.settings.routing.maxQueueSeconds;
    // A call-back instead of waiting is offered only when there is a number to call back.
    const offer = !leave && (await this.deps.redis.exists(callbackKey(callId))) === 1;
    return this.deps.twiml.queueWait(language === 'en' ? 'en' : 'da', Number(params.QueuePosition ?? 1) || 1, leave, offer ? callId : undefined);
  }

  /**
   * A caller waiting in the queue pressed 2 ("call me back instead"): their sealed number is taken out of Redis and
   * opened, only to be sealed again at once in the follow-up contact store. Nothing else about the call goes with it.
   */
  async takeNumberForFollowup(callId: string): Promise<{ number: string; language: Language; restore(): Promise<void> } | undefined> {
    const { redis } = this.deps;
    const live = await getLiveCall(redis, callId);
    if (!live || live.status === 'ended' || live.queuedAt === undefined || live.answeredBy) return undefined;
    const taken = await takeCallbackNumber(redis, callId);
    if (!taken) return undefined;
    return { number: open(this.deps.keys.callback, taken.sealed), language: live.language ?? 'da', restore: () => restoreCallbackNumber(redis, callId, taken) };
  }

  /** POST /twilio/queue-result: the caller left the queue (bridged, hung up, timed out, or redirected by us). */
  async queueResult(callId: string, params: WebhookParams): Promise<string> {
    const { twiml } = this.deps;
    const live = await getLiveCall(this.deps.redis, callId);
    switch (params.QueueResult) {
      case 'bridged':
      case 'redirected':
        return twiml.empty();
      case 'hangup':
        await this.end(callId, 'abandoned_in_queue');
        return twiml.hangup();
      default: // leave (our maximum wait), error, system-error
        await this.end(callId, 'queue_timeout');
        return twiml.apology(live?.language, (await this.deps.lineSettings()).openingHours);
    }
  }

  /** POST /twilio/bridge: a queued call redirected here by us when a psychologist freed up. */
  async bridge(callId: string): Promise<string> {
    const live = await getLiveCall(this.deps.redis, callId);
    if (!live || live.status === 'ended') return this.deps.twiml.hangup();
    return this.route({ ...live, attempted: [] }, { announce: true });
  }

  /** POST /twilio/status: status callbacks, in any order, possibly duplicated. Only a final status acts. */
  async statusCallback(params: WebhookParams): Promise<void> {
    if (!params.CallSid) return;
    const callId = await callIdForSid(this.deps.redis, params.CallSid);
    if (!callId) return; // a call we never saw, or long gone
    const sequence = Number(params.SequenceNumber);
    if (Number.isInteger(sequence) && sequence >= 0 && !(await acceptSequence(this.deps.redis, callId, sequence))) return;
    if (!params.CallStatus || !FINAL_TWILIO_STATUSES.has(params.CallStatus)) return;
    await this.end(callId, 'from-status');
  }

  /**
   * Ends a call exactly once, whoever notices first (dial result, queue result, status callback): final status and
   * bands on the record, reservations released, CallSid forgotten, log deletion queued, consoles told, and the
   * freed psychologist offered the next caller in the queue.
   */
  async end(callId: string, reason: CallStatus | 'from-status', endedAt?: number): Promise<void> {
    const { redis, db } = this.deps;
    if (!(await claimEnd(redis, callId))) return;
    const live = await getLiveCall(redis, callId);
    if (!live) return;
    const at = endedAt ?? this.now().getTime();

    let status: CallStatus;
    if (live.answeredBy) status = 'answered';
    else if (reason !== 'from-status') status = reason;
    else status = live.queuedAt !== undefined ? 'abandoned_in_queue' : 'abandoned';

    if (status === 'answered') {
      await setCallDuration(db, callId, durationBand((at - (live.answeredAt ?? at)) / 1000));
    } else {
      const waitedInQueue = live.queuedAt === undefined ? undefined : (at - live.queuedAt) / 1000;
      await advanceCallStatus(db, callId, status, { queueBand: queueBand(waitedInQueue) });
    }

    const freed = [live.ringing, live.answeredBy].filter((u): u is string => u !== undefined);
    for (const userId of new Set(freed)) {
      await releasePsychologist(redis, userId, callId);
      await clearCurrentCall(redis, userId, callId);
    }
    const leftQueue = await removeFromQueue(redis, callId);

    // The call-back is offered for calls that were answered and then dropped; otherwise the number goes now.
    if (status === 'answered') await keepCallbackFor(redis, callId, this.settings.callback.windowMinutes * 60);
    else await dropCallbackNumber(redis, callId);
    // Her console rebuilds the ended call (call-back, block) from this after a reload, for as long as they are allowed.
    if (status === 'answered' && live.answeredBy) await setLastCall(redis, live.answeredBy, callId, this.settings.callback.windowMinutes * 60);
    await retireLiveCall(redis, live, status === 'answered' ? this.settings.callback.windowMinutes * 60 : 0);

    if (live.sid) await this.deleteLogLater(live.sid);
    await publishEvent(redis, this.deps.redisPrefix, { type: 'call.ended', callId, status, ...(live.answeredBy ? { userId: live.answeredBy } : {}) });
    if (leftQueue) await this.publishQueue();
    if (freed.length) await this.offerNextQueuedCall();
  }

  /**
   * When a psychologist frees up (a call ended, or someone went on call), the caller at the front of the queue is
   * redirected (Twilio REST) to /twilio/bridge, which rings the free psychologist.
   */
  async offerNextQueuedCall(): Promise<void> {
    const { redis } = this.deps;
    for (let tries = 0; tries < 5; tries++) {
      const front = await queueFront(redis);
      if (!front) return;
      const onCall = await onCallNow(this.deps.db, redis, this.now(), this.settings.timezone);
      const busy = await busyPsychologists(redis, onCall.map((p: OnCallPsychologist) => p.userId));
      if (!onCall.some((p) => !busy.has(p.userId))) {
        const healed = await this.healBusy([...busy]);
        // A healed call's end() has offered the queue to whoever it freed already.
        if (healed.size === 0) return;
        continue;
      }
      if (!(await removeFromQueue(redis, front.callId))) continue; // another instance took it
      const live = await getLiveCall(redis, front.callId);
      if (!live?.sid || live.status === 'ended') continue;
      try {
        await this.deps.twilio.calls(live.sid).update({ url: this.deps.twiml.url('bridge', { call: live.callId }), method: 'POST' });
        await this.publishQueue();
        return;
      } catch (err) {
        this.deps.logger.warn({ err, callId: live.callId }, 'could not take a queued call out of the queue; it stays queued');
        await enqueueCall(redis, front.callId, front.queuedAt);
        return;
      }
    }
  }

  /**
   * Heals live state after a Redis outage swallowed a call's end webhooks (live state must heal: a psychologist is never left marked busy).
   * For each of these psychologists marked busy: a call that is gone or ended in our state frees them at once; a
   * call that Twilio says is over (checked when the call is older than STALE_CHECK_SECONDS, at most once per that
   * long, or always with `force`) is ended as its status callback would have ended it — record finished, consoles
   * told, reservation released. Returns the psychologists freed.
   */
  async healBusy(userIds: string[], options: { force?: boolean } = {}): Promise<Set<string>> {
    const { redis } = this.deps;
    const freed = new Set<string>();
    const held = await busyCalls(redis, userIds);
    await Promise.all(
      [...held].map(async ([userId, callId]) => {
        const live = await getLiveCall(redis, callId);
        if (!live || live.status === 'ended') {
          await releasePsychologist(redis, userId, callId);
          await clearCurrentCall(redis, userId, callId);
          freed.add(userId);
          return;
        }
        const over = await this.overAtTwilio(live, options.force === true);
        if (!over) return;
        await this.end(callId, 'from-status', over.endedAt);
        freed.add(userId);
      }),
    );
    return freed;
  }

  /** The psychologist's "this call is over" from the console: ends her call if Twilio agrees it is not going on. */
  async endStaleCall(callId: string, userId: string): Promise<'ended' | 'not_found' | 'live'> {
    const live = await getLiveCall(this.deps.redis, callId);
    if (!live || live.answeredBy !== userId || live.status === 'ended') {
      // Ended in our state but maybe still holding her: let go of it either way.
      if (live?.answeredBy === userId) await this.healBusy([userId]);
      return 'not_found';
    }
    const over = await this.overAtTwilio(live, true);
    if (!over) return 'live';
    await this.end(callId, 'from-status', over.endedAt);
    return 'ended';
  }

  /** Whether Twilio says this call is over (with when, if it says); undefined while it is live or unknown. */
  private async overAtTwilio(live: LiveCall, force: boolean): Promise<{ endedAt: number | undefined } | undefined> {
    if (!live.sid) return undefined;
    if (!force) {
      if (this.now().getTime() - (live.answeredAt ?? live.startedAt) < STALE_CHECK_SECONDS * 1000) return undefined;
      if (!(await claimStaleCheck(this.deps.redis, live.callId, STALE_CHECK_SECONDS))) return undefined;
    }
    try {
      const call = await this.deps.twilio.calls(live.sid).fetch();
      if (!FINAL_TWILIO_STATUSES.has(call.status)) return undefined;
      const endedAt = call.endTime instanceof Date && !Number.isNaN(call.endTime.getTime()) ? call.endTime.getTime() : undefined;
      return { endedAt };
    } catch (err) {
      // 20404: Twilio has no such call (any more): it is not going on.
      if (twilioErrorCode(err) === 20404) return { endedAt: undefined };
      this.deps.logger.warn({ twilioCode: twilioErrorCode(err), callId: live.callId }, 'could not check a call against Twilio');
      return undefined;
    }
  }

  /**
   * The psychologist who took a call asks to call the caller back (after it dropped). The sealed number is opened
   * only to hand it to Twilio; the call leg that Twilio makes then hears /twilio/callback-connect.
   */
  async requestCallback(callId: string, userId: string): Promise<'started' | 'not_yours' | 'still_live' | 'expired' | 'failed'> {
    const { redis } = this.deps;
    const live = await getLiveCall(redis, callId);
    if (!live) return 'expired';
    if (live.answeredBy !== userId) return 'not_yours';
    if (live.status !== 'ended') return 'still_live';
    const taken = await takeCallbackNumber(redis, callId);
    if (!taken) return 'expired';
    await updateLiveCall(redis, callId, { callbackBy: userId });
    try {
      const leg = await this.deps.twilio.calls.create({
        to: open(this.deps.keys.callback, taken.sealed),
        from: this.deps.config.lineNumber,
        url: this.deps.twiml.url('callback-connect', { call: callId }),
        method: 'POST',
        timeout: this.settings.routing.dialTimeoutSeconds * 2,
        // Its progress (ringing, answered, no answer, …) goes to the psychologist's console.
        statusCallback: this.deps.twiml.url('callback-status', { call: callId }),
        statusCallbackMethod: 'POST',
        statusCallbackEvent: CALLBACK_STATUS_EVENTS,
      });
      await this.deleteLogLater(leg.sid); // this leg's log holds the number too
      await this.callbackProgress(callId, 'dialing');
      return 'started';
    } catch (err) {
      // Not lost: the sealed number goes back for the rest of the window. Only Twilio's error code is logged,
      // since its message may quote the number.
      // (No progress event: the request itself answers 503, and a retry must be able to start from "dialing".)
      await restoreCallbackNumber(redis, callId, taken);
      this.deps.logger.warn({ twilioCode: twilioErrorCode(err), callId }, 'call-back could not be started');
      return 'failed';
    }
  }

  /** Queues the deletion of a call's log at Twilio (when `twilio.deleteCallLogs` is on): one job per CallSid. */
  private async deleteLogLater(callSid: string): Promise<void> {
    await this.deps.logDeletion?.add('delete', { callSid }, { jobId: `delete-${callSid}`, delay: LOG_DELETION_DELAY_MS });
  }

  /**
   * The call-back was picked up, maybe by someone else or a voicemail box: a neutral question first, and only a
   * key press (a person, the one expecting the call) connects them. Nothing says what the line is.
   */
  async callbackConnect(callId: string): Promise<string> {
    const live = await getLiveCall(this.deps.redis, callId);
    if (!live?.callbackBy) return this.deps.twiml.hangup();
    return this.deps.twiml.callbackGreeting(callId, live.language ?? 'da');
  }

  /** The caller pressed 1: ring the psychologist who asked for the call-back (with the whisper). */
  async callbackAccepted(callId: string, params: WebhookParams): Promise<string> {
    const { redis, twiml } = this.deps;
    const live = await getLiveCall(redis, callId);
    const userId = live?.callbackBy;
    if (!live || !userId || params.Digits !== '1') return twiml.hangup();
    const onCall = await onCallNow(this.deps.db, redis, this.now(), this.settings.timezone);
    const target = onCall.find((p) => p.userId === userId) ?? (await psychologistForCallback(this.deps.db, userId));
    if (!target) {
      await this.callbackProgress(callId, 'failed');
      return twiml.hangup();
    }
    await this.callbackProgress(callId, 'ringing_you');
    return twiml.callback(callId, live.language ?? 'da', target);
  }

  /** The psychologist pressed 1 on her phone for the call-back: they are connected. */
  async callbackWhisperAccepted(callId: string, params: WebhookParams): Promise<string> {
    if (params.Digits !== '1') return this.deps.twiml.hangup();
    await this.callbackProgress(callId, 'connected');
    return this.deps.twiml.empty();
  }

  /**
   * POST /twilio/callback-status: Twilio's status callbacks for the call-back leg. Only the progress is kept and
   * told to the psychologist who asked; the leg's parameters (its To is the caller's number) are dropped with the
   * rest of the body before this runs.
   */
  async callbackStatus(callId: string, params: WebhookParams): Promise<void> {
    const twilioStatus = params.CallStatus;
    if (!twilioStatus) return;
    let progress = CALLBACK_TWILIO_PROGRESS[twilioStatus];
    if (twilioStatus === 'completed') {
      // Completed after someone answered: the call-back ended; completed without an answer never happens at Twilio,
      // but would mean nobody took it.
      const live = await getLiveCall(this.deps.redis, callId);
      progress = live?.callbackStatus && ['answered', 'ringing_you', 'connected'].includes(live.callbackStatus) ? 'ended' : 'no_answer';
    }
    if (progress) await this.callbackProgress(callId, progress);
  }

  /** Moves the call-back's progress forward and tells the psychologist who asked for it. */
  private async callbackProgress(callId: string, status: CallbackProgress): Promise<void> {
    const { redis } = this.deps;
    const rank = FINAL_CALLBACK_PROGRESS.has(status) ? 5 : CALLBACK_PROGRESS.indexOf(status);
    if (!(await advanceCallback(redis, callId, status, rank))) return;
    const live = await getLiveCall(redis, callId);
    if (live?.callbackBy) await publishEvent(redis, this.deps.redisPrefix, { type: 'callback.progress', callId, userId: live.callbackBy, status });
  }

  private async publishQueue(): Promise<void> {
    await publishEvent(this.deps.redis, this.deps.redisPrefix, { type: 'queue.changed', length: await queueLength(this.deps.redis) });
  }
}
