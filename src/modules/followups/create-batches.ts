import type { Database } from '../../infra/db/database.js';
import { appendAuditEntries, type AuditEntry } from '../audit/index.js';
import type { ContactKeys } from './contact-keys.js';
import { storeContacts, type ContactDetails } from './contact-store.js';
import { insertFollowups, type InsertFollowup } from './followups-repository.js';

// Writes new follow-ups in grouped transactions (group commit). Every follow-up is audited in the transaction that
// creates it, and the audit chain is one lock for the whole database: written one by one, each creation held that
// lock for four round trips (lock, chain end, insert, commit), and under a burst the transactions queued on it,
// each holding a pooled connection that the SMS worker then waited for. Here the follow-ups that arrive while
// earlier ones are being written go together into one transaction of a fixed number of statements (one insert each
// for the rows, the outbox, the sealed contacts and the chained audit entries): the lock is taken once per batch,
// and at most `MAX_IN_FLIGHT` connections are busy creating.
//
// A batch that fails is retried one follow-up at a time, so one bad row fails only its own request. Alone (no
// burst), a follow-up is written at once, in a transaction of its own, as before.

/** One new follow-up to write. */
export interface CreateWrite {
  row: InsertFollowup;
  contact: ContactDetails;
  audit?: AuditEntry;
}

interface Queued extends CreateWrite {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Batches written at the same time (each one connection); their non-audit statements overlap the others' lock. */
const MAX_IN_FLIGHT = 4;
/** Bounds one transaction's size (and the time its lock is held). */
const MAX_BATCH = 50;

export class CreateBatches {
  private readonly queued: Queued[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Database,
    private readonly keys: ContactKeys,
  ) {}

  /** Resolves once the follow-up (and its audit entry) is committed. */
  write(item: CreateWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ ...item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queued.length > 0) {
      const batch = this.queued.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.next();
      });
    }
  }

  private async run(batch: Queued[]): Promise<void> {
    try {
      await this.commit(batch);
      for (const item of batch) item.resolve();
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      // Which one failed is not known: each alone, so the others still succeed.
      for (const item of batch) {
        await this.commit([item]).then(item.resolve, item.reject);
      }
    }
  }

  private commit(batch: readonly CreateWrite[]): Promise<void> {
    return this.db.transaction(async (tx) => {
      await insertFollowups(tx, batch.map((item) => item.row));
      await storeContacts(tx, this.keys, batch.map((item) => ({ followupId: item.row.id, contact: item.contact })));
      // Last, so the chain's lock is held only for the end of the transaction.
      await appendAuditEntries(tx, batch.flatMap((item) => (item.audit ? [item.audit] : [])));
    });
  }
}
