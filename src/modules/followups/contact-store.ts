import type { Queryable } from '../../infra/db/database.js';
import { openField, sealField, type ContactKeys } from './contact-keys.js';

/** What a follow-up holds about the person: only ever in memory in the clear, sealed in the database. */
export interface ContactDetails {
  phone: string;
  name?: string | undefined;
  caseReference?: string | undefined;
  /** A queue call-back: the number is never shown to anyone, only dialled ("call via the line"). */
  phoneWithheld: boolean;
}

/** Several follow-ups' contact details, each under its own data key, in one statement. */
export async function storeContacts(tx: Queryable, keys: ContactKeys, items: ReadonlyArray<{ followupId: string; contact: ContactDetails }>): Promise<void> {
  if (items.length === 0) return;
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const { followupId, contact } of items) {
    const { dataKey, wrapped, kekId } = keys.newDataKey(followupId);
    try {
      const n = values.length;
      tuples.push(`(${[1, 2, 3, 4, 5, 6, 7].map((i) => `$${n + i}`).join(', ')})`);
      values.push(
        followupId, kekId, wrapped,
        sealField(dataKey, followupId, 'phone', contact.phone),
        contact.name === undefined ? null : sealField(dataKey, followupId, 'name', contact.name),
        contact.caseReference === undefined ? null : sealField(dataKey, followupId, 'case_reference', contact.caseReference),
        contact.phoneWithheld,
      );
    } finally {
      dataKey.fill(0);
    }
  }
  await tx.query(
    `INSERT INTO followup_contacts (followup_id, kek_id, wrapped_key, phone, name, case_reference, phone_withheld)
     VALUES ${tuples.join(', ')}`,
    values,
    `followup-contact-insert-${items.length}`,
  );
}

/** Opens a follow-up's contact details; undefined once they are shredded. */
export async function readContact(db: Queryable, keys: ContactKeys, followupId: string): Promise<ContactDetails | undefined> {
  const result = await db.query<{ wrapped_key: string; phone: string; name: string | null; case_reference: string | null; phone_withheld: boolean }>(
    'SELECT wrapped_key, phone, name, case_reference, phone_withheld FROM followup_contacts WHERE followup_id = $1',
    [followupId],
    'followup-contact-read',
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const dataKey = keys.unwrap(followupId, row.wrapped_key);
  try {
    return {
      phone: openField(dataKey, followupId, 'phone', row.phone),
      name: row.name === null ? undefined : openField(dataKey, followupId, 'name', row.name),
      caseReference: row.case_reference === null ? undefined : openField(dataKey, followupId, 'case_reference', row.case_reference),
      phoneWithheld: row.phone_withheld,
    };
  } finally {
    dataKey.fill(0);
  }
}

export async function shredContact(db: Queryable, followupId: string): Promise<boolean> {
  return (await db.query('DELETE FROM followup_contacts WHERE followup_id = $1', [followupId])).rowCount === 1;
}

/**
 * Re-wraps every data key not yet under the current key-encryption key (`npm run keys:rotate`), in pages, each page
 * in its own transaction. The ciphertexts of the fields do not change: only the small wrapped keys are rewritten.
 */
export async function rewrapDataKeys(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  keys: ContactKeys,
): Promise<{ rewrapped: number; current: number; unknownKey: number }> {
  let rewrapped = 0;
  let unknownKey = 0;
  const skipped = new Set<string>();
  for (;;) {
    const page = await db.transaction(async (tx) => {
      const rows = await tx.query<{ followup_id: string; wrapped_key: string }>(
        `SELECT followup_id, wrapped_key FROM followup_contacts WHERE kek_id <> $1 AND NOT (followup_id = ANY($2::uuid[]))
          ORDER BY followup_id LIMIT 500 FOR UPDATE`,
        [keys.currentId, [...skipped]],
      );
      for (const row of rows.rows) {
        try {
          const next = keys.rewrap(row.followup_id, row.wrapped_key);
          await tx.query('UPDATE followup_contacts SET wrapped_key = $2, kek_id = $3 WHERE followup_id = $1', [row.followup_id, next.wrapped, next.kekId]);
          rewrapped += 1;
        } catch {
          skipped.add(row.followup_id); // wrapped by a key that is not configured: left as it is, and counted
          unknownKey += 1;
        }
      }
      return rows.rows.length;
    });
    if (page === 0) break;
  }
  const current = await db.transaction(async (tx) =>
    Number((await tx.query<{ n: string }>('SELECT count(*) AS n FROM followup_contacts WHERE kek_id = $1', [keys.currentId])).rows[0]?.n ?? 0),
  );
  return { rewrapped, current, unknownKey };
}
