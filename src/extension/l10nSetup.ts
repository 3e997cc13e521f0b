/**
 * Points `@vscode/l10n` at VS Code's own bundle for the display language (l10n/bundle.l10n.<locale>.json,
 * loaded by VS Code because package.json names the folder). Modules that must run without the
 * `vscode` module (pure ones with Node unit tests) translate with `@vscode/l10n`'s `t`, which then
 * answers exactly as `vscode.l10n.t` would. Imported first in extension.ts, so it runs before any
 * module translates at load time.
 */
import { config } from '@vscode/l10n';
import * as vscode from 'vscode';

if (vscode.l10n.bundle) config({ contents: vscode.l10n.bundle });
