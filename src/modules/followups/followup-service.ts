import { randomBytes, randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Twilio } from 'twilio';
import type { Settings } from '../../config.js';
import type { Database } from '../../infra/db/database.js';
import { twilioErrorCode } from '../../infra/twilio-client.js';
import { appendAudit } from '../audit/index.js';
import type { LineSettings } from '../rota/index.js';
import { localParts } from '../../infra/local-time.js';
import type { ContactKeys } from './contact-keys.js';
import { readContact, type ContactDetails } from './contact-store.js';
import { CreateBatches } from './create-batches.js';
import {
  closeFollowup, getFollowup, insertAttempt, listAttempts, lockFollowup, recordAttempt, type FollowupRow,
} from './followups-repository.js';
import { addConfirmJob, addDueJob } from './queue.js';
import type { TimeWindow } from './time-windows.js';
import { FINAL_RESULTS, REACHED, type AttemptResult, type ClosingResult, type Priority, type Source } from './vocabulary.js';
import { localInstant, nextAllowedTime } from './time-windows.js';
import { addDays, addWorkingDays } from './working-days.js';

export interface FollowupServiceDeps {
  db: Database;
  /** The app's prefixed, fail-fast Redis client. */
  redis: Redis;
  queue: Queue;
  keys: ContactKeys;
  settings: Settings;
  publicUrl: string;
  lineNumber: string;
  twilio: Twilio;
  logger: Logger;
  /** The line's hours and closures as admins set them (the rota module's line settings). */
  lineSettings: { current(): Promise<LineSettings> };
  now?: () => Date;
}

/** What deadlines and contact windows need of the line: its opening hours and closure dates. */
export interface LineCalendar {
  openingHours: Settings['openingHours'];
  closures: string[];
}

export interface NewFollowup {
  source: Source;
  partnerId?: string | undefined;
  priority: Priority;
  language: 'da' | 'en';
  windows: TimeWindow[];
  smsAllowed: boolean;
  voicemailAllowed: boolean;
  consentVersion: string;
  consentDate?: string | undefined;
  contact: ContactDetails;
}

export class FollowupError extends Error {
  constructor(readonly kind: 'not_found' | 'closed' | 'no_phone' | 'voicemail_not_allowed' | 'twilio_failed' | 'withheld', message: string) {
    super(message);
  }
}

/** Where "call via the line" finds its follow-up: Redis holds this token's target ids, never a number. */
export const lineCallKey = (token: string) => `followup-call:${token}`;
export const LINE_CALL_TTL_SECONDS = 10 * 60;

/** The follow-up pipeline all three sources feed (consent form, partner referral, queue key press). */
export class FollowupService {
  private batches: CreateBatches | undefined;

  constructor(readonly deps: FollowupServiceDeps) {}

  private createBatches(): CreateBatches {
    this.batches ??= new CreateBatches(this.deps.db, this.deps.keys);
    return this.batches;
  }

  now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  today(at = this.now()): string {
    return localParts(at, this.deps.settings.timezone).date;
  }

  /** The line's opening hours and closures now (admins change them without a restart). */
  async calendar(): Promise<LineCalendar> {
    const line = await this.deps.lineSettings.current();
    return { openingHours: line.openingHours, closures: line.closures.map((c) => c.date) };
  }

  /** The deadline: the Nth working day after today (the line's closures skipped), overdue from the local midnight after it. */
  deadline(createdOn: string, closures: readonly string[]): { dueDate: string; dueAt: Date } {
    const { settings } = this.deps;
    const dueDate = addWorkingDays(createdOn, settings.followup.deadlineWorkingDays, closures);
    return { dueDate, dueAt: localInstant(addDays(dueDate, 1), '00:00', settings.timezone) };
  }

  /**
   * Accepts a follow-up: the row, its sealed contact details and its SMS outbox row in one transaction (the database
   * is the record), then its jobs. A queue that is briefly away loses nothing: the sweep adds the jobs later.
   */
  async create(input: NewFollowup, id: string = randomUUID(), audit?: { actor: string }): Promise<{ id: string; dueDate: string }> {
    const now = this.now();
    const createdOn = this.today(now);
    const { dueDate, dueAt } = this.deadline(createdOn, (await this.calendar()).closures);
    // Grouped with the follow-ups arriving at the same moment (create-batches.ts); audited in the same transaction.
    await this.createBatches().write({
      row: {
        id, source: input.source, partnerId: input.partnerId ?? null, priority: input.priority, language: input.language,
        windows: input.windows, smsAllowed: input.smsAllowed, voicemailAllowed: input.voicemailAllowed,
        consentVersion: input.consentVersion, consentDate: input.consentDate ?? null, createdOn, dueDate, dueAt,
      },
      contact: input.contact,
      ...(audit ? { audit: { actor: audit.actor, action: 'followup.created', subject: id, details: { source: input.source } } } : {}),
    });
    try {
      await Promise.all([input.smsAllowed ? addConfirmJob(this.deps.queue, id) : undefined, addDueJob(this.deps.queue, id, dueAt, now)]);
    } catch (err) {
      this.deps.logger.warn({ err: { code: (err as { code?: unknown }).code }, followupId: id }, 'follow-up saved; its jobs will be added by the sweep');
    }
    return { id, dueDate };
  }

  async get(id: string): Promise<FollowupRow | undefined> {
    return getFollowup(this.deps.db, id);
  }

