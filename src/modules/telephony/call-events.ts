import type { Redis } from 'ioredis';
import type { CallbackProgress } from '../../shared/console-messages.js';

/**
 * Events for the psychologists' consoles. Published on Redis so a console connected to any instance sees calls
 * handled by any other. They carry our call id and never a number (docs/architecture.md, "Anonymity rules", rule 1).
 */
export type ConsoleEvent =
  | { type: 'call.incoming'; callId: string }
  | { type: 'call.answered'; callId: string; userId: string }
  | { type: 'call.ended'; callId: string; status: string; userId?: string }
  | { type: 'queue.changed'; length: number }
  // Only for the psychologist concerned: her phone or browser is ringing for a call, or stopped ringing unanswered.
  | { type: 'call.ringing'; callId: string; userId: string; language: 'da' | 'en' }
  | { type: 'call.unanswered'; callId: string; userId: string }
  // Only for the psychologist who asked for the call-back: how far it got (a status code, never a number).
  | { type: 'callback.progress'; callId: string; userId: string; status: CallbackProgress };


/** Events that concern one psychologist only: colleagues' consoles do not get them at all. */
const PRIVATE_EVENTS = new Set(['call.ringing', 'call.unanswered', 'callback.progress']);

/**
 * What a console of someone else gets of an event about a psychologist's own call: that a colleague has it (or
 * had it), without who, which call or exactly when; nothing (null) of an event that is hers alone (ringing,
 * call-back progress). Events without a `userId` go to every console as they are (undefined).
 */
export function colleagueView(event: { type: string; userId?: unknown }): object | null | undefined {
  if (event.userId === undefined) return undefined;
  if (PRIVATE_EVENTS.has(event.type)) return null;
  return { type: event.type, by: 'colleague' };
}

export const eventsChannel = (prefix: string) => `${prefix}:console-events`;

export function eventMessage(event: ConsoleEvent): string {
  return JSON.stringify({ ...event, at: new Date().toISOString() });
}

export async function publishEvent(redis: Redis, prefix: string, event: ConsoleEvent): Promise<void> {
  await redis.publish(eventsChannel(prefix), eventMessage(event));
}
