// GET /api/stats and /api/stats.csv on a seeded data set: exact operational figures, case-mix with suppression,
// CSV and JSON agreeing, roles, periods that have not ended, bad parameters.
import t from 'tap';
import { addUser, login } from '../../helpers/users.js';
import { testApp } from '../../helpers/services.js';
import { seedCalls } from '../../helpers/stats.js';

const NOW = new Date('2025-06-15T10:00:00Z');

async function fixture(t: Tap.Test) {
  const app = await testApp(t, {}, { now: () => NOW });
  await addUser(app, 'sofie', ['supervisor']);
  await addUser(app, 'anders', ['admin']);
  await addUser(app, 'pia', ['psychologist']);
  const db = app.infra.db;
  // March 2025, operational: Monday 3rd at 10, Tuesday 4th at 22, Wednesday 5th at 9.
  await seedCalls(db, [
    ...[10, 20, 30, 40, 50, 60].map((wait, i) => ({
      date: '2025-03-03', hour: 10, wait, duration: ['<5', '<5', '<5', '5-15', '5-15', '>30'][i]!, queue: ['none', 'none', 'none', 'none', '<1', '1-3'][i]!,
      callerType: 'perpetrator_self', outcome: 'information_only', gender: 'male',
    })),
    { date: '2025-03-03', hour: 10, status: 'missed' },
    { date: '2025-03-03', hour: 10, status: 'abandoned_in_queue', queue: '1-3' },
    { date: '2025-03-04', hour: 22, status: 'closed', n: 2 },
    { date: '2025-03-04', hour: 22, status: 'blocked' },
    { date: '2025-03-05', hour: 9, wait: 100, duration: '15-30', queue: 'none', callerType: 'relative_or_friend', outcome: 'referred_elsewhere', gender: 'female' },
  ]);
  // January 2025, case-mix: 20 calls with outcomes.
  await seedCalls(db, [
    { date: '2025-01-10', callerType: 'perpetrator_self', outcome: 'information_only', gender: 'male', behaviours: ['calls_sms'], riskFlags: { threats_to_kill: 'no' }, n: 9 },
    { date: '2025-01-11', callerType: 'perpetrator_self', outcome: 'consented_to_followup', gender: 'male', behaviours: ['calls_sms', 'showing_up'], riskFlags: { threats_to_kill: 'yes' }, n: 3 },
    { date: '2025-01-12', callerType: 'relative_or_friend', outcome: 'information_only', gender: 'female', n: 5 },
    { date: '2025-01-13', callerType: 'relative_or_friend', outcome: 'consented_to_followup', gender: 'male', behaviours: ['calls_sms'], n: 1 },
    { date: '2025-01-14', callerType: 'professional', outcome: 'consented_to_followup', gender: 'male', n: 2 },
  ]);
  // June 2025 (not ended on the 15th).
  await seedCalls(db, [{ date: '2025-06-02', callerType: 'perpetrator_self', outcome: 'information_only', n: 8 }]);
  return { app, supervisor: await login(app, 'sofie'), admin: await login(app, 'anders'), psychologist: await login(app, 'pia') };
}

t.test('operational figures for March 2025, exact', async (t) => {
  const { app, supervisor } = await fixture(t);
  const res = await app.inject({ method: 'GET', url: '/api/stats?from=2025-03-01&to=2025-03-31&granularity=day', headers: { cookie: supervisor } });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.match(body.operational.total, {
    calls: 12, answered: 7, missed: 1, queueTimeout: 0, closed: 2, blocked: 1, abandonedBeforeAnswer: 0, abandonedInQueue: 1, offered: 9,
    abandonRate: 11.1, answerRate: 77.8,
    timeToAnswer: { n: 7, meanSeconds: 44, p90Seconds: 76 },
    queueTime: { queued: 3, bands: { '<1': 1, '1-3': 2, '3-5': 0, '>5': 0 }, p90Band: 'x' },
    durationBands: { '<5': 3, '5-15': 2, '15-30': 1, '>30': 1 },
  });
  t.equal(body.operational.series.length, 31, 'one bucket per day');
  const day = (d: string) => body.operational.series.find((s: { bucket: string }) => s.bucket === d);
  t.match(day('2025-03-03'), { calls: 8, answered: 6, timeToAnswer: { n: 6, meanSeconds: 35, p90Seconds: 55 } });
  t.match(day('2025-03-05'), { calls: 1, answered: 1, timeToAnswer: { n: 1, meanSeconds: 'x', p90Seconds: 'x' } }, 'an average over fewer than minCell calls is suppressed');
  t.match(day('2025-03-10'), { calls: 0, abandonRate: null, timeToAnswer: { meanSeconds: null } });
  t.equal(body.operational.heatMap.calls[0][10], 8, 'Monday 10–11: eight calls');
  t.equal(body.operational.heatMap.unanswered[0][10], 2, 'two of them nobody took');
  t.equal(body.operational.heatMap.calls[1][22], 3);
  t.equal(body.operational.heatMap.unanswered[1][22], 0, 'closed and blocked calls were not offered');

  const weeks = (await app.inject({ method: 'GET', url: '/api/stats?from=2025-03-01&to=2025-03-31&granularity=week', headers: { cookie: supervisor } })).json();
  t.same(weeks.operational.series.map((s: { bucket: string }) => s.bucket), ['2025-02-24', '2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31']);
  t.equal(weeks.operational.series[1].calls, 12);
  t.match(body.caseMix.periods, [{ period: '2025-03', available: true }]);
  const march = body.caseMix.periods[0];
  const callerType = march.tables.find((x: { table: string }) => x.table === 'callerType');
  t.equal(march.total, 'x', 'seven calls with an outcome: the total hides with its small cells');
  t.match(callerType.rows.find((r: { value: string }) => r.value === 'relative_or_friend'), { count: '<5', percent: 'x' });
  t.not(callerType.rows.find((r: { value: string }) => r.value === 'perpetrator_self').count, 6, 'the 6 beside a lone <5 under a shown total is hidden too');
});

