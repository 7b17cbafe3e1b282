import t, { type Test } from 'tap';
import { localParts } from '../../../src/infra/local-time.js';
import { redisAvailable, stores, type Store } from '../../helpers/services.js';
import { acceptWhisper, find, ringIn, telephonyFixture, webhook } from '../../helpers/telephony.js';
import { addUser, login } from '../../helpers/users.js';

async function takeCall(fx: Awaited<ReturnType<typeof telephonyFixture>>, number: string) {
  const call = await ringIn(fx.app, number);
  await acceptWhisper(fx.app, call.routed!.twiml);
  await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
  return call.callId!;
}

t.test('outcomes: awaiting list, validation naming fields, triage, override, audit, grace period, roles', async (t) => {
  if (!(await redisAvailable(t))) return;
  for (const store of await stores(t)) await t.test(store, (t) => outcomes(t, store));
});

async function outcomes(t: Test, store: Store) {
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'ole'], store });
  const pia = fx.staff.pia!.cookie;
  const callId = await takeCall(fx, '+4588776655');
  const put = (cookie: string, body: unknown, id = callId) => fx.app.inject({ method: 'PUT', url: `/api/calls/${id}/outcome`, headers: { cookie }, payload: body as object });

  const awaiting = await fx.app.inject({ url: '/api/calls?awaiting=outcome', headers: { cookie: pia } });
  t.match(awaiting.json(), [{ id: callId, status: 'answered' }]);
  t.equal((await fx.app.inject({ url: '/api/calls', headers: { cookie: pia } })).statusCode, 400, 'only ?awaiting=outcome');
  t.same((await fx.app.inject({ url: '/api/calls?awaiting=outcome', headers: { cookie: fx.staff.ole!.cookie } })).json(), [], "ole did not take it");

  const bad = await put(pia, { callerType: 'someone', outcome: 'consented_to_followup', riskFlags: { threats_to_kill: 'perhaps' } });
  t.equal(bad.statusCode, 400);
  t.same(bad.json().fields.sort(), ['body.callerType', 'body.riskFlags.threats_to_kill']);

  t.equal((await put(fx.staff.ole!.cookie, { callerType: 'perpetrator_self', outcome: 'dropped' })).statusCode, 404, 'only who took it');
  await addUser(fx.app, 'sue', ['supervisor']);
  t.equal((await put(await login(fx.app, 'sue'), { callerType: 'perpetrator_self', outcome: 'dropped' })).statusCode, 403, 'supervisors cannot write outcomes');

  const body = {
    callerType: 'perpetrator_self', outcome: 'consented_to_followup', relationship: 'ex_intimate', referrals: ['psychiatry'],
    behaviours: ['calls_sms', 'showing_up'], riskFlags: { threats_of_violence: 'yes', substance_use: 'no' }, safetyPlanMade: true,
    notes: 'Ringer igen i næste uge.',
  };
  const saved = await put(pia, body);
  t.equal(saved.statusCode, 200);
  t.same(saved.json(), { triage: 'high', computed: 'high', overridden: false });
  t.same((await fx.app.inject({ url: '/api/calls?awaiting=outcome', headers: { cookie: pia } })).json(), [], 'no longer awaiting');

  const overridden = await put(pia, { ...body, triageOverride: { triage: 'moderate', reason: 'Trusler var en del af et citat' } });
  t.same(overridden.json(), { triage: 'moderate', computed: 'high', overridden: true }, 'a correction within the grace period');
  const { rows } = await fx.app.infra.db.query<Record<string, unknown>>('SELECT caller_type, outcome, behaviours, risk_flags, triage_computed, triage_override, triage_override_reason FROM calls WHERE id = $1', [callId]);
  t.match(rows[0], { caller_type: 'perpetrator_self', outcome: 'consented_to_followup', behaviours: ['calls_sms', 'showing_up'], risk_flags: { threats_of_violence: 'yes' }, triage_computed: 'high', triage_override: 'moderate' });
  const note = await fx.app.infra.db.query<{ body: string }>('SELECT body FROM call_notes WHERE call_id = $1', [callId]);
  t.equal(note.rows[0]?.body, 'Ringer igen i næste uge.', 'the note is kept apart from the record');

  const audit = await fx.app.infra.db.query<{ details: { triage: string } }>("SELECT details FROM audit_log WHERE action = 'outcome.written' ORDER BY seq");
  t.same(audit.rows.map((r) => r.details.triage), ['high', 'moderate'], 'each write is audited (without the note)');

  await fx.app.infra.redis.client.del(`outcome-grace:${callId}`); // the grace period ends
  const late = await put(pia, body);
  t.equal(late.statusCode, 409);
  t.equal((await fx.app.inject({ url: `/api/calls/${callId}`, headers: { cookie: pia } })).statusCode, 409, 'nobody reads the single call any more');

  const nul = await put(pia, { ...body, notes: 'a\u0000b' }, await takeCall(fx, '+4588776657'));
  t.equal(nul.statusCode, 400, 'a character the database cannot store is a 400, not a 500');
}

