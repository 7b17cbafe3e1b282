// The admin area's effect on the line: rota edits shift by shift route the next call to the new rota; a closure
// saved in the admin area turns the next call away with the closed message, without a restart; the block list
// shows reason and end, never the hash, and a lifted block lets the caller through.
import t from 'tap';
import { redisAvailable } from '../../helpers/services.js';
import { allText, callerFields, find, newCallSid, ringIn, telephonyFixture, webhook } from '../../helpers/telephony.js';
import { addUser, login } from '../../helpers/users.js';

const CALLER = '+4561234987';

t.test('rota edited shift by shift: add, move, remove; the next call follows the new rota', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia'] });
  const admin = { cookie: fx.admin };
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    fx.app.inject({ method, url, headers: admin.cookie ? { cookie: admin.cookie } : {}, ...(payload ? { payload } : {}) });
  const ole = await addUser(fx.app, 'ole', ['psychologist'], '+4520009999');
  await addUser(fx.app, 'nophone', ['psychologist']);
  await addUser(fx.app, 'sue', ['supervisor']);

  const listed = (await api('GET', '/api/rota/shifts')).json();
  t.equal(listed.shifts.length, 7, "the fixture's rota: pia every day");
  t.same(listed.warnings, []);

  // Bad shifts: each refused with the field named, nothing saved.
  const day = { weekday: 'mon', starts: '00:00', ends: '24:00', position: 0 } as const;
  const cases: Array<[object, string[]]> = [
    [{ ...day, username: 'ole', starts: '12:00', ends: '10:00' }, ['body.ends']],
    [{ ...day, username: 'ole', starts: '07:60' }, ['body.starts']],
    [{ ...day, username: 'sue', position: 1 }, ['body.username']],
    [{ ...day, username: 'ghost', position: 1 }, ['body.username']],
    [{ ...day, username: 'pia', position: 1 }, ['body.starts', 'body.ends']],
    [{ ...day, username: 'ole', position: 0 }, ['body.position']],
  ];
  for (const [payload, fields] of cases) {
    const res = await api('POST', '/api/rota/shifts', payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.same(res.json().fields, fields);
  }
  t.equal((await api('GET', '/api/rota/shifts')).json().shifts.length, 7, 'nothing half-saved');

  // Ole as backup on every day, then pia's shifts removed: ole is first now.
  for (const weekday of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    const added = await api('POST', '/api/rota/shifts', { weekday, starts: '00:00', ends: '24:00', username: 'ole', position: 1 });
    t.equal(added.statusCode, 201);
  }
  const withNoPhone = await api('POST', '/api/rota/shifts', { weekday: 'mon', starts: '08:00', ends: '09:00', username: 'nophone', position: 5 });
  t.same(withNoPhone.json().warnings, [{ username: 'nophone', problem: 'no_phone' }], 'a psychologist with no phone is warned about');
  t.equal((await api('DELETE', `/api/rota/shifts/${withNoPhone.json().id}`)).statusCode, 200);

  const before = await ringIn(fx.app, CALLER);
  t.equal(find(before.routed!.twiml, 'Number')!.text, fx.staff.pia!.phone, 'pia first');
  await webhook(fx.app, '/twilio/status', { CallSid: before.callSid, CallStatus: 'completed', SequenceNumber: '9' });

  const shifts = (await api('GET', '/api/rota/shifts')).json().shifts as Array<{ id: string; username: string; position: number }>;
  for (const s of shifts.filter((s) => s.username === 'pia')) t.equal((await api('DELETE', `/api/rota/shifts/${s.id}`)).statusCode, 200);
  // Moving ole to the first place.
  for (const s of shifts.filter((s) => s.username === 'ole')) {
    const moved = await api('PATCH', `/api/rota/shifts/${s.id}`, { position: 0 });
    t.equal(moved.statusCode, 200);
  }
  const after = await ringIn(fx.app, CALLER);
  t.equal(find(after.routed!.twiml, 'Number')!.text, '+4520009999', 'the new rota: ole is rung');
  t.equal((await api('PATCH', `/api/rota/shifts/${shifts[0]!.id.replace(/.$/, '0')}`, { position: 0 })).statusCode, 404, 'an unknown shift');

  const audit = await fx.app.infra.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'rota.shift_%'");
  t.equal(audit.rows.filter((r) => r.action === 'rota.shift_added').length, 8);
  t.equal(audit.rows.filter((r) => r.action === 'rota.shift_changed').length, 7);
  t.ok(ole.id);

  // Roles: only admins edit the rota.
  for (const cookie of [fx.staff.pia!.cookie, await login(fx.app, 'sue'), undefined]) {
    admin.cookie = cookie as string;
    const res = await api('POST', '/api/rota/shifts', { ...day, weekday: 'tue', username: 'ole', starts: '01:00', ends: '02:00', position: 3 });
    t.equal(res.statusCode, cookie ? 403 : 401);
    t.equal((await api('GET', '/api/rota/shifts')).statusCode, cookie ? 403 : 401);
  }
});

