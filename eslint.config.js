import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const MODULES_DIR = resolve(import.meta.dirname, 'src/modules');

/** The module a path lies in (src/modules/<name>/…), and the path inside it. */
function moduleOf(path) {
  const inside = relative(MODULES_DIR, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  const [name, ...rest] = inside.split(sep);
  return rest.length ? { name, rest: rest.join('/') } : undefined;
}

/**
 * A module uses another only through its public face, src/modules/<other>/index.ts (docs/architecture.md, "Modules
 * and their public faces"). Relative imports, re-exports and dynamic imports are checked.
 */
const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'a module imports another module only through its index.ts' },
    messages: { internal: "'{{spec}}' reaches into the {{other}} module: import from '{{other}}/index.js' (its public face) instead." },
    schema: [],
  },
  create(context) {
    const own = moduleOf(context.filename);
    if (!own) return {};
    const check = (source) => {
      const spec = source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = moduleOf(resolve(dirname(context.filename), spec));
      if (!target || target.name === own.name || /^index\.(js|ts)$/.test(target.rest)) return;
      context.report({ node: source, messageId: 'internal', data: { spec, other: target.name } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.tap/', 'data/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
  {
    plugins: { stopline: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'stopline/module-boundaries': 'error',
      // The caller's number must never be logged: forbid passing Twilio's caller fields to a logger directly.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(info|warn|error|debug|trace|fatal)$/] MemberExpression[property.name=/^(From|Caller|CallerName|FromCity|FromZip)$/]",
          message: 'Caller fields must never reach a log line (docs/architecture.md, "Anonymity rules").',
        },
      ],
    },
  },
  {
    // src/shared runs in the browser too (Vite bundles it into the console): no Node APIs, no server code, no packages.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'src/shared imports only its own files (it runs in the browser as well).' }] }],
    },
  },
);