  /** The next moment the person may be contacted (their windows, else the line's opening hours). */
  nextWindow(row: Pick<FollowupRow, 'windows'>, calendar: LineCalendar, at = this.now()): Date | undefined {
    return nextAllowedTime(at, row.windows, this.deps.settings.timezone, calendar.openingHours);
  }

  /** Reveals the contact details to a psychologist; the view is audited in the same transaction. */
  async reveal(id: string, actor: string): Promise<{ row: FollowupRow; contact: ContactDetails | undefined; attempts: Awaited<ReturnType<typeof listAttempts>> } | undefined> {
    return this.deps.db.transaction(async (tx) => {
      const row = await getFollowup(tx, id);
      if (!row) return undefined;
      const contact = row.status === 'open' ? await readContact(tx, this.deps.keys, id) : undefined;
      if (contact) await appendAudit(tx, { actor, action: 'contact.viewed', subject: id });
      return { row, contact, attempts: await listAttempts(tx, id) };
    });
  }

  /**
   * Records an attempt. A final result, or the last allowed unanswered attempt, closes the follow-up and shreds its
   * contact details in the same transaction.
   */
  async recordAttempt(id: string, result: AttemptResult, user: { id: string; username: string }): Promise<FollowupRow> {
    const { settings } = this.deps;
    const today = this.today();
    await this.deps.db.transaction(async (tx) => {
      const current = await lockFollowup(tx, id);
      if (!current) throw new FollowupError('not_found', 'No such follow-up');
      if (current.status === 'closed') throw new FollowupError('closed', 'This follow-up is closed: no more attempts can be recorded');
      if (result === 'voicemail_left' && !current.voicemailAllowed) {
        throw new FollowupError('voicemail_not_allowed', 'The person did not allow voicemail messages');
      }
      await insertAttempt(tx, { id: randomUUID(), followupId: id, result, madeOn: today, madeBy: user.id });
      const unanswered = result === 'no_answer' || result === 'voicemail_left';
      await recordAttempt(tx, id, { unanswered, reachedOn: REACHED.has(result) ? today : null });
      let closing: ClosingResult | undefined;
      if (FINAL_RESULTS.has(result)) closing = result as ClosingResult;
      else if (unanswered && current.unanswered + 1 >= settings.followup.maxAttempts) closing = 'max_attempts';
      if (closing) await closeFollowup(tx, id, closing, today);
      await appendAudit(tx, { actor: user.username, action: 'followup.attempt', subject: id, details: { result, ...(closing ? { closed: closing } : {}) } });
    });
    return (await getFollowup(this.deps.db, id))!;
  }

  /**
   * "Call via the line": Twilio rings the psychologist's phone from the line's number; when they press 1, the TwiML
   * of /twilio/followup-call-accept dials the person, again from the line's number. The person's number is read
   * from the database at that moment and goes only into that TwiML: never into a URL, Redis or a response.
   */
  async callViaLine(id: string, user: { id: string; username: string; phone: string | null }): Promise<void> {
    if (!user.phone) throw new FollowupError('no_phone', 'Your account has no phone number to ring first: an admin can add one');
    const row = await getFollowup(this.deps.db, id);
    if (!row) throw new FollowupError('not_found', 'No such follow-up');
    if (row.status === 'closed') throw new FollowupError('closed', 'This follow-up is closed: its contact details are gone');
    const token = randomBytes(18).toString('base64url');
    await this.deps.redis.set(lineCallKey(token), JSON.stringify({ followupId: id, userId: user.id }), 'EX', LINE_CALL_TTL_SECONDS);
    try {
      await this.deps.twilio.calls.create({
        to: user.phone,
        from: this.deps.lineNumber,
        url: `${this.deps.publicUrl}/twilio/followup-call?t=${token}`,
        method: 'POST',
        timeout: this.deps.settings.routing.dialTimeoutSeconds * 2,
      });
    } catch (err) {
      await this.deps.redis.del(lineCallKey(token));
      this.deps.logger.warn({ twilioCode: twilioErrorCode(err), followupId: id }, 'call via the line could not be started');
      throw new FollowupError('twilio_failed', 'Twilio could not start the call; try again in a moment');
    }
    await appendAudit(this.deps.db, { actor: user.username, action: 'followup.call_started', subject: id });
  }

  /** The follow-up and the number a line-call token stands for, while it is open (for the TwiML only). */
  async lineCallTarget(token: string): Promise<{ followupId: string; phone: string; language: 'da' | 'en' } | undefined> {
    if (!/^[A-Za-z0-9_-]{20,40}$/.test(token)) return undefined;
    const raw = await this.deps.redis.get(lineCallKey(token));
    if (!raw) return undefined;
    const { followupId } = JSON.parse(raw) as { followupId: string };
    const row = await getFollowup(this.deps.db, followupId);
    if (!row || row.status !== 'open') return undefined;
    const contact = await readContact(this.deps.db, this.deps.keys, followupId);
    return contact ? { followupId, phone: contact.phone, language: row.language } : undefined;
  }

  async tokenLanguage(token: string): Promise<'da' | 'en' | undefined> {
    if (!/^[A-Za-z0-9_-]{20,40}$/.test(token)) return undefined;
    const raw = await this.deps.redis.get(lineCallKey(token));
    if (!raw) return undefined;
    const row = await getFollowup(this.deps.db, (JSON.parse(raw) as { followupId: string }).followupId);
    return row?.status === 'open' ? row.language : undefined;
  }
}