t.test('case-mix of January 2025: shown counts exact, small ones <5, and the quarter agrees with its months', async (t) => {
  const { app, admin } = await fixture(t);
  const res = await app.inject({ method: 'GET', url: '/api/stats?from=2025-01-01&to=2025-01-31', headers: { cookie: admin } });
  t.equal(res.statusCode, 200, res.body);
  const jan = res.json().caseMix.periods[0];
  t.match(jan, { period: '2025-01', available: true, total: 20 });
  const table = (name: string) => jan.tables.find((x: { table: string }) => x.table === name);
  t.same(table('outcome').rows.filter((r: { count: number }) => r.count !== 0).map((r: { value: string; count: number; percent: number }) => [r.value, r.count, r.percent]),
    [['consented_to_followup', 6, 30], ['information_only', 14, 70]]);
  t.same(table('gender').rows.filter((r: { count: number }) => r.count !== 0).map((r: { value: string; count: number }) => [r.value, r.count]), [['male', 15], ['female', 5]]);
  const callerType = table('callerType').rows;
  t.equal(callerType.find((r: { value: string }) => r.value === 'professional').count, '<5');
  const hidden = callerType.filter((r: { count: unknown }) => typeof r.count === 'string');
  t.ok(hidden.length >= 2, 'a lone small cell under a shown total gets company');
  const truth: Record<string, number> = { perpetrator_self: 12, relative_or_friend: 6, professional: 2 };
  for (const r of callerType) if (typeof r.count === 'number') t.equal(r.count, truth[r.value] ?? 0, `${r.value} shown as it is`);
  t.match(table('behaviours').rows.find((r: { value: string }) => r.value === 'calls_sms'), { count: 13, percent: 65 });
  t.match(table('behaviours').rows.find((r: { value: string }) => r.value === 'showing_up'), { count: '<5', percent: 'x' });
  const threats = table('riskFlags').rows.find((r: { value: string }) => r.value === 'threats_to_kill');
  t.match(threats, { yes: { count: '<5' }, no: { count: 9, percent: 45 }, unknown: { count: 'x' } }, 'yes 3, no 9, unknown 8: the 3 and the smallest other hidden');

  const q1 = (await app.inject({ method: 'GET', url: '/api/stats?from=2025-01-01&to=2025-03-31', headers: { cookie: admin } })).json();
  t.equal(q1.caseMix.grain, 'quarter');
  const quarter = q1.caseMix.periods[0];
  // January's 20 and February's 0 are shown, March's 7 is hidden: a shown quarter total would give March's back.
  t.match(quarter, { period: '2025-Q1', total: 'x' }, 'the quarter total hides the hidden March total');
  const outcomeByCaller = quarter.tables.find((x: { table: string }) => x.table === 'callerType×outcome');
  t.ok(outcomeByCaller, 'a quarter has its crossings');
  t.equal(outcomeByCaller.total, 'x', 'one total, wherever it is shown');
  const quarterCaller = quarter.tables.find((x: { table: string }) => x.table === 'callerType').rows.find((r: { value: string }) => r.value === 'perpetrator_self');
  t.not(quarterCaller.count, 18, 'nor the quarter\'s 18 callers who stalk (12 in January, shown) beside March\'s hidden 6');
  const months = (await app.inject({ method: 'GET', url: '/api/stats?from=2025-01-01&to=2025-03-31&caseMix=month', headers: { cookie: admin } })).json();
  t.same(months.caseMix.periods.map((p: { period: string }) => p.period), ['2025-01', '2025-02', '2025-03']);
  t.same(months.caseMix.periods[0], jan, 'January reads the same alone and beside its quarter');
});

