// The line settings cache: a save on one instance reaches another instance's next call within its recheck interval,
// without asking Redis on every call (that cost the webhook one round trip per call).
import t from 'tap';
import { LineSettingsStore } from '../../../src/modules/rota/index.js';
import { redisAvailable, testConfig, testInfra } from '../../helpers/services.js';

t.test('another instance sees a saved closure within the recheck interval, and not before it asks', async (t) => {
  if (!(await redisAvailable(t))) return;
  const config = await testConfig(t, 'pglite');
  const infra = await testInfra(t, config);
  const here = new LineSettingsStore(infra.db, infra.redis.client, config.settings, 5_000, 200);
  const there = new LineSettingsStore(infra.db, infra.redis.client, config.settings, 5_000, 200);

  const first = await there.current();
  t.same(first.closures, [], 'no closures before the save');
  const redisCalls: string[] = [];

  await infra.db.transaction((tx) => here.save(tx, { ...first, closures: [{ date: '2030-12-24', note: 'Juleaftensdag' }] }));
  await here.announce();
  t.same((await here.current()).closures.map((c) => c.date), ['2030-12-24'], 'the saving instance sees it at once');

  // Within the recheck interval the other instance answers from its copy, without a Redis round trip.
  const get = infra.redis.client.get.bind(infra.redis.client);
  infra.redis.client.get = ((...args: Parameters<typeof get>) => {
    redisCalls.push(String(args[0]));
    return get(...args);
  }) as typeof get;
  t.teardown(() => {
    infra.redis.client.get = get;
  });
  t.same((await there.current()).closures, [], 'a read inside the interval uses the copy');
  t.equal(redisCalls.length, 0, 'and asks Redis nothing');

  await new Promise((resolve) => setTimeout(resolve, 250));
  t.same((await there.current()).closures.map((c) => c.date), ['2030-12-24'], 'after the interval it picks up the save');
  t.equal(redisCalls.length, 1, 'with one version check');
});
