// Bands instead of exact figures: the durable record must not be matchable against a telephone company's logs.

export type DurationBand = '<5' | '5-15' | '15-30' | '>30';
export type QueueBand = 'none' | '<1' | '1-3' | '3-5' | '>5';

/** Conversation length in minutes, banded as the anonymity rules require (docs/architecture.md, "Anonymity rules", rule 3). */
export function durationBand(seconds: number): DurationBand {
  const minutes = seconds / 60;
  if (minutes < 5) return '<5';
  if (minutes < 15) return '5-15';
  if (minutes < 30) return '15-30';
  return '>30';
}

/** Time spent waiting in the queue, in minutes. */
export function queueBand(seconds: number | undefined): QueueBand {
  if (seconds === undefined || seconds <= 0) return 'none';
  const minutes = seconds / 60;
  if (minutes < 1) return '<1';
  if (minutes < 3) return '1-3';
  if (minutes < 5) return '3-5';
  return '>5';
}

/** Seconds rounded up to the next 10: enough for time-to-answer figures, too coarse to match a log line. */
export function roundUpTo10(seconds: number): number {
  return Math.ceil(Math.max(0, seconds) / 10) * 10;
}
