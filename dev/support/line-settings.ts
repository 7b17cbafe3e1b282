// The line as tests and benchmarks set it up: one public address, one line number, open all day (so that every call
// goes the whole way whatever the hour), written to a CONFIG_FILE.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PUBLIC_URL = 'https://stopline.example';
export const LINE_NUMBER = '+4570000000';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const ALWAYS_OPEN = {
  openingHours: Object.fromEntries(WEEKDAYS.map((day) => [day, [['00:00', '24:00']]])),
  closeOnPublicHolidays: false,
};

/** Writes `dir/config.json` with ALWAYS_OPEN and any overrides; returns its path, for CONFIG_FILE. */
export function writeLineSettings(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ ...ALWAYS_OPEN, ...overrides }));
  return file;
}
