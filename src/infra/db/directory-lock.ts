import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { Logger } from 'pino';

export class DirectoryLockedError extends Error {
  override name = 'DirectoryLockedError';
}

export interface DirectoryLock {
  release(): void;
}

/**
 * Makes this process the only owner of an embedded database directory. Two processes opening one PGlite
 * directory corrupt it, so a second one must stop with a clear message. A lock left by a dead process is taken over.
 */
export function acquireDirectoryLock(lockPath: string, logger: Logger): DirectoryLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(lockPath, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new DirectoryLockedError(
        `The embedded database is in use by another Stopline process (pid ${owner}; lock file ${lockPath}). ` +
          'Stop that process first, or set DATABASE_URL=postgres://… to share a PostgreSQL database between processes.',
      );
    }
    logger.warn({ lockPath, stalePid: owner }, 'taking over a lock left by a process that is no longer running');
    rmSync(lockPath, { force: true });
  }
  throw new DirectoryLockedError(`Could not take the lock file ${lockPath}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
