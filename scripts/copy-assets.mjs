// After `tsc`, copy what the compiled code reads at run time: every SQL migration and Lua script under src/ (each
// module keeps its own beside its code), and the default config.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ASSET = /\.(sql|lua)$/;
let copied = 0;
for (const entry of readdirSync('src', { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !ASSET.test(entry.name)) continue;
  const from = join(entry.parentPath ?? entry.path, entry.name); // .path before Node 20.12
  cpSync(from, join('dist', from));
  copied++;
}
cpSync('config', 'dist/config', { recursive: true });
console.log(`copied ${copied} SQL and Lua files and the config into dist/`);
