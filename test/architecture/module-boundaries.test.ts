import { join } from 'node:path';
import { ESLint } from 'eslint';
import t from 'tap';

// The boundary rule of eslint.config.js (`npm run check` runs it over the tree): a module reaches another only
// through its index.ts. Here it is shown to fail on a violation and to pass the allowed forms.
const root = join(import.meta.dirname, '../..');
const RULE = 'stopline/module-boundaries';

async function boundaryErrors(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

t.test('importing another module\'s file other than its index.ts is an error', async (t) => {
  t.match(await boundaryErrors("import { findUserById } from '../auth/users-repository.js';\nexport { findUserById };\n", 'src/modules/calls/example.ts'), [
    /'\.\.\/auth\/users-repository\.js' reaches into the auth module/,
  ]);
  t.equal((await boundaryErrors("export { liveConsoleView } from '../../telephony/console-view.js';\n", 'src/modules/console/sub/example.ts')).length, 1, 'a re-export from a subfolder too');
  t.equal((await boundaryErrors("export const m = () => import('../rota/on-call.js');\n", 'src/modules/telephony/example.ts')).length, 1, 'a dynamic import too');
});

t.test('a module\'s own files, another module\'s index.ts and infra are allowed', async (t) => {
  const code = [
    "import { requireRole } from '../auth/index.js';",
    "import { localParts } from '../../infra/local-time.js';",
    "import { callsRoutes } from './routes.js';",
    'export { requireRole, localParts, callsRoutes };',
    '',
  ].join('\n');
  t.same(await boundaryErrors(code, 'src/modules/calls/example.ts'), []);
  t.same(await boundaryErrors("import { findUserById } from '../src/modules/auth/users-repository.js';\nexport { findUserById };\n", 'scripts/example.ts'), [], 'outside src/modules the rule does not apply');
});

t.test('no file under src/modules breaks the rule today', async (t) => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['src/modules']);
  const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${r.filePath}:${m.line} ${m.message}`));
  t.same(violations, []);
});
