// The LP solver (HiGHS in WebAssembly, about 30 MB once loaded) is loaded by the statistics' protection worker only:
// neither the server's main thread (src/app.ts) nor the job worker process (src/worker.ts) imports it, directly or
// through the disclosure module's index.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';

const run = promisify(execFile);
const HOOK = new URL('./fixtures/report-solver-loads.mjs', import.meta.url).pathname;

async function solverLoadsWhenImporting(...files: string[]): Promise<string[]> {
  const imports = files.map((f) => `await import(${JSON.stringify(new URL(`../../${f}`, import.meta.url).href)});`).join(' ');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', HOOK, '--input-type=module', '-e', `${imports} process.exit(0);`], { timeout: 60_000 });
  return stdout.split('\n').filter((line) => line.startsWith('SOLVER '));
}

t.test('the app and the job worker do not load the solver', async (t) => {
  t.same(await solverLoadsWhenImporting('src/app.ts', 'src/worker.ts'), []);
});

t.test('the protection worker does (so the check above can see a load)', async (t) => {
  const loads = await solverLoadsWhenImporting('src/modules/stats/case-mix-figures.ts');
  t.ok(loads.some((l) => l.includes('/node_modules/highs/')), loads.join('\n'));
});
