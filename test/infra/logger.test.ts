import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger, scrubForLog } from '../../src/infra/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('trace', stream), text: () => lines.join('') };
}

const NUMBERS = ['+4512345678', '+14158675309', '+266696687'];

t.test('caller fields, secrets and phone numbers never reach a log line, at any depth', async (t) => {
  const { logger, text } = capture();
  const twilioParams = {
    CallSid: 'CA0123456789abcdef0123456789abcdef', From: NUMBERS[0], Caller: NUMBERS[0], FromCity: 'KØBENHAVN',
    FromZip: '2100', CallerName: 'JENS HANSEN', ForwardedFrom: NUMBERS[1], StirVerstat: 'TN-Validation-Passed-A',
  };
  logger.info({ params: twilioParams }, 'webhook');
  logger.warn({ deep: { deeper: { list: [{ from: NUMBERS[2] }, { Password: 'hunter2hunter2' }] } } }, 'nested');
  logger.error(new Error(`could not dial ${NUMBERS[1]}`), 'dial failed');
  logger.info({ err: new Error(`bad number %2B4512345678`) }, 'encoded');
  logger.info(`caller ${NUMBERS[0]} in the message itself`);
  logger.info({ headers: { cookie: 'stopline_session=abc', authorization: 'Bearer partner-key', 'x-twilio-signature': 'sig' } }, 'headers');
  logger.child({ module: 'x', caller: '+4599999999' }).info({ contact: { phone: '+4587654321', name: 'Alias' } }, 'child logger');

  const out = text();
  for (const secret of [...NUMBERS, '4512345678', '+4587654321', '+4599999999', 'KØBENHAVN', '2100', 'JENS HANSEN', 'TN-Validation', 'hunter2', 'stopline_session=abc', 'partner-key', 'Alias']) {
    t.notOk(out.includes(secret), `"${secret}" is not in the log`);
  }
  t.match(out, /CA0123456789abcdef0123456789abcdef/, 'non-identifying fields are kept');
  t.match(out, /could not dial \[number\]/, 'a number in an error message is masked');
  t.equal(out.trim().split('\n').length, 7, 'every line was written');
});

t.test('scrubForLog leaves ordinary values alone', async (t) => {
  t.same(scrubForLog({ status: 'ringing', count: 3, ok: true, when: null }), { status: 'ringing', count: 3, ok: true, when: null });
  t.equal(scrubForLog('call 123 answered after 45 s'), 'call 123 answered after 45 s');
  t.equal(scrubForLog(Buffer.from('x')), '[bytes]');
});
