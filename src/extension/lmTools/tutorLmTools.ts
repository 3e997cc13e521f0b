import * as vscode from 'vscode';
import { TOOLBOX_SPECS, type ToolboxToolName, type ToolboxOutput, type TutorToolbox } from '../../runtime/tools/toolbox';

/** VS Code's tool names are global across extensions: Tutor's carry its name. */
export const LM_TOOL_PREFIX = 'tutor_';

export function lmToolName(name: ToolboxToolName): string {
  return `${LM_TOOL_PREFIX}${name}`;
}

export interface LmToolsDeps {
  /** The toolbox over the embedded runtime's sandbox and this workspace's Knowledge. */
  toolbox(): Promise<TutorToolbox>;
  /** Which engine runs Python: the user's own ('python') is not sandboxed, so each run is confirmed. */
  pythonEngine(): 'pyodide' | 'python';
}

// LanguageModelDataPart is in VS Code since 1.105; Tutor supports 1.104, whose types lack it.
interface DataPartApi {
  image(data: Uint8Array, mimeType: string): unknown;
}
const dataPart = (vscode as unknown as { LanguageModelDataPart?: DataPartApi }).LanguageModelDataPart;

/**
 * Tutor's three tools as VS Code language-model tools (contributed in package.json's
 * `languageModelTools`), for any participant or agent: Copilot's agent mode, another extension,
 * or Tutor's own @tutor. The toolbox is the one the MCP server serves, so all agree.
 */
export function registerTutorLmTools(deps: LmToolsDeps): vscode.Disposable[] {
  return TOOLBOX_SPECS.map((spec) =>
    vscode.lm.registerTool<Record<string, unknown>>(lmToolName(spec.name), {
      prepareInvocation: (options) => prepare(spec.name, options.input, deps.pythonEngine()),
      async invoke(options, token) {
        const controller = new AbortController();
        const listener = token.onCancellationRequested(() => controller.abort());
        try {
          const toolbox = await deps.toolbox();
          return toResult(await toolbox.call(spec.name, options.input, controller.signal));
        } finally {
          listener.dispose();
        }
      },
    }),
  );
}

/** What the chat shows while a tool runs, and the question asked first where there is a side effect. */
function prepare(name: ToolboxToolName, input: Record<string, unknown>, engine: 'pyodide' | 'python'): vscode.PreparedToolInvocation {
  switch (name) {
    case 'verify_math':
      return { invocationMessage: vscode.l10n.t('Checking the math with a computer algebra system') };
    case 'search_knowledge':
      return { invocationMessage: new vscode.MarkdownString(vscode.l10n.t('Searching your course Knowledge for “{0}”', String(input.query ?? '').slice(0, 80))) };
    case 'run_python': {
      const code = String(input.code ?? '');
      if (engine === 'pyodide') return { invocationMessage: vscode.l10n.t("Running Python in Tutor's sandbox") };
      // The user's own interpreter runs with their rights: the code is shown and asked about first.
      const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
      const fence = '`'.repeat(longest + 1);
      return {
        invocationMessage: vscode.l10n.t('Running Python with your own interpreter'),
        confirmationMessages: {
          title: vscode.l10n.t('Run this Python with your own interpreter?'),
          message: new vscode.MarkdownString(`${vscode.l10n.t("Tutor is set to use your Python (`tutor.codeInterpreter.engine`), which is **not sandboxed**: the code runs with your user's rights.")}\n\n${fence}python\n${code}\n${fence}`),
        },
      };
    }
  }
}

/** Text first (what every model reads), then images where this VS Code can carry them. */
function toResult(output: ToolboxOutput): vscode.LanguageModelToolResult {
  const parts: unknown[] = [new vscode.LanguageModelTextPart(output.text)];
  for (const image of output.images) {
    if (dataPart) parts.push(dataPart.image(image.data, image.mimeType));
  }
  return new vscode.LanguageModelToolResult(parts as vscode.LanguageModelTextPart[]);
}
