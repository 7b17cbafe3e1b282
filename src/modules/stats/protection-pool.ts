// The main thread's side of the protection worker (protection-worker.ts): one worker per app, started on the first
// statistics request, fed one request at a time in the order they came (the worker is single-threaded anyway, and a
// crash then loses only the request it was working on). A crashed worker is logged and replaced by the next
// request; the request it was working on answers 503. The worker keeps the process alive only while it has work.
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HttpError } from '../../infra/http-errors.js';
import type { CaseMixOutcome, CaseMixRequest } from './case-mix-figures.js';

export type WorkerRequest = { kind: 'figures'; id: number; request: CaseMixRequest } | { kind: 'clear' };
export type WorkerReply =
  | { id: number; ok: true; outcome: CaseMixOutcome }
  | { id: number; ok: false; error: { name: string; message: string; stack: string } };

export interface PoolLog {
  error(obj: object, msg: string): void;
}

/**
 * The worker's file beside this one, with this file's own extension: `.ts` when run from the sources under tsx
 * (the worker inherits the `--import tsx` of the process), `.js` in the compiled build.
 */
export const PROTECTION_WORKER_URL = new URL(`./protection-worker${extname(new URL(import.meta.url).pathname)}`, import.meta.url);

/**
 * The worker thread running the file. From the TypeScript sources, tsx's hooks are needed in the worker too, and on
 * Node 20 `--import tsx` registers them on the main thread only (the worker inherits the flag, not the hooks): a
 * short bootstrap registers them in the worker before it loads the file. The compiled build loads the file as it is.
 */
function startWorker(url: URL): Worker {
  const name = 'stats-protection';
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { name });
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, name });
}

interface Job {
  id: number;
  request: CaseMixRequest;
  resolve(outcome: CaseMixOutcome): void;
  reject(err: Error): void;
}

function unavailable(): HttpError {
  return new HttpError(503, 'unavailable', 'The statistics could not be computed just now. Nothing was exported; please try again in a moment.', { 'retry-after': '5' });
}

export class ProtectionPool {
  private worker: Worker | undefined;
  private current: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: { log: PoolLog; url?: URL }) {}

  /** The case-mix of one request, computed in the worker after the requests before it. */
  figures(request: CaseMixRequest): Promise<CaseMixOutcome> {
    if (this.closed) return Promise.reject(unavailable());
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.pump();
    });
  }

  /** Forgets the protected chains (a benchmark's cold runs): applies to every request made after this call. */
  clear(): void {
    // A worker not started has nothing cached; a new one starts empty.
    this.worker?.postMessage({ kind: 'clear' } satisfies WorkerRequest);
  }

  /** Stops the worker; requests still waiting answer 503. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(unavailable());
    const worker = this.worker;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.closed || this.current || this.queue.length === 0) return;
    const job = (this.current = this.queue.shift()!);
    const worker = (this.worker ??= this.start());
    worker.ref();
    try {
      worker.postMessage({ kind: 'figures', id: job.id, request: job.request } satisfies WorkerRequest);
    } catch (err) {
      // Not cloneable: a programming error, failed like any other.
      this.current = undefined;
      job.reject(err as Error);
      if (this.queue.length === 0) worker.unref();
      this.pump();
    }
  }

  private start(): Worker {
    const worker = startWorker(this.options.url ?? PROTECTION_WORKER_URL);
    let crash: Error | undefined;
    worker.on('message', (reply: WorkerReply) => {
      const job = this.current;
      if (!job || job.id !== reply.id) return;
      this.current = undefined;
      if (reply.ok) job.resolve(reply.outcome);
      else job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
      if (this.queue.length === 0) worker.unref();
      this.pump();
    });
    worker.on('error', (err) => {
      crash = err;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      const job = this.current;
      this.current = undefined;
      if (this.closed && !crash) {
        job?.reject(unavailable());
        return;
      }
      this.options.log.error({ err: crash, exitCode: code, inFlight: job !== undefined }, 'statistics: the protection worker stopped; the next request starts a new one');
      job?.reject(unavailable());
      this.pump();
    });
    return worker;
  }
}
