// Which test files belong to which suite, by path (repo-relative). Every *.test.ts under test/ is
// in exactly one suite, so a new test mirrored beside its source (test/extension/chat/x.test.ts,
// say) runs without touching this list.
import path from 'node:path';

const under = (file, dir) => file.split(path.sep).join('/').startsWith(`test/${dir}/`);

/** Suites run in code-server's extension host; they need VS Code and are bundled by esbuild.mjs --tests. */
export const isIntegrationTest = (file) => under(file, 'integration') && file.endsWith('.test.ts');

/** Suites that drive Chromium: code-server's workbench (test/ui) or a webview page (test/webview). */
export const isUiTest = (file) => file.endsWith('.ui.test.ts');

/**
 * UI suites that run a second time in Chinese (TUTOR_UI_LOCALE=zh-cn, #19 §4): code-server's
 * workbench, whose Tutor texts they read through test/ui/uiText.ts. Not chinese.ui.test.ts, which
 * starts code-server in Chinese itself, nor the webview pages (test/webview has its own zh-cn
 * page tests).
 */
export const isTranslatedUiTest = (file) => isUiTest(file) && under(file, 'ui') && path.basename(file) !== 'chinese.ui.test.ts';

/** Hostile and long-running suites against the shipped server and sandbox. */
export const isReliabilityTest = (file) => under(file, 'reliability') && file.endsWith('.test.ts');

/** Everything else that ends in .test.ts: tests of src/ mirrored under test/, and of harness/ and the runner. */
export const isUnitTest = (file) => file.endsWith('.test.ts') && !isUiTest(file) && !isIntegrationTest(file) && !isReliabilityTest(file)
  && !under(file, 'ui') && !under(file, 'fixtures');

/** Unit suites that run a second time on Node 24 with the node:sqlite store. */
export const isStoreTest = (file) => under(file, 'runtime');