t.test('line settings: a closure added in the admin area turns the next call away; hours shown for the next days', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia'] });
  const get = async () => (await fx.app.inject({ url: '/api/line-settings', headers: { cookie: fx.admin } })).json();
  const put = (payload: object) => fx.app.inject({ method: 'PUT', url: '/api/line-settings', headers: { cookie: fx.admin }, payload });

  const first = await get();
  t.same(first.openingHours.mon, [['00:00', '24:00']], 'first values from the config file');
  t.equal(first.backupDuty, null);
  t.equal(first.preview.length, 14);
  t.ok(first.preview.every((d: { open: boolean }) => d.open), 'open every day');
  const open = await ringIn(fx.app, CALLER);
  t.ok(find(open.greeting.twiml, 'Gather'), 'open before the change');

  const today = first.preview[0].date as string;
  const { preview: _p, ...settings } = first;
  const bad = [
    [{ ...settings, closures: [{ date: '2020-01-01' }] }, ['body.closures.0.date']],
    [{ ...settings, closures: [{ date: today }, { date: today }] }, ['body.closures.1.date']],
    [{ ...settings, closures: [{ date: '2031-02-30' }] }, ['body.closures.0.date']],
    [{ ...settings, openingHours: { ...settings.openingHours, mon: [['21:00', '09:00']] } }, ['body.openingHours.mon.0']],
    [{ ...settings, openingHours: { ...settings.openingHours, tue: [['09:00', '12:00'], ['11:00', '13:00']] } }, ['body.openingHours.tue']],
    [{ ...settings, backupDuty: { name: 'Bo', phone: 'abc' } }, ['body.backupDuty.phone']],
  ] as const;
  for (const [payload, fields] of bad) {
    const res = await put(payload);
    t.equal(res.statusCode, 400);
    t.same(res.json().fields, fields, res.json().message);
  }

  const saved = await put({ ...settings, closures: [{ date: today, note: 'Personaledag' }], backupDuty: { name: 'Bo Bagvagt', phone: '20 30 40 50' } });
  t.equal(saved.statusCode, 200, saved.body);
  t.match(saved.json().preview[0], { date: today, open: false, reason: 'closure', note: 'Personaledag' });
  t.same(saved.json().backupDuty, { name: 'Bo Bagvagt', phone: '+4520304050' });

  const closed = await webhook(fx.app, '/twilio/voice', { CallSid: newCallSid(), CallStatus: 'ringing', ...callerFields(CALLER) });
  t.notOk(find(closed.twiml, 'Gather'), 'no greeting');
  t.match(allText(closed.twiml), /lukket|closed/i, 'the closed message');
  t.ok(find(closed.twiml, 'Hangup'));

  // The console's emergency protocol reads the back-up duty.
  t.same((await fx.app.inject({ url: '/api/backup-duty', headers: { cookie: fx.staff.pia!.cookie } })).json(), { backupDuty: { name: 'Bo Bagvagt', phone: '+4520304050' } });
  t.equal((await fx.app.inject({ url: '/api/line-settings', headers: { cookie: fx.staff.pia!.cookie } })).statusCode, 403, 'psychologists do not change the line');

  // Opened again (the past-closure rule does not stop keeping a saved one; removing it opens the line).
  t.equal((await put({ ...settings, closures: [] })).statusCode, 200);
  t.ok(find((await ringIn(fx.app, CALLER)).greeting.twiml, 'Gather'), 'open again at once');
  const audit = await fx.app.infra.db.query<{ details: unknown }>("SELECT details FROM audit_log WHERE action = 'line_settings.changed'");
  t.equal(audit.rows.length, 2);
  t.notMatch(JSON.stringify(audit.rows), /20304050/, 'no phone in the audit row');
});

t.test('block list: reason and end, never the hash; a lifted block lets the caller through', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia'] });
  const call = await ringIn(fx.app, CALLER);
  const { acceptWhisper } = await import('../../helpers/telephony.js');
  await acceptWhisper(fx.app, call.routed!.twiml);
  await webhook(fx.app, '/twilio/status', { CallSid: call.callSid, CallStatus: 'completed', CallDuration: '60', SequenceNumber: '9' });
  const blocked = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/block`, headers: { cookie: fx.staff.pia!.cookie }, payload: { days: 30, reason: 'abusive' } });
  t.equal(blocked.statusCode, 204);

  const list = await fx.app.inject({ url: '/api/blocks', headers: { cookie: fx.admin } });
  t.equal(list.statusCode, 200);
  const [entry] = list.json();
  t.match(entry, { id: /^[0-9a-f]{32}$/, reason: 'abusive' });
  t.ok(Date.parse(entry.until) > Date.now() + 29 * 86_400_000, 'about 30 days left');
  const keys = await fx.app.infra.redis.client.keys(`${fx.app.infra.redis.prefix}:blocked:*`);
  const hash = keys[0]!.split(':blocked:')[1]!;
  t.notMatch(list.body, hash, 'the hash is not in the answer');
  t.not(entry.id, hash.slice(0, 32));
  t.equal((await fx.app.inject({ url: '/api/blocks', headers: { cookie: fx.staff.pia!.cookie } })).statusCode, 403);

  t.equal((await fx.app.inject({ method: 'DELETE', url: `/api/blocks/${'0'.repeat(32)}`, headers: { cookie: fx.admin } })).statusCode, 404);
  t.equal((await fx.app.inject({ method: 'DELETE', url: `/api/blocks/${entry.id}`, headers: { cookie: fx.admin } })).statusCode, 204);
  t.same((await fx.app.inject({ url: '/api/blocks', headers: { cookie: fx.admin } })).json(), []);
  t.ok(find((await ringIn(fx.app, CALLER)).greeting.twiml, 'Gather'), 'the caller gets through again');
});
