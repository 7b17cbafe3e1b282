import type { Redis } from 'ioredis';
import { callbackKey } from './callback.js';
import type { CallbackProgress, LiveConsoleView } from '../../shared/console-messages.js';
import { callbackAvailable, currentCallOf, lastEndedCallOf, queueFront, queueLength, ringingCallOf } from './live-state.js';

/**
 * What the console shows of the live state for one psychologist: no CallSid, no number, only our call id. Rebuilt
 * from Redis on every connect and resync, so a reload or a new login shows the same as before it.
 */
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
