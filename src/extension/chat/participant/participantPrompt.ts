import * as vscode from 'vscode';
import type { ChatMode } from '../../../common/protocol';
import { rangeBody } from '../../editor';
import { modeInstructions } from '../tutorInstructions';

/** @tutor's slash commands (contributed in package.json's chatParticipants). */
export type TutorCommand = 'hint' | 'solve' | 'explain' | 'check' | 'continue';

/** An attached file is sent whole up to this size; beyond it, its start and a note. */
const MAX_FILE_CHARS = 24_000;

/** What @tutor sends for one request: the question with its attachments, and the run's instructions. */
export interface ParticipantPrompt {
  text: string;
  instructions: string;
}

/**
 * The question as the thread stores it: what the student typed, then what they attached (#file,
 * a selection, an editor range) — or, for the commands that are about "this", the editor's
 * selection when nothing is attached. Undefined when /explain or /check has nothing to work on.
 */
export async function participantPrompt(request: Pick<vscode.ChatRequest, 'prompt' | 'command' | 'references'>, settingsMode: ChatMode): Promise<ParticipantPrompt | undefined> {
  const command = request.command as TutorCommand | undefined;
  const attached = await attachments(request.references);
  if (!attached.length && command && command !== 'continue') {
    const editor = vscode.window.activeTextEditor;
    if (editor && !editor.selection.isEmpty) attached.push(rangeBody(editor.document, editor.selection));
  }
  const typed = request.prompt.trim();
  if (!typed && !attached.length) {
    if (command === 'explain' || command === 'check' || command === 'hint' || command === 'solve') return undefined;
  }
  const text = [typed || defaultAsk(command), ...attached].filter(Boolean).join('\n\n');
  return { text, instructions: instructionsFor(command, settingsMode) };
}

/** What a bare command asks for, so the thread reads naturally in the sidebar (in the student's language, which the answer follows). */
function defaultAsk(command: TutorCommand | undefined): string {
  switch (command) {
    case 'hint': return vscode.l10n.t('Give me a hint for the next step.');
    case 'solve': return vscode.l10n.t('Solve this step by step.');
    case 'explain': return vscode.l10n.t('Explain this.');
    case 'check': return vscode.l10n.t('Is my answer right?');
    default: return '';
  }
}

/** The run's additional instructions: the mode the command implies, and what the command asks of the tutor. */
export function instructionsFor(command: TutorCommand | undefined, settingsMode: ChatMode): string {
  switch (command) {
    case 'hint':
      return `${modeInstructions('tutor', vscode.env.language)}\nThe student asked for a hint (/hint): give exactly one hint toward the next step and stop there. Do not give the answer.`;
    case 'solve':
      return modeInstructions('solve', vscode.env.language);
    case 'check':
      return `${modeInstructions('tutor', vscode.env.language)}\nThe student wants their own answer or step checked (/check). Find what they claim, check it with verify_math before you say anything about it, then say whether it is right and why. If it is wrong, point to where it goes wrong without giving the full solution.`;
    case 'explain':
      return `${modeInstructions(settingsMode, vscode.env.language)}\nThe student asked you to explain what they attached (/explain): what it does or means, step by step, in plain words, referring to its lines or terms.`;
    default:
      return modeInstructions(settingsMode, vscode.env.language);
  }
}

/** Attached files and ranges as text; other references (tools, images) are not for Tutor's thread. */
async function attachments(references: readonly vscode.ChatPromptReference[]): Promise<string[]> {
  const out: string[] = [];
  for (const ref of references) {
    const value = ref.value;
    try {
      if (value instanceof vscode.Location) {
        const doc = await vscode.workspace.openTextDocument(value.uri);
        const range = value.range.isEmpty ? new vscode.Range(0, 0, doc.lineCount, 0) : value.range;
        out.push(rangeBody(doc, range));
      } else if (value instanceof vscode.Uri) {
        const doc = await vscode.workspace.openTextDocument(value);
        const long = doc.getText().length > MAX_FILE_CHARS;
        const shown = new vscode.Range(new vscode.Position(0, 0), long ? doc.positionAt(MAX_FILE_CHARS) : new vscode.Position(doc.lineCount, 0));
        out.push(rangeBody(doc, shown) + (long ? '\n\n(The file is longer; this is its start.)' : ''));
      }
    } catch {
      out.push(`(Tutor could not read the attachment ${ref.id}.)`);
    }
  }
  return out;
}
