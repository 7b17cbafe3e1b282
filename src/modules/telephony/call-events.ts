import type { Redis } from 'ioredis';

/**
 * Events for the psychologists' consoles. Published on Redis so a console connected to any instance sees calls
 * handled by any other. They carry our call id and never a number (docs/architecture.md, "Anonymity rules", rule 1).
 */
export type ConsoleEvent =
  | { type: 'call.incoming'; callId: string }
  | { type: 'call.answered'; callId: string; userId: string }
  | { type: 'call.ended'; callId: string; status: string }
  | { type: 'queue.changed'; length: number };

export const eventsChannel = (prefix: string) => `${prefix}:console-events`;

export function eventMessage(event: ConsoleEvent): string {
  return JSON.stringify({ ...event, at: new Date().toISOString() });
}

export async function publishEvent(redis: Redis, prefix: string, event: ConsoleEvent): Promise<void> {
  await redis.publish(eventsChannel(prefix), eventMessage(event));
}
