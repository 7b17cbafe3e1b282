// Deadlines and contact windows follow the line as admins set it (the line settings in the database), not only the
// config file's first values: a closure saved in the admin area moves the next follow-up's deadline.
import t from 'tap';
import { addWorkingDays } from '../../../src/modules/followups/working-days.js';
import { redisAvailable } from '../../helpers/services.js';
import { createFollowup, followupFixture } from '../../helpers/followups.js';

t.test('a closure saved in the line settings is skipped by the next deadline', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, psychologist } = await followupFixture(t);
  const dueDateOf = async (id: string) => {
    const list = await app.inject({ method: 'GET', url: '/api/followups', headers: { cookie: psychologist } });
    return (list.json() as Array<{ id: string; dueDate: string }>).find((f) => f.id === id)!.dueDate;
  };
  const before = await createFollowup(app, psychologist, { phone: '+4521436590', smsAllowed: false });
  t.equal(before.statusCode, 201);
  const firstDue = await dueDateOf(before.json().id as string);

  // Close the line on the deadline day itself: that day no longer counts as a working day.
  const store = app.rota.lineSettings;
  const line = await store.current();
  await app.infra.db.transaction((tx) => store.save(tx, { ...line, closures: [...line.closures, { date: firstDue, note: 'test' }] }));
  await store.announce();

  const after = await createFollowup(app, psychologist, { phone: '+4521436591', smsAllowed: false });
  t.equal(after.statusCode, 201);
  const secondDue = await dueDateOf(after.json().id as string);
  t.ok(secondDue > firstDue, `the deadline moved past the closure (${firstDue} → ${secondDue})`);
  t.equal(secondDue, addWorkingDays(firstDue, 1, [firstDue]), 'to the next working day after it');
});
