import type { Redis } from 'ioredis';
import { callbackKey } from './callback.js';
import type { CallbackProgress } from './call-events.js';
import { callbackAvailable, currentCallOf, lastEndedCallOf, queueFront, queueLength, ringingCallOf } from './live-state.js';

/**
 * What the console shows of the live state for one psychologist: no CallSid, no number, only our call id. Rebuilt
 * from Redis on every connect and resync, so a reload or a new login shows the same as before it.
 */
export interface LiveConsoleView {
  currentCall: { callId: string; answeredAt: number | undefined; language: 'da' | 'en' } | null;
  /** A call ringing for her now (phone or browser), not yet answered. */
  ringingCall: { callId: string; since: number | undefined; language: 'da' | 'en' } | null;
  /**
   * Her last call once it has ended, while its call-back window lasts: whether a call-back is still possible (the
   * sealed number is there), whether the caller can be blocked (the number was not withheld), the call-back's
   * progress once asked for.
   */
  endedCall: {
    callId: string;
    answeredAt: number | undefined;
    endedAt: number | undefined;
    language: 'da' | 'en';
    canCallBack: boolean;
    canBlock: boolean;
    callback: CallbackProgress | null;
  } | null;
  queueLength: number;
  /** When the caller at the front of the queue started waiting (ms), for "has waited 2 min". */
  queueFrontSince: number | null;
}

export async function liveConsoleView(redis: Redis, userId: string): Promise<LiveConsoleView> {
  const [current, ringing, ended, queue, front] = await Promise.all([
    currentCallOf(redis, userId),
    ringingCallOf(redis, userId),
    lastEndedCallOf(redis, userId),
    queueLength(redis),
    queueFront(redis),
  ]);
  const canCallBack = ended ? await callbackAvailable(redis, callbackKey(ended.callId)) : false;
  return {
    currentCall: current ? { callId: current.callId, answeredAt: current.answeredAt, language: current.language ?? 'da' } : null,
    ringingCall: ringing ? { callId: ringing.callId, since: ringing.ringingAt, language: ringing.language ?? 'da' } : null,
    endedCall: ended
      ? {
          callId: ended.callId,
          answeredAt: ended.answeredAt,
          endedAt: ended.endedAt,
          language: ended.language ?? 'da',
          canCallBack: canCallBack && !ended.callbackBy,
          canBlock: ended.blockHash !== undefined,
          callback: (ended.callbackStatus as CallbackProgress | undefined) ?? null,
        }
      : null,
    queueLength: queue,
    queueFrontSince: front ? front.queuedAt : null,
  };
}
