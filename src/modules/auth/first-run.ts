import type { Logger } from 'pino';
import type { Database } from '../../infra/db/database.js';
import { anyUserExists, issueToken, SETUP_TOKEN_SECONDS } from './one-time-tokens.js';

/**
 * First run: while no user exists, a one-time setup link is issued at each start (the previous one stops working)
 * and written to the log as a line of its own. Printing a secret link is deliberate: the operator who starts the
 * server is the one who may create the first admin. The token is in the message text, which the scrubber leaves
 * alone (it masks keys such as `token` and phone-number-shaped text only). Returns the link, or undefined.
 */
export async function announceSetupLink(db: Database, publicUrl: string, logger: Logger): Promise<string | undefined> {
  if (await anyUserExists(db)) return undefined;
  const token = await issueToken(db, 'setup', null, SETUP_TOKEN_SECONDS);
  const link = `${publicUrl}/setup?token=${token}`;
  logger.info(`No account exists yet. Create the first admin within an hour at: ${link}`);
  return link;
}
