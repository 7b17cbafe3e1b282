import { T, type Text } from './i18n.js';
import { CALLER_LANGUAGE_LABELS, DURATION_LABELS } from './labels.js';
import type { AwaitingCall } from './live.js';

export function formatDate(isoDate: string): Text {
  const date = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return T(isoDate, isoDate);
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
  return T(new Intl.DateTimeFormat('da-DK', options).format(date), new Intl.DateTimeFormat('en-GB', options).format(date));
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatHourBand(hour: number): Text {
  return T(`kl. ${pad(hour)}–${pad((hour + 1) % 24)}`, `${pad(hour)}:00–${pad((hour + 1) % 24)}:00`);
}

/** "28. nov. 2025 · kl. 14–15 · dansk · 5–15 min": what the console may know about a call, nothing more. */
export function callSummary(call: AwaitingCall): Text {
  const parts: Text[] = [formatDate(call.callDate), formatHourBand(call.hourBand)];
  if (call.language) parts.push(CALLER_LANGUAGE_LABELS[call.language]);
  const duration = call.durationBand ? DURATION_LABELS[call.durationBand] : undefined;
  if (duration) parts.push(duration);
  return T(parts.map((p) => p.da).join(' · '), parts.map((p) => p.en).join(' · '));
}

/** 0:07, 12:34, 1:02:03 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function formatClock(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
