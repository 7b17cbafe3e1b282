import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

/**
 * A Lua script kept as a file of its own, in the manner of BullMQ's: a header of `--` comment lines names every
 * KEYS[n] and ARGV[n] it uses, and the number of keys is read from that header, so the header cannot drift from
 * what the script is called with. ioredis `defineCommand` runs it by SHA (EVALSHA) and reloads it on NOSCRIPT.
 */
export interface RedisScript {
  /** The command name ioredis defines it under: the file name in camelCase (`claim-end.lua` → `claimEnd`). */
  name: string;
  numberOfKeys: number;
  numberOfArgs: number;
  lua: string;
}

export class RedisScriptHeaderError extends Error {
  override name = 'RedisScriptHeaderError';
}

/** Loads a script file and checks that its header names exactly the KEYS and ARGV entries its body uses. */
export function loadRedisScript(file: URL): RedisScript {
  const lua = readFileSync(file, 'utf8');
  const fileName = basename(fileURLToPath(file));
  const lines = lua.split('\n');
  const firstCode = lines.findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('--'));
  const header = lines.slice(0, firstCode === -1 ? lines.length : firstCode).join('\n');
  const body = lines.slice(firstCode === -1 ? lines.length : firstCode).join('\n');

  const declared = (kind: 'KEYS' | 'ARGV') => [...header.matchAll(new RegExp(`^--\\s*${kind}\\[(\\d+)\\]`, 'gm'))].map((m) => Number(m[1]));
  const used = (kind: 'KEYS' | 'ARGV') => new Set([...body.matchAll(new RegExp(`${kind}\\[(\\d+)\\]`, 'g'))].map((m) => Number(m[1])));
  const count = (kind: 'KEYS' | 'ARGV') => {
    const names = declared(kind);
    if (names.some((n, i) => n !== i + 1)) {
      throw new RedisScriptHeaderError(`${fileName}: the header must name ${kind}[1], ${kind}[2], … in order (found ${names.join(', ') || 'none'})`);
    }
    const unnamed = [...used(kind)].filter((n) => n < 1 || n > names.length);
    if (unnamed.length) throw new RedisScriptHeaderError(`${fileName}: ${kind}[${unnamed.join('], [')}] used but not named in the header`);
    return names.length;
  };

  const name = fileName.replace(/\.lua$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return { name, numberOfKeys: count('KEYS'), numberOfArgs: count('ARGV'), lua };
}

/**
 * Defines scripts on a connection (once each). Call it when the connection is made, before it carries traffic: with
 * auto-pipelining on, a script defined while a pipeline is already gathering commands is missing from that pipeline,
 * and ioredis then fails the whole batch with an uncaught TypeError ("results[i] is not iterable") that ends the
 * process (redis/ioredis#1931). test/infra/redis-scripts.test.ts shows it.
 */
export function defineRedisScripts(redis: Redis, scripts: readonly RedisScript[]): void {
  for (const script of scripts) {
    if (!Object.hasOwn(redis, script.name)) redis.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
}

export class RedisScriptNotDefinedError extends Error {
  override name = 'RedisScriptNotDefinedError';
}

/** Runs a script defined on the connection with `defineRedisScripts` (keys get the connection's key prefix). */
export function runRedisScript(redis: Redis, script: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  if (keys.length !== script.numberOfKeys || args.length !== script.numberOfArgs) {
    throw new RangeError(`${script.name} takes ${script.numberOfKeys} keys and ${script.numberOfArgs} arguments (got ${keys.length} and ${args.length})`);
  }
  // Not defined lazily here: defining it now, in traffic, is what crashes an auto-pipelined connection (above).
  if (!Object.hasOwn(redis, script.name)) {
    throw new RedisScriptNotDefinedError(`the Redis script ${script.name} is not defined on this connection: call defineRedisScripts when the connection is made`);
  }
  const commands = redis as unknown as Record<string, (...params: (string | number)[]) => Promise<unknown>>;
  return commands[script.name]!(...keys, ...args);
}
