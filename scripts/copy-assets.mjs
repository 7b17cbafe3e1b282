// After `tsc`, copy what the compiled code reads at run time: SQL migrations and the default config.
import { cpSync } from 'node:fs';

cpSync('src/infra/db/migrations', 'dist/src/infra/db/migrations', { recursive: true });
cpSync('config', 'dist/config', { recursive: true });
console.log('copied migrations and config into dist/');
