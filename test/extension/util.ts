import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { TutorApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'tutor-dev.tutor';

/** Activates Tutor and returns its API. */
export async function tutor(): Promise<TutorApi> {
  const ext = vscode.extensions.getExtension<TutorApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext.activate();
}

/** Polls until `check` holds; used instead of fixed sleeps. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Prints a figure into the mocha report (plain console.log stays in the workbench log). */
export function note(message: string): void {
  Mocha.reporters.Base.consoleLog(`    ${message}`);
}
