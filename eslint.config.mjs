// Lint: typescript-eslint's recommended rules with type information off (tsc
// checks types in `npm test`), plus the few rules this code base relies on.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'generated/', 'test-output/', '.asmx-run/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused names prefixed with _ are intended (destructuring a field away, an unused callback argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Errors are thrown as typed errors; a bare rethrow of an unknown is fine.
      'no-useless-catch': 'off',
      eqeqeq: ['error', 'always'],
      // The package matches control characters on purpose: to refuse them in input and neutralize them in output.
      'no-control-regex': 'off',
      'no-console': 'error',
    },
  },
  {
    // Tests, scripts, the bench and the example app write to the console on purpose.
    files: ['test/**', 'scripts/**', 'bench/**', 'examples/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
