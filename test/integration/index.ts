// Loaded by VS Code as `extensionTestsPath`: runs every compiled *.test.js beside it with mocha.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

/**
 * The workbench passes extension-host console lines to the launcher joined but unformatted, so
 * mocha's printf-style lines are formatted here and marked, letting the launcher tell the test
 * report apart from the workbench's own log.
 */
export const REPORT_MARK = '[tutor-test] ';
Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
  for (const line of format(...args).split('\n')) console.log(REPORT_MARK + line);
};

export function run(): Promise<void> {
  // TUTOR_TEST_GREP, a regular expression, runs a subset: the bench uses it to measure activation
  // and the host's memory with Pyodide loaded (memory.bench-only.test.ts runs only when selected).
  // failZero: a grep or a bundle that selects no test is a broken run, not a green one.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', failZero: true, ...(process.env.TUTOR_TEST_GREP ? { grep: process.env.TUTOR_TEST_GREP } : {}) });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) return Promise.reject(new Error(`no compiled *.test.js beside ${__filename}: nothing to run`));
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
