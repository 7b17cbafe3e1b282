// npm run partner -- add --name "Københavns Politi" | list | revoke --name "…" | revoke --id UUID
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { appendAudit } from '../src/modules/audit/audit-log.js';
import { addPartner, DuplicatePartnerError, listPartners, revokePartner } from '../src/modules/followups/index.js';
import { localParts } from '../src/infra/local-time.js';
import { UsageError, withDatabase } from './cli-support.js';

const USAGE = `Usage:
  npm run partner -- add --name "Agency name"     prints the agency's API key once (only its hash is stored)
  npm run partner -- list
  npm run partner -- revoke --name "Agency name"  (or --id UUID): the key stops working at once`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, id: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
});

const nameSchema = z.string().trim().min(1, 'name: must not be empty').max(120, 'name: at most 120 characters');

await withDatabase(async (db, config) => {
  const [command] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const today = localParts(new Date(), config.settings.timezone).date;
  switch (command) {
    case 'add': {
      if (values.name === undefined) throw new UsageError(`--name is required\n\n${USAGE}`);
      const parsed = nameSchema.safeParse(values.name);
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
      try {
        const { partner, key } = await addPartner(db, parsed.data, today);
        await appendAudit(db, { actor: 'cli', action: 'partner.added', subject: partner.id, details: { name: partner.name } });
        process.stdout.write(`Added ${partner.name} (${partner.id}).\nIts API key, shown this once (send it to the agency by a safe channel):\n\n  ${key}\n\n`);
      } catch (err) {
        if (err instanceof DuplicatePartnerError) throw new UsageError(err.message);
        throw err;
      }
      return 0;
    }
    case 'list': {
      const partners = await listPartners(db);
      if (partners.length === 0) process.stdout.write('No partners yet. Add one with: npm run partner -- add --name "…"\n');
      for (const p of partners) process.stdout.write(`${p.id}  ${p.name.padEnd(40)} added ${p.createdOn}  ${p.revokedOn ? `REVOKED ${p.revokedOn}` : 'active'}\n`);
      return 0;
    }
    case 'revoke': {
      if (values.name === undefined && values.id === undefined) throw new UsageError(`--name or --id is required\n\n${USAGE}`);
      if (values.id !== undefined && !z.uuid().safeParse(values.id).success) throw new UsageError('--id must be a UUID (see: npm run partner -- list)');
      const revoked = await revokePartner(db, { ...(values.id ? { id: values.id } : {}), ...(values.name ? { name: values.name } : {}) }, today);
      if (!revoked) throw new UsageError('No active partner by that name or id');
      await appendAudit(db, { actor: 'cli', action: 'partner.revoked', subject: revoked.id, details: { name: revoked.name } });
      process.stdout.write(`Revoked the key of ${revoked.name}\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}"\n\n${USAGE}`);
  }
});
