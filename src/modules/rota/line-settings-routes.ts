import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FieldError } from '../../infra/http-errors.js';
import { localParts } from '../../infra/local-time.js';
import { appendAudit } from '../audit/index.js';
import { normaliseStaffPhone, requireRole } from '../auth/index.js';
import { lineSettingsSchema, previewDays, type LineSettings } from './line-settings.js';

const ranges = z.array(z.tuple([z.string(), z.string()]));
const settingsResponse = z.object({
  openingHours: z.object({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges, sat: ranges, sun: ranges }),
  closures: z.array(z.object({ date: z.string(), note: z.string().optional() })),
  closeOnPublicHolidays: z.boolean(),
  backupDuty: z.object({ name: z.string(), phone: z.string() }).nullable(),
  /** The next days as the line will see them. */
  preview: z.array(
    z.object({
      date: z.string(),
      weekday: z.string(),
      open: z.boolean(),
      hours: ranges,
      reason: z.string(),
      note: z.string().optional(),
      holidayName: z.string().optional(),
    }),
  ),
});

const PREVIEW_DAYS = 14;

/** Opening hours, closures, the holiday switch and the back-up duty, changed in the admin area while the line runs. */
export const lineSettingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.infra;
  const { timezone } = app.appConfig.settings;
  const store = app.rota.lineSettings;
  const withPreview = (line: LineSettings) => ({ ...line, preview: previewDays(line, timezone, new Date(), PREVIEW_DAYS) });

  app.get('/api/line-settings', { preHandler: requireRole('admin'), schema: { response: { 200: settingsResponse } } }, async () => withPreview(await store.current()));

  app.put(
    '/api/line-settings',
    {
      preHandler: requireRole('admin'),
      schema: { body: lineSettingsSchema.extend({ backupDuty: lineSettingsSchema.shape.backupDuty.optional() }), response: { 200: settingsResponse } },
    },
    async (request) => {
      const before = await store.current();
      const body = request.body;
      const today = localParts(new Date(), timezone).date;
      const known = new Set(before.closures.map((c) => c.date));
      const seen = new Set<string>();
      body.closures.forEach((c, i) => {
        // A closure already saved may stay after its day; a new one in the past would change nothing.
        if (c.date < today && !known.has(c.date)) throw new FieldError([`body.closures.${i}.date`], 'the date has passed');
        if (seen.has(c.date)) throw new FieldError([`body.closures.${i}.date`], 'this date is listed twice');
        seen.add(c.date);
      });
      let backupDuty = body.backupDuty === undefined ? before.backupDuty : body.backupDuty;
      if (backupDuty) {
        const phone = normaliseStaffPhone(backupDuty.phone);
        if (!phone) throw new FieldError(['body.backupDuty.phone'], 'not a valid phone number');
        backupDuty = { name: backupDuty.name, phone };
      }
      const next: LineSettings = {
        openingHours: body.openingHours,
        closures: [...body.closures].sort((a, b) => (a.date < b.date ? -1 : 1)).map((c) => (c.note ? { date: c.date, note: c.note } : { date: c.date })),
        closeOnPublicHolidays: body.closeOnPublicHolidays,
        backupDuty,
      };
      await db.transaction(async (tx) => {
        await store.save(tx, next);
        await appendAudit(tx, {
          actor: request.user!.username,
          action: 'line_settings.changed',
          // What changed, not the back-up duty's phone.
          details: {
            closures: next.closures.length,
            openingHoursChanged: JSON.stringify(before.openingHours) !== JSON.stringify(next.openingHours),
            closeOnPublicHolidays: next.closeOnPublicHolidays,
            backupDutyChanged: JSON.stringify(before.backupDuty) !== JSON.stringify(next.backupDuty),
          },
        });
      });
      // After the commit: every instance reads the new settings from its next call on.
      await store.announce();
      return withPreview(next);
    },
  );

  // The emergency protocol in the console names the back-up duty and how to reach them.
  app.get(
    '/api/backup-duty',
    { preHandler: requireRole('psychologist', 'supervisor', 'admin'), schema: { response: { 200: z.object({ backupDuty: z.object({ name: z.string(), phone: z.string() }).nullable() }) } } },
    async () => ({ backupDuty: (await store.current()).backupDuty }),
  );
};
