import { Queue, Worker, type DefaultJobOptions, type Processor, type WorkerOptions } from 'bullmq';
import type { RedisHandle } from './redis.js';

/** BullMQ keys live beside the app's other keys, under `${prefix}:bull`. */
export const bullPrefix = (redis: RedisHandle) => `${redis.prefix}:bull`;

/** A producer: fails fast while Redis is away, so a request answers 503 instead of hanging. */
export function createQueue(redis: RedisHandle, name: string, defaultJobOptions?: DefaultJobOptions): Queue {
  return new Queue(name, { connection: redis.newConnection(), prefix: bullPrefix(redis), ...(defaultJobOptions ? { defaultJobOptions } : {}) });
}

/** A consumer: its connection waits for Redis to come back, and it picks up where it left off. */
export function createWorker(redis: RedisHandle, name: string, processor: Processor, options: Partial<WorkerOptions> = {}): Worker {
  return new Worker(name, processor, {
    connection: redis.newBlockingConnection(),
    prefix: bullPrefix(redis),
    concurrency: 4,
    ...options,
  });
}
