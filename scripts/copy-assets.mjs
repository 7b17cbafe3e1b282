// After `tsc`, copy what the compiled code reads at run time: each module's SQL migrations and the default config.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

for (const module of readdirSync('src/modules')) {
  const dir = join('src/modules', module, 'migrations');
  if (existsSync(dir)) cpSync(dir, join('dist', dir), { recursive: true });
}
cpSync('config', 'dist/config', { recursive: true });
console.log('copied migrations and config into dist/');
