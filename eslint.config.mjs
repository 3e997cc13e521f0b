// Lint enforces the walls between layers (see DEVELOPERS.md / HOUSE.md):
// only src/extension imports `vscode` at run time; src/webview imports only src/common;
// src/runtime and src/providers import neither `vscode` nor webview or extension code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const vscodeAtRuntime = { name: 'vscode', message: 'Only src/extension may import vscode at run time (type-only imports are fine).', allowTypeImports: true };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/common/**/*.ts', 'src/runtime/**/*.ts', 'src/providers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeAtRuntime],
        patterns: [{ group: ['**/extension/**', '**/extension', '**/webview/**', '**/webview'], message: 'The core knows no editor and no webview.' }],
      }],
    },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeAtRuntime],
        patterns: [{ group: ['**/extension/**', '**/webview/**', '**/runtime/**', '**/providers/**'], message: 'src/common is shared by every layer and imports none of them.' }],
      }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser; it reaches VS Code only through src/common/protocol.ts.' }],
        patterns: [
          { group: ['**/extension/**', '**/runtime/**', '**/providers/**', '**/extension', '**/runtime', '**/providers'], message: 'src/webview imports only src/common.' },
          { group: ['node:*'], message: 'The webview runs in a browser: no Node modules.' },
        ],
      }],
    },
  },
  {
    // Tooling that npm start and the bench use: tests may import it, never the other way round.
    files: ['harness/**/*.ts', 'harness/**/*.mjs'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/test/**', '**/test'], message: 'harness/ is tooling shared by npm start, the bench and the tests; it imports nothing from test/.' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-empty-object-type': 'off' },
  },
);
