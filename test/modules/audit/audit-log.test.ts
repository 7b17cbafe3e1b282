import t from 'tap';
import { openDatabase } from '../../../src/infra/db/database.js';
import { migrate } from '../../../src/infra/db/migrate.js';
import { createLogger } from '../../../src/infra/logger.js';
import { appendAudit, canonicalJson, verifyAuditChain } from '../../../src/modules/audit/audit-log.js';
import { createTestDatabase, stores } from '../../helpers/services.js';

const logger = createLogger('silent');

t.test('canonical JSON does not depend on key order', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
});

t.test('the audit chain verifies, refuses changes, and detects tampering', async (t) => {
  for (const store of await stores(t)) {
    await t.test(store, async (t) => {
      const db = await openDatabase(store === 'postgres' ? { kind: 'postgres', url: await createTestDatabase(t) } : { kind: 'pglite-memory' }, logger);
      t.teardown(() => db.close());
      await migrate(db, logger);

      t.same(await verifyAuditChain(db), { ok: true, rows: 0 }, 'an empty log is intact');
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => appendAudit(db, { actor: `user${i}`, action: 'session.login', subject: `user${i}`, details: { z: i, a: [i, 'x'] } })),
      );
      t.same(await verifyAuditChain(db), { ok: true, rows: 12 }, 'concurrent appends form one chain');
      const seqs = (await db.query<{ seq: string }>('SELECT seq FROM audit_log ORDER BY seq')).rows.map((r) => Number(r.seq));
      t.same(seqs, Array.from({ length: 12 }, (_, i) => i + 1));

      await t.rejects(db.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"), /append-only/, 'updates are refused');
      await t.rejects(db.query('DELETE FROM audit_log WHERE seq = 3'), /append-only/, 'deletes are refused');

      // Someone with owner rights switches the guard off and edits a row: the chain shows it.
      const original = (await db.query<{ details: { z: number; a: unknown[] } }>('SELECT details FROM audit_log WHERE seq = 5')).rows[0]!.details;
      await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await db.query(`UPDATE audit_log SET details = '{"z": 99, "a": [5, "x"]}' WHERE seq = 5`);
      t.match(await verifyAuditChain(db), { ok: false, rows: 4, firstBad: { seq: 5, problem: 'its content was changed' } });

      await db.query(`UPDATE audit_log SET details = $1 WHERE seq = 5`, [`{"z": ${original.z}, "a": ${JSON.stringify(original.a)}}`]);
      t.same(await verifyAuditChain(db), { ok: true, rows: 12 }, 'restoring the content (any key order) restores the chain');

      await db.query('DELETE FROM audit_log WHERE seq = 8');
      t.match(await verifyAuditChain(db), { ok: false, firstBad: { seq: 9, problem: 'row 8 is missing' } });
    });
  }
});
