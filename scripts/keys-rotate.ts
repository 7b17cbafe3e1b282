// npm run keys:rotate: re-wraps every follow-up data key under the current CONTACT_KEY.
// Set CONTACT_KEY to the new key and CONTACT_KEY_PREVIOUS to the old one(s), run this, then drop CONTACT_KEY_PREVIOUS.
import { ContactKeys, rewrapDataKeys } from '../src/modules/followups/index.js';
import { appendAudit } from '../src/modules/audit/audit-log.js';
import { withDatabase } from './cli-support.js';

await withDatabase(async (db, config) => {
  const keys = new ContactKeys(config.contactKey, config.previousContactKeys);
  const result = await rewrapDataKeys(db, keys);
  await appendAudit(db, { actor: 'cli', action: 'contact_keys.rotated', details: { ...result, keyId: keys.currentId } });
  process.stdout.write(`Re-wrapped ${result.rewrapped} data key(s) under key ${keys.currentId}; ${result.current} follow-up(s) now use it.\n`);
  if (result.unknownKey > 0) {
    process.stdout.write(`${result.unknownKey} data key(s) were wrapped by a key that is not configured: add it to CONTACT_KEY_PREVIOUS and run again.\n`);
    return 1;
  }
  return 0;
});
