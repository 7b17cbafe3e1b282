// The protection worker (docs/architecture.md, "Statistics and disclosure control"): a worker thread that holds the
// year chains and does the suppression, the linear programs and the audit, which take from a fraction of a second
// to a few seconds of pure CPU. On the main thread that time would stop the server answering Twilio's webhooks and the
// console's WebSockets. It never touches the database: the main thread sends it the month snapshots.
import { parentPort } from 'node:worker_threads';
import { CaseMixChains, type CaseMixRequest } from './case-mix-figures.js';
import type { WorkerReply, WorkerRequest } from './protection-pool.js';

const port = parentPort;
if (!port) throw new Error('protection-worker.ts runs as a worker thread (protection-pool.ts starts it)');

const chains = new CaseMixChains();

port.on('message', (message: WorkerRequest) => {
  if (message.kind === 'clear') {
    chains.clear();
    return;
  }
  let reply: WorkerReply;
  try {
    reply = { id: message.id, ok: true, outcome: chains.figures(message.request satisfies CaseMixRequest) };
  } catch (err) {
    // An error of the computation (not a crash): the request fails as it would have on the main thread.
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id: message.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack ?? '' } };
  }
  port.postMessage(reply);
});
