// What the console's WebSocket sends (GET /api/console/ws): the whole state on every connect and resync, then
// events. One set of types for the server that builds the messages (telephony, console) and the page that reads
// them (web/src/live.ts). Our call id only: never a CallSid or a number (docs/architecture.md, "Anonymity rules").
import type { DurationBand } from './bands.js';

/**
 * How far a call-back got, in order: Twilio is dialling the caller, it rings there, someone answered (and hears the
 * neutral question), they pressed 1 and the psychologist's phone rings, connected; or it ended: no answer (busy
 * included), failed, or ended (after being answered).
 */
export const CALLBACK_PROGRESS = ['dialing', 'ringing', 'answered', 'ringing_you', 'connected', 'no_answer', 'failed', 'ended'] as const;
export type CallbackProgress = (typeof CALLBACK_PROGRESS)[number];

export type CallLanguage = 'da' | 'en';

export interface CurrentCall {
  callId: string;
  answeredAt: number | undefined;
  language: CallLanguage;
}

/** A call ringing for her now (phone or browser), not yet answered. */
export interface RingingCall {
  callId: string;
  since: number | undefined;
  language: CallLanguage;
}

/**
 * Her last call once it has ended, while its call-back window lasts: whether a call-back is still possible (the
 * sealed number is there), whether the caller can be blocked (the number was not withheld), the call-back's progress
 * once asked for.
 */
export interface EndedCall {
  callId: string;
  answeredAt: number | undefined;
  endedAt: number | undefined;
  language: CallLanguage;
  canCallBack: boolean;
  canBlock: boolean;
  callback: CallbackProgress | null;
}

/** What the console shows of the live state for one psychologist, rebuilt from Redis on every connect and resync. */
export interface LiveConsoleView {
  currentCall: CurrentCall | null;
  ringingCall: RingingCall | null;
  endedCall: EndedCall | null;
  queueLength: number;
  /** When the caller at the front of the queue started waiting (ms), for "has waited 2 min". */
  queueFrontSince: number | null;
}

/** A call she took that has no outcome yet. */
export interface AwaitingCall {
  id: string;
  callDate: string;
  hourBand: number;
  language: CallLanguage | null;
  durationBand: DurationBand | null;
  status: string;
  /** When it ended (the server's clock, ms), while the server still keeps it; else only the bands are known. */
  endedAt?: number | null;
}

export interface StateMessage extends LiveConsoleView {
  type: 'state';
  awaitingOutcome: AwaitingCall[];
  /** Who the emergency protocol names (the admin's line settings); null: none is set, and the console says so. */
  backupDuty: { name: string; phone: string } | null;
  /** The server's "now" (ms): the page's clock may be off, and the times above are the server's. */
  serverNow: number;
}

export type LiveMessage =
  | StateMessage
  | { type: 'call.incoming'; callId: string; at: string }
  | { type: 'call.answered'; callId: string; userId: string; at: string }
  | { type: 'call.ended'; callId: string; status: string; at: string }
  | { type: 'queue.changed'; length: number; at: string }
  | { type: 'call.ringing'; callId: string; userId: string; language: CallLanguage; at: string }
  | { type: 'call.unanswered'; callId: string; userId: string; at: string }
  | { type: 'callback.progress'; callId: string; userId: string; status: CallbackProgress; at: string }
  // A colleague's call: only that it was taken or ended, not whose, which or when.
  | { type: 'call.answered' | 'call.ended'; by: 'colleague' };
