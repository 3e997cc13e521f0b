import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/** Opens the sidebar chat and waits until its page answers. */
export async function sidebar() {
  const api = await tutor();
  await vscode.commands.executeCommand('tutor.chat.focus');
  await waitFor('the chat webview to report ready', () => !!api.views.sidebarHost?.isReady);
  return api.views.sidebarHost!;
}

/** What the sidebar shows right now (read from the real webview's DOM). */
export async function snapshot() {
  const reply = await (await sidebar()).request('view/snapshot', {});
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** Points Tutor at a scripted OpenAI-compatible model (the one fake these tests allow). */
export async function useProvider(settings: { provider: string; providerUrl?: string; model?: string; serverUrl?: string }): Promise<void> {
  const c = vscode.workspace.getConfiguration('tutor');
  const g = vscode.ConfigurationTarget.Global;
  await c.update('provider', settings.provider, g);
  await c.update('providerUrl', settings.providerUrl ?? '', g);
  await c.update('model', settings.model ?? 'fake-model', g);
  await c.update('server.url', settings.serverUrl ?? '', g);
}

/** Waits until the controller has no run in flight. */
export async function idle(timeoutMs = 20_000): Promise<void> {
  const api = await tutor();
  await waitFor('the answer to finish', () => !api.controller.busy, timeoutMs);
}

/**
 * A folder of files in the test workspace (the harness's temporary copy, so no test dirties
 * samples/), and the way to remove it again.
 */
export function workspaceFolder(name: string, files: Record<string, string>): { root: string; remove(): void } {
  const root = path.join(process.env.TUTOR_TEST_WORKSPACE!, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
