import type { Redis } from 'ioredis';
import type { Queryable } from '../../infra/db/database.js';
import { availabilityToday, type Via } from './availability.js';
import { localParts } from '../../infra/local-time.js';
import { findActivePsychologist } from '../auth/index.js';
import { psychologistsOnShift } from './rota-repository.js';
import { softphonesRegistered } from './softphone-registration.js';

export interface OnCallPsychologist {
  userId: string;
  username: string;
  /** Their own phone (never a caller's); null when they take calls in the browser. */
  phone: string | null;
  via: Via;
}

/**
 * Who takes calls now, in the order they are tried: the rota's shift for this hour (first position first), minus
 * those who switched themselves off today, then those who switched themselves on today although not on the rota.
 * Someone who chose the browser but whose softphone is not registered with Twilio is rung on her phone instead;
 * someone who takes calls by phone but has no phone number is left out.
 */
export async function onCallNow(db: Queryable, redis: Redis, at: Date, timezone: string): Promise<OnCallPsychologist[]> {
  const { date, weekday, time } = localParts(at, timezone);
  const [onShift, overrides] = await Promise.all([psychologistsOnShift(db, weekday, time), availabilityToday(redis, date)]);
  const result: OnCallPsychologist[] = [];
  for (const p of onShift) {
    const override = overrides.get(p.userId);
    if (override && !override.available) continue;
    result.push({ userId: p.userId, username: p.username, phone: p.phone, via: override?.via ?? 'phone' });
  }
  const extra = [...overrides.entries()]
    .filter(([userId, a]) => a.available && !onShift.some((p) => p.userId === userId))
    .sort(([, a], [, b]) => a.since - b.since);
  for (const [userId, a] of extra) {
    const p = await findActivePsychologist(db, userId);
    if (p) result.push({ userId, username: p.username, phone: p.phone, via: a.via });
  }
  // The browser only while its softphone is registered with Twilio; else her phone, if she has one; else nobody.
  const browsers = await softphonesRegistered(redis, result.filter((p) => p.via === 'browser').map((p) => p.userId));
  return result
    .map((p) => (p.via === 'browser' && !browsers.has(p.userId) ? { ...p, via: 'phone' as const } : p))
    .filter((p) => p.via === 'browser' || p.phone !== null);
}