t.test('a period that has not ended, or is settling, gives no case-mix', async (t) => {
  const { app, supervisor } = await fixture(t);
  const june = (await app.inject({ method: 'GET', url: '/api/stats?from=2025-06-01&to=2025-06-30', headers: { cookie: supervisor } })).json();
  t.same(june.caseMix.periods, [{ period: '2025-06', from: '2025-06-01', to: '2025-06-30', available: false, reason: 'not_ended', availableFrom: '2025-07-04' }]);
  t.equal(june.operational.total.calls, 8, 'operational figures for any period');
  t.notMatch(JSON.stringify(june), /information_only/, 'no case-mix value at all');
  const year = (await app.inject({ method: 'GET', url: '/api/stats?from=2025-01-01&to=2025-12-31', headers: { cookie: supervisor } })).json();
  t.match(year.caseMix.periods, [{ period: '2025', available: false, reason: 'not_ended' }]);
});

t.test('CSV and JSON carry the same cells; the header names period, threshold and method', async (t) => {
  const { app, supervisor } = await fixture(t);
  const url = '/api/stats?from=2025-01-01&to=2025-03-31&caseMix=month&granularity=month';
  const json = (await app.inject({ method: 'GET', url, headers: { cookie: supervisor } })).json();
  const csv = await app.inject({ method: 'GET', url: url.replace('/api/stats', '/api/stats.csv'), headers: { cookie: supervisor } });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.match(csv.headers['content-disposition'], /attachment; filename="stopline-stats-2025-01-01-2025-03-31.csv"/);
  const lines = csv.body.trim().split('\r\n');
  t.match(lines[1], /^# period: 2025-01-01 to 2025-03-31/);
  t.match(lines[2], /^# threshold: minCell 5; counts 1 to 4 are shown as <5; x is a count hidden to protect another/);
  t.match(lines[3], /^# method: /);
  t.equal(lines[4], 'section,period,table,attribute,value,attribute2,value2,count');
  const rows = new Map(lines.slice(5).map((l) => {
    const f = l.split(',');
    return [f.slice(0, 7).join(','), f[7]];
  }));
  let checked = 0;
  for (const p of json.caseMix.periods) {
    for (const tb of p.tables) {
      if (tb.kind === 'one-way' || tb.kind === 'set') {
        for (const r of tb.rows) {
          t.equal(rows.get(`caseMix,${p.period},${tb.table},${tb.attribute},${r.value},,`), String(r.count ?? ''), `${p.period} ${tb.table} ${r.value}`);
          checked++;
        }
      } else if (tb.kind === 'flags') {
        for (const r of tb.rows) for (const a of ['yes', 'no', 'unknown']) {
          t.equal(rows.get(`caseMix,${p.period},riskFlags,riskFlags.${r.value},${a},,`), String(r[a].count ?? ''));
          checked++;
        }
      }
    }
  }
  for (const s of json.operational.series) {
    t.equal(rows.get(`operational,${s.bucket},calls,status,answered,,`), String(s.answered));
    t.equal(rows.get(`operational,${s.bucket},timeToAnswer,statistic,meanSeconds,,`), String(s.timeToAnswer.meanSeconds ?? ''));
  }
  t.ok(checked > 300, `${checked} case-mix cells compared`);
  t.equal(rows.get('operational,2025-01-01/2025-03-31,calls,status,calls,,'), String(json.operational.total.calls));

  const audit = await app.infra.db.query<{ actor: string; details: { format: string } }>(`SELECT actor, details FROM audit_log WHERE action = 'stats.exported' ORDER BY seq`);
  t.same(audit.rows.map((r) => [r.actor, (typeof r.details === 'string' ? JSON.parse(r.details) : r.details).format]), [['sofie', 'json'], ['sofie', 'csv']], 'each export audited');
});

t.test('roles: supervisors and admins only', async (t) => {
  const { app, psychologist } = await fixture(t);
  for (const url of ['/api/stats?from=2025-01-01&to=2025-01-31', '/api/stats.csv?from=2025-01-01&to=2025-01-31']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 401, `anonymous: 401 on ${url}`);
    const res = await app.inject({ method: 'GET', url, headers: { cookie: psychologist } });
    t.equal(res.statusCode, 403, `psychologist: 403 on ${url}`);
    t.notMatch(res.body, /information_only|perpetrator/);
  }
});

t.test('bad parameters: 400 naming the field', async (t) => {
  const { app, supervisor } = await fixture(t);
  const cases: Array<[string, string]> = [
    ['from=2025-13-01&to=2025-12-31', 'querystring.from'],
    ['to=2025-12-31', 'querystring.from'],
    ['from=2025-01-01&to=2024-12-31', 'querystring.to'],
    ['from=2010-01-01&to=2025-12-31', 'querystring.to'],
    ['from=2025-01-01&to=2025-01-31&granularity=hour', 'querystring.granularity'],
    ['from=2025-01-01&to=2025-01-31&caseMix=decade', 'querystring.caseMix'],
    ['from=2025-01-01&to=2025-01-31&cross=region×motivation', 'querystring.cross'],
    ['from=2025-01-01&to=2025-01-31&callId=1', 'querystring'],
  ];
  for (const [query, field] of cases) {
    const res = await app.inject({ method: 'GET', url: `/api/stats?${query}`, headers: { cookie: supervisor } });
    t.equal(res.statusCode, 400, query);
    t.ok(res.json().fields.includes(field), `${query}: names ${field} (${res.json().fields})`);
  }
});
