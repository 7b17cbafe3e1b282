import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Settings } from '../../config.js';
import type { Queryable } from '../../infra/db/database.js';
import { isPublicHoliday } from '../../infra/danish-holidays.js';
import { localParts, WEEKDAYS } from '../../infra/local-time.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00 to 24:00)');
const dayHours = z
  .array(z.tuple([clock, clock]).refine(([from, to]) => from < to, 'a range must end after it starts'))
  .max(6)
  .superRefine((ranges, ctx) => {
    const sorted = [...ranges].sort(([a], [b]) => (a < b ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]![0] < sorted[i - 1]![1]) ctx.addIssue({ code: 'custom', message: 'two ranges of one day overlap' });
    }
  });

export const lineSettingsSchema = z.strictObject({
  openingHours: z.strictObject({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
  closures: z.array(z.strictObject({ date: z.iso.date(), note: z.string().trim().max(80).optional() })).max(400),
  closeOnPublicHolidays: z.boolean(),
  /** The back-up duty (bagvagt) the emergency protocol names: a colleague's name and their phone (E.164). */
  backupDuty: z.strictObject({ name: z.string().trim().min(1).max(80), phone: z.string().trim().min(1).max(40) }).nullable(),
});
export type LineSettings = z.infer<typeof lineSettingsSchema>;

/** The first values, before an admin has saved any: from the config file. */
export function defaultLineSettings(settings: Settings): LineSettings {
  return {
    openingHours: settings.openingHours,
    closures: settings.closures.map((date) => ({ date })),
    closeOnPublicHolidays: settings.closeOnPublicHolidays,
    backupDuty: settings.backupDuty ?? null,
  };
}

/** The config's settings with the admin's line settings over them, as `openingState` reads them. */
export function effectiveSettings(settings: Settings, line: LineSettings): Settings {
  return { ...settings, openingHours: line.openingHours, closures: line.closures.map((c) => c.date), closeOnPublicHolidays: line.closeOnPublicHolidays };
}

const VERSION_KEY = 'line-settings:version';

/**
 * The line settings as telephony reads them for every call. A change saved on this instance takes effect from its
 * next call; on the other instances within `recheckMs`: a read asks Redis for the settings' version (one small GET)
 * at most once per `recheckMs` and re-reads the row only when someone saved since. Asking on every call cost the
 * webhook one Redis round trip per call (measured: bench:webhook). Should Redis not answer, the copy is used for at
 * most `maxAgeMs`.
 */
export class LineSettingsStore {
  private cached: { value: LineSettings; version: string | null; at: number; checkedAt: number } | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly redis: Redis,
    private readonly settings: Settings,
    private readonly maxAgeMs = 5_000,
    private readonly recheckMs = 1_000,
  ) {}

  async current(): Promise<LineSettings> {
    const now = Date.now();
    const c = this.cached;
    if (c && now - c.checkedAt < this.recheckMs) return c.value;
    let version: string | null | undefined;
    try {
      version = await this.redis.get(VERSION_KEY);
    } catch {
      version = undefined;
    }
    if (c && (version === undefined ? now - c.at < this.maxAgeMs : version === c.version)) {
      if (version !== undefined) c.checkedAt = now;
      return c.value;
    }
    const value = await readLineSettings(this.db, this.settings);
    this.cached = { value, version: version ?? null, at: now, checkedAt: version === undefined ? 0 : now };
    return value;
  }

  /** Saves in the caller's transaction; `announce` after it committed tells every instance. */
  async save(tx: Queryable, value: LineSettings): Promise<void> {
    await tx.query(
      `INSERT INTO line_settings (id, settings, updated_at) VALUES (1, $1, now())
         ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      [JSON.stringify(value)],
    );
  }

  async announce(): Promise<void> {
    this.cached = undefined;
    await this.redis.incr(VERSION_KEY);
  }
}

export async function readLineSettings(db: Queryable, settings: Settings): Promise<LineSettings> {
  const row = (await db.query<{ settings: unknown }>('SELECT settings FROM line_settings WHERE id = 1')).rows[0];
  if (!row) return defaultLineSettings(settings);
  const raw = typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings;
  const parsed = lineSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : defaultLineSettings(settings);
}

export interface DayPreview {
  date: string;
  weekday: string;
  open: boolean;
  /** The hours of that day when it is open. */
  hours: Array<[string, string]>;
  reason: 'open' | 'closed_all_day' | 'closure' | 'public_holiday';
  note?: string | undefined;
  holidayName?: string | undefined;
}

/** The next `days` days as the line will see them ("open 09–21", "closed: Juleaftensdag"). */
export function previewDays(line: LineSettings, timezone: string, from: Date, days: number): DayPreview[] {
  const out: DayPreview[] = [];
  const start = localParts(from, timezone).date;
  for (let i = 0; i < days; i++) {
    const d = new Date(`${start}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    const date = d.toISOString().slice(0, 10);
    const weekday = WEEKDAYS[(d.getUTCDay() + 6) % 7]!;
    const closure = line.closures.find((c) => c.date === date);
    const holidayName = line.closeOnPublicHolidays ? isPublicHoliday(date) : undefined;
    const hours = line.openingHours[weekday].map(([a, b]) => [a, b] as [string, string]);
    if (closure) out.push({ date, weekday, open: false, hours: [], reason: 'closure', note: closure.note });
    else if (holidayName !== undefined) out.push({ date, weekday, open: false, hours: [], reason: 'public_holiday', holidayName });
    else if (hours.length === 0) out.push({ date, weekday, open: false, hours: [], reason: 'closed_all_day' });
    else out.push({ date, weekday, open: true, hours, reason: 'open' });
  }
  return out;
}