t.test('old notes are shredded; the structured outcome stays', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const callId = await takeCall(fx, '+4588776656');
  await fx.app.inject({ method: 'PUT', url: `/api/calls/${callId}/outcome`, headers: { cookie: fx.staff.pia!.cookie }, payload: { callerType: 'professional', outcome: 'information_only', notes: 'x' } });
  const { shredOldNotes } = await import('../../../src/modules/calls/calls-repository.js');
  // Dates as the line's own calendar has them (Copenhagen), as the note was written: not UTC's.
  const localDate = (ms: number) => localParts(new Date(ms), fx.app.appConfig.settings.timezone).date;
  const today = localDate(Date.now());
  t.equal(await shredOldNotes(fx.app.infra.db, today, 30), 0, 'a new note stays');
  const later = localDate(Date.now() + 31 * 86_400_000);
  t.equal(await shredOldNotes(fx.app.infra.db, later, 30), 1, 'after notesDays it is shredded');
  const { rows } = await fx.app.infra.db.query('SELECT outcome FROM calls WHERE id = $1', [callId]);
  t.same(rows, [{ outcome: 'information_only' }]);
});

t.test('an outcome and a rota change commit with their audit row or not at all', async (t) => {
  if (!(await redisAvailable(t))) return;
  for (const store of await stores(t)) {
    await t.test(store, async (t) => {
      const fx = await telephonyFixture(t, { store });
      const { db } = fx.app.infra;
      const callId = await takeCall(fx, '+4588776658');
      const auditRows = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);
      const before = await auditRows();
      // The audit store refuses the next write, as a full disk or a lost connection in the middle would.
      await db.exec(`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit write refused (test)'; END; $$;
        CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();`);

      const body = { callerType: 'perpetrator_self', outcome: 'information_only', notes: 'kun en note' };
      const failed = await fx.app.inject({ method: 'PUT', url: `/api/calls/${callId}/outcome`, headers: { cookie: fx.staff.pia!.cookie }, payload: body });
      t.equal(failed.statusCode, 500, 'the audit write failed, so the request failed');
      t.same((await db.query('SELECT outcome, caller_type, triage_computed FROM calls WHERE id = $1', [callId])).rows, [{ outcome: null, caller_type: null, triage_computed: null }], 'the outcome did not commit');
      t.same((await db.query('SELECT call_id FROM call_notes WHERE call_id = $1', [callId])).rows, [], 'nor its note');

      const shifts = [{ weekday: 'mon', starts: '08:00', ends: '12:00', username: 'pia', position: 0 }];
      const rota = await fx.app.inject({ method: 'PUT', url: '/api/rota', headers: { cookie: fx.admin }, payload: { shifts } });
      t.equal(rota.statusCode, 500);
      t.equal((await fx.app.inject({ url: '/api/rota', headers: { cookie: fx.admin } })).json().shifts.length, 7, 'the old rota stays');
      t.equal(await auditRows(), before, 'no audit row either');

      await db.exec('DROP TRIGGER test_refuse_audit ON audit_log');
      const saved = await fx.app.inject({ method: 'PUT', url: `/api/calls/${callId}/outcome`, headers: { cookie: fx.staff.pia!.cookie }, payload: body });
      t.equal(saved.statusCode, 200, 'a retry once the audit store is back saves both');
      t.equal(await auditRows(), before + 1);
      t.match((await db.query('SELECT outcome FROM calls WHERE id = $1', [callId])).rows, [{ outcome: 'information_only' }]);
    });
  }
});
