// Builds the two bundles that ship (extension host: node/cjs; webview: browser) and, for the
// tests, the extension-host test suite. `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --tests: only the extension-host test bundle, so the suite runs against the bundles `package` made.
const testsOnly = process.argv.includes('--tests');

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'info' };

let builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // One KaTeX: @vscode/markdown-it-katex pulls its own nested 0.16 copy, which we never call.
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022', alias: { katex: './node_modules/katex' } },
  // verify_math's checker and its CAS (~3 MB), loaded by the extension on the first check.
  { ...common, entryPoints: ['src/runtime/tools/verifyMath/verifyMath.ts'], outfile: 'dist/verifyMath.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The runtime, loaded by the extension on first use (keeps activation light).
  { ...common, entryPoints: ['src/runtime/index.ts'], outfile: 'dist/runtime.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The code interpreter's worker thread (Pyodide), started by the runtime from dist/.
  { ...common, entryPoints: ['src/runtime/tools/codeInterpreter/pyodideWorker.ts'], outfile: 'dist/codeInterpreterWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The standalone Assistants server (`tutor-assistants serve`).
  { ...common, entryPoints: ['src/server/cli.ts'], outfile: 'dist/tutor-assistants.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
];

if (testsOnly) builds = [];
if (!production) {
  // The extension-host suites run inside code-server; mocha stays external so the test index
  // loads the copy in node_modules.
  const suites = readdirSync('test/integration').filter((f) => f.endsWith('.test.ts')).map((f) => `test/integration/${f}`);
  builds.push({
    ...common, sourcemap: true, entryPoints: ['test/integration/index.ts', ...suites], outdir: 'out/test/integration',
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'],
  });
}

// sql.js's WASM ships beside the bundles (esbuild cannot inline it); the extension and the
// standalone server point sql.js at dist/sql-wasm.wasm.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');

// Pyodide's runtime beside the worker (dist/pyodide/): the worker imports pyodide.mjs from there
// at run time, and it loads the rest from its own folder. No packages: stdlib only, offline.
mkdirSync('dist/pyodide', { recursive: true });
for (const file of ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json']) {
  copyFileSync(`node_modules/pyodide/${file}`, `dist/pyodide/${file}`);
}

// KaTeX's stylesheet and fonts beside the webview bundle: the webview's CSP loads styles and
// fonts only from its own origin (cspSource). katex.min.css lists woff2 first and VS Code's
// Chromium always takes it, so the woff/ttf fallbacks are left out of the VSIX.
mkdirSync('dist/katex/fonts', { recursive: true });
copyFileSync('node_modules/katex/dist/katex.min.css', 'dist/katex/katex.min.css');
for (const font of readdirSync('node_modules/katex/dist/fonts').filter((f) => f.endsWith('.woff2'))) {
  copyFileSync(`node_modules/katex/dist/fonts/${font}`, `dist/katex/fonts/${font}`);
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
