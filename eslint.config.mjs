// Lint holds the walls between the rooms of src/ that ARCHITECTURE.md draws: each room below lists
// every import it may not make, and test/architecture/walls.test.ts proves that each one fails.
// ESLint gives a file matched by several blocks only the last block's options for a rule, so a
// runtime folder's list repeats the runtime's own (built by spreading, not written twice).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layers = ['common', 'extension', 'providers', 'runtime', 'server', 'webview'];

// Import specifiers are matched as written. Within src/, a relative import that climbs (`../`)
// into a folder of one of these names can only mean that layer or top-level folder.
const climbsInto = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;

const pattern = (regex, message, more = {}) => ({ patterns: [{ regex, message, caseSensitive: true, ...more }] });
const packages = (names, message) => ({ paths: names.map((name) => ({ name, message })) });

const noVscode = packages(['vscode'], 'Only src/extension uses the VS Code API, types included: the other layers compile without them (ARCHITECTURE.md).');
const noNode = {
  ...packages(builtinModules, 'Node modules are not here: this code also runs in the webview, a browser.'),
  ...pattern('^node:', 'Node modules are not here: this code also runs in the webview, a browser.'),
};
const noTooling = pattern(climbsInto(['test', 'bench', 'scripts', 'harness']), 'src/ ships; test/, bench/, scripts/ and harness/ do not, so src/ never imports them.');
const noEditor = pattern(climbsInto(['extension', 'webview']), 'The runtime, providers and server run without an editor or a webview.');
const noCommon = pattern(climbsInto(['common']), 'src/common is what the webview and the extension share; the runtime, providers and server have no use for it.');
const noServer = pattern(climbsInto(['server']), 'src/server is a program of its own (the tutor-assistants CLI); nothing imports it.');

// The runtime knows a provider only by its interface; src/server and src/extension pick one.
const onlyProviderTypes = pattern('^(\\.\\./)+providers(?!/types$)(/.*)?$', 'The runtime imports only src/providers/types.ts: the concrete providers and the factory are chosen by src/server and src/extension.');

// Inside the runtime, arrows point down: http → services → engine → tools → fileSearch → store →
// domain. Each folder may import the folders after it and none before it; the files at the top of
// src/runtime (runtime.ts, open.ts, index.ts) assemble them and may import any.
const runtimeOrder = ['http', 'services', 'engine', 'tools', 'fileSearch', 'store', 'domain'];
const whyDown = {
  http: 'Only the HTTP edge (http/) knows routes, status codes and ApiError; code below it never imports it.',
  services: 'Services are called by the edge; the engine, tools, search and store below them never call back up.',
  engine: 'The engine runs runs; the tools, search and store below it never call back into it.',
  tools: 'Built-in tools are called by the engine; search and the store below them never import a tool.',
  fileSearch: 'Retrieval sits on the store; the store never imports it.',
  store: 'domain/ holds the types and errors every runtime folder shares; it imports none of them.',
};
const runtimeFolder = (name) => runtimeOrder.slice(0, runtimeOrder.indexOf(name)).map((above) => pattern(climbsInto([above]), whyDown[above]));
const walls = {
  common: [noVscode, noNode, noTooling, pattern(climbsInto(layers.filter((l) => l !== 'common')), 'src/common is shared by every layer and imports none of them.')],
  webview: [
    packages(['vscode'], 'The webview runs in a browser; it reaches VS Code only through src/common/protocol.ts.'),
    noNode, noTooling,
    pattern(climbsInto(['extension', 'runtime', 'providers', 'server']), 'src/webview imports only src/common and browser packages.'),
  ],
  providers: [noVscode, noEditor, noCommon, noServer, noTooling, pattern(climbsInto(['runtime']), 'Providers are what the runtime calls through src/providers/types.ts; they never import the runtime.')],
  runtime: [noVscode, noEditor, noCommon, noServer, noTooling, onlyProviderTypes],
  server: [noVscode, noEditor, noCommon, noTooling],
  extension: [noTooling, noServer, pattern(climbsInto(['webview']), 'The webview is a bundle of its own: the extension talks to it only through src/common/protocol.ts.')],
};
// The extension's feature rooms are used through their index.ts, one seam each. The chat room
// coordinates the others: only the extension's top level (activation, commands) uses it.
const extensionRooms = ['chat', 'knowledge', 'setup', 'lm', 'lmTools', 'mcp', 'functions', 'editor'];
const throughSeam = (prefix) => pattern(`^${prefix}(${extensionRooms.join('|')})/(?!index$).+`, "An extension room is used through its index.ts, its one seam (ARCHITECTURE.md).");
const chatOnTop = pattern('^\\.\\./chat(/|$)', 'The chat room coordinates the other rooms; only the top level (extension.ts, commands.ts) uses it.');
walls['extension/top'] = [...walls.extension, throughSeam('\\./')];
for (const r of extensionRooms) walls[`extension/${r}`] = [...walls.extension, throughSeam('\\.\\./'), ...(r === 'chat' ? [] : [chatOnTop])];

for (const name of runtimeOrder.slice(1)) walls[`runtime/${name}`] = [...walls.runtime, ...runtimeFolder(name)];

const room = (files, name, extra = {}) => ({
  files,
  ...extra,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: walls[name].flatMap((w) => w.paths ?? []),
      patterns: walls[name].flatMap((w) => w.patterns ?? []),
    }],
  },
});

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
  room(['src/common/**/*.ts'], 'common'),
  room(['src/webview/**/*.ts'], 'webview', { languageOptions: { globals: { ...globals.browser } } }),
  room(['src/providers/**/*.ts'], 'providers'),
  room(['src/runtime/**/*.ts'], 'runtime'),
  ...runtimeOrder.slice(1).map((name) => room([`src/runtime/${name}/**/*.ts`], `runtime/${name}`)),
  room(['src/server/**/*.ts'], 'server'),
  room(['src/extension/**/*.ts'], 'extension'),
  room(['src/extension/*.ts'], 'extension/top'),
  ...extensionRooms.map((r) => room([`src/extension/${r}/**/*.ts`], `extension/${r}`)),
  {
    files: ['src/**/*.{ts,mts,cts,js,mjs,cjs}'],
    ignores: layers.map((l) => `src/${l}/**`),
    rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: `Every file under src/ lives in a layer folder: ${layers.join(', ')} (ARCHITECTURE.md).` }] },
  },
  {
    // The runtime's store is asynchronous (a PostgreSQL driver answers over a socket): a write or
    // check not awaited would run after the code that relies on it. The type checker sees promises.
    files: ['src/runtime/**/*.ts', 'src/server/**/*.ts'],
    // The walls test lints probe files no tsconfig lists (test/architecture/walls.test.ts).
    ignores: ['**/probe.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
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
