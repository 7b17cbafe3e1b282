// Follow-ups arriving together are written in grouped transactions (create-batches.ts): each is still audited in the
// transaction that creates it, the audit chain stays whole, and one bad follow-up in a batch fails only itself.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { verifyAuditChain } from '../../../src/modules/audit/index.js';
import { redisAvailable, stores } from '../../helpers/services.js';
import { createFollowup, followupFixture, startWorker } from '../../helpers/followups.js';

t.test('a burst of follow-ups: every one written with its contact, outbox row and audit entry; the chain verifies', async (t) => {
  if (!(await redisAvailable(t))) return;
  for (const store of await stores(t)) {
    await t.test(store, async (t) => {
      const { app, psychologist } = await followupFixture(t, { store });
      const count = 40;
      const phones = Array.from({ length: count }, (_, i) => `+4521436${String(600 + i)}`);
      const answers = await Promise.all(phones.map((phone, i) => createFollowup(app, psychologist, { phone, smsAllowed: i % 2 === 0 })));
      t.same(answers.map((a) => a.statusCode), phones.map(() => 201), 'all accepted');
      const ids = answers.map((a) => a.json().id as string);
      t.equal(new Set(ids).size, count, 'each its own follow-up');

      const counted = async (sql: string) => Number((await app.infra.db.query<{ n: number }>(sql)).rows[0]!.n);
      t.equal(await counted('SELECT count(*)::int AS n FROM followups'), count);
      t.equal(await counted('SELECT count(*)::int AS n FROM followup_contacts'), count, 'a sealed contact each');
      t.equal(await counted('SELECT count(*)::int AS n FROM followup_outbox'), count / 2, 'an outbox row for each that allows SMS');
      const audit = await app.infra.db.query<{ subject: string }>("SELECT subject FROM audit_log WHERE action = 'followup.created'");
      t.same(audit.rows.map((r) => r.subject).sort(), [...ids].sort(), 'one audit entry per follow-up');
      t.match(await verifyAuditChain(app.infra.db), { ok: true }, 'the chain verifies');

      // Each one's details open under its own key (the batch did not mix them up).
      for (const [i, id] of ids.entries()) {
        const shown = await app.inject({ method: 'GET', url: `/api/followups/${id}`, headers: { cookie: psychologist } });
        t.equal(shown.json().phone, phones[i], `follow-up ${i + 1} holds its own number`);
      }
    });
  }
});

t.test('one follow-up that cannot be written fails alone; the others in its batch are written', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await followupFixture(t);
  const { service } = await startWorker(t, app);
  const input = (phone: string) => ({
    source: 'consent' as const, priority: 'low' as const, language: 'da' as const, windows: [], smsAllowed: false, voicemailAllowed: false,
    consentVersion: 'test', contact: { phone, phoneWithheld: false },
  });
  const taken = randomUUID();
  await service.create(input('+4521436700'), taken);
  // More at once than there are batches in flight: they are grouped, and the one that reuses an existing id makes
  // its batch fail, which is then retried one by one.
  const phones = Array.from({ length: 12 }, (_, i) => `+45214367${String(10 + i)}`);
  const results = await Promise.allSettled(phones.map((phone, i) => service.create(input(phone), i === 7 ? taken : randomUUID(), { actor: 'pia' })));
  t.same(results.map((r) => r.status), phones.map((_, i) => (i === 7 ? 'rejected' : 'fulfilled')), 'only the bad one fails');
  t.equal(Number((await app.infra.db.query<{ n: number }>('SELECT count(*)::int AS n FROM followups')).rows[0]!.n), 12);
  t.equal(Number((await app.infra.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'followup.created'")).rows[0]!.n), 11, 'no audit entry for the one that failed');
  t.match(await verifyAuditChain(app.infra.db), { ok: true });
});
