import * as vscode from 'vscode';
import type { ChatMode } from '../common/protocol';

export type ProviderSetting = 'openai' | 'azure' | 'ollama' | 'lmstudio' | 'custom' | 'vscode-lm';

export interface TutorSettings {
  provider: ProviderSetting;
  providerUrl: string;
  model: string;
  mode: ChatMode;
  serverUrl: string;
  codeEngine: 'pyodide' | 'python';
  pythonPath: string;
  /** File search may rank with the provider's embeddings. */
  embeddings: boolean;
  /** The embeddings model; '' picks the provider's usual one (see embeddingsModelFor). */
  embeddingsModel: string;
}

/** Reads Tutor's settings, with the manifest's defaults for anything unset. */
export function readSettings(): TutorSettings {
  const c = vscode.workspace.getConfiguration('tutor');
  return {
    provider: c.get<ProviderSetting>('provider', 'openai'),
    providerUrl: c.get<string>('providerUrl', '').trim(),
    model: c.get<string>('model', 'gpt-4o-mini').trim() || 'gpt-4o-mini',
    mode: c.get<ChatMode>('mode', 'tutor') === 'solve' ? 'solve' : 'tutor',
    serverUrl: c.get<string>('server.url', '').trim(),
    codeEngine: c.get<string>('codeInterpreter.engine', 'pyodide') === 'python' ? 'python' : 'pyodide',
    pythonPath: c.get<string>('codeInterpreter.pythonPath', 'python3').trim() || 'python3',
    embeddings: c.get<boolean>('fileSearch.embeddings', true),
    embeddingsModel: c.get<string>('fileSearch.embeddingsModel', '').trim(),
  };
}
