import type { Redis } from 'ioredis';
import { currentCallOf, queueLength } from './live-state.js';

/** What the console shows of the live state for one psychologist: no CallSid, no number, only our call id. */
export interface LiveConsoleView {
  currentCall: { callId: string; answeredAt: number | undefined; language: 'da' | 'en' } | null;
  queueLength: number;
}

export async function liveConsoleView(redis: Redis, userId: string): Promise<LiveConsoleView> {
  const [current, queue] = await Promise.all([currentCallOf(redis, userId), queueLength(redis)]);
  return {
    currentCall: current ? { callId: current.callId, answeredAt: current.answeredAt, language: current.language ?? 'da' } : null,
    queueLength: queue,
  };
}
