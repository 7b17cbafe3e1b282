import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.tap/', 'data/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The caller's number must never be logged: forbid passing Twilio's caller fields to a logger directly.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(info|warn|error|debug|trace|fatal)$/] MemberExpression[property.name=/^(From|Caller|CallerName|FromCity|FromZip)$/]",
          message: 'Caller fields must never reach a log line (DESIGN §2).',
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
