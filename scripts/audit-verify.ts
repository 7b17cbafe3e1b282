// npm run audit:verify: recomputes the audit log's hash chain; exit code 1 when a row was changed, removed or inserted.
import { verifyAuditChain } from '../src/modules/audit/index.js';
import { withDatabase } from './cli-support.js';

await withDatabase(async (db) => {
  const result = await verifyAuditChain(db, (rows) => {
    if (rows > 0 && rows % 10_000 === 0) process.stderr.write(`  ${rows} rows checked…\n`);
  });
  if (result.ok) {
    process.stdout.write(`Audit log intact: ${result.rows} rows, chain verified.\n`);
    return 0;
  }
  process.stdout.write(`Audit log BROKEN at row ${result.firstBad!.seq}: ${result.firstBad!.problem}. ${result.rows} rows before it are intact.\n`);
  return 1;
});
