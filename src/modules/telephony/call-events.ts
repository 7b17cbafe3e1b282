import type { Redis } from 'ioredis';

/**
 * Events for the psychologists' consoles. Published on Redis so a console connected to any instance sees calls
 * handled by any other. They carry our call id and never a number (docs/architecture.md, "Anonymity rules", rule 1).
 */
export type ConsoleEvent =
  | { type: 'call.incoming'; callId: string }
  | { type: 'call.answered'; callId: string; userId: string }
  | { type: 'call.ended'; callId: string; status: string; userId?: string }
  | { type: 'queue.changed'; length: number };

/**
 * What a console of someone else gets of an event about a psychologist's own call: that a colleague has it (or
 * had it), without who, which call or exactly when. Events without a `userId` go to every console as they are.
 */
export function colleagueView(event: { type: string; userId?: unknown }): object | undefined {
  if (event.userId === undefined) return undefined;
  return { type: event.type, by: 'colleague' };
}

export const eventsChannel = (prefix: string) => `${prefix}:console-events`;

export function eventMessage(event: ConsoleEvent): string {
  return JSON.stringify({ ...event, at: new Date().toISOString() });
}

export async function publishEvent(redis: Redis, prefix: string, event: ConsoleEvent): Promise<void> {
  await redis.publish(eventsChannel(prefix), eventMessage(event));
}
