// The shipped build carries no development code: the simulator, the fake Twilio REST API, the benchmarks and the
// helpers tests and benchmarks share live in dev/, and must stay out of dist/ and out of the Docker image.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** The project's own files (not node_modules) a tsconfig compiles, as paths relative to the root with `/`. */
async function compiledFiles(tsconfig: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig, '--listFilesOnly'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((file) => relative(root, file).split(sep).join('/'))
    .filter((file) => !file.startsWith('node_modules/') && !file.startsWith('../'));
}

// Both lists at once: each is a whole type-check's worth of module resolution.
const lists = Promise.all([compiledFiles('tsconfig.build.json'), compiledFiles('tsconfig.json')]);

t.test('the shipped build compiles src/ and scripts/ only, so nothing under dev/ reaches dist/', async (t) => {
  const [shipped] = await lists;
  t.ok(shipped.includes('src/server.ts') && shipped.includes('scripts/user.ts'), 'the list is the real one');
  // An import of dev/ from src/ or scripts/ would pull the file in here, whatever `include` says.
  t.same(shipped.filter((file) => file.startsWith('dev/')), [], 'no file under dev/');
  t.same(shipped.filter((file) => !/^(src|scripts)\//.test(file)), [], 'nothing outside src/ and scripts/');
  t.same(shipped.filter((file) => /simulat|fake-twilio|bench/.test(file)), [], 'no simulator, fake Twilio or benchmark');
});

t.test('dev/ is still type-checked (npm run check), so the check above sees dev files where they are compiled', async (t) => {
  const [, checked] = await lists;
  for (const file of ['dev/simulate.ts', 'dev/simulator/caller.ts', 'dev/fake-twilio/fake-twilio.ts', 'dev/support/twilio-driver.ts', 'dev/bench/bench-events.ts']) {
    t.ok(checked.includes(file), file);
  }
});

t.test('the Docker image gets no dev/', async (t) => {
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim().replace(/^\/|\/$/g, ''));
  t.ok(ignored.includes('dev'), '.dockerignore leaves dev/ out of the build context');
  const copies = readFileSync(join(root, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .map((line) => line.trim().split(/\s+/).slice(1).filter((word) => !word.startsWith('--')).slice(0, -1));
  t.ok(copies.length > 0, 'the Dockerfile copies from the context');
  for (const sources of copies) {
    for (const source of sources) t.notOk(source === '.' || source === './' || /^(\.\/)?dev(\/|$)/.test(source), `COPY ${source}`);
  }
});
