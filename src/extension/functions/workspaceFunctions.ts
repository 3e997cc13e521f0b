import * as vscode from 'vscode';
import { checkMathClaim } from '../../runtime/tools/verifyMath/checkMathClaim';
import { SIDE_EFFECT_FUNCTIONS } from './definitions';
import { applyInsert, chooseInsertTarget } from './insertTarget';
import { listMatchingFiles } from './listWorkspaceFiles';
import { resolveWorkspacePath } from './pathGuard';
import { workspaceIgnore } from './workspaceIgnore';
import type { VerifyMathRequest, VerifyResult } from '../../runtime/tools/verifyMath/verifyMathTypes';
import { errorMessage } from '../../common/errorMessage';

/** A function call the model made, as the run's required_action lists it. */
export interface FunctionCall {
  id: string;
  name: string;
  arguments: string;
}

/** What the model reads back, plus what the chat shows beside it. */
export interface FunctionResult {
  output: string;
  /** verify_math: whether the check passed. */
  verified?: boolean;
  /** Side effects: what the user decided. */
  approval?: 'approved' | 'denied';
}

export type ApprovalDecision = 'approve' | 'deny' | 'always';

/** What the approval card shows: the text, and where it will go. */
export interface ApprovalRequest {
  preview: string;
  /** Where the side effect lands, e.g. "Inserts at line 3, column 9 of notes.md." */
  target?: string;
}

export interface WorkspaceFunctionDeps {
  workspaceState: vscode.Memento;
  /** Shows the approval card for a side effect and resolves with the user's answer. */
  askApproval(call: FunctionCall, request: ApprovalRequest): Promise<ApprovalDecision>;
  /**
   * Loads the math checker. Its CAS is ~3 MB of JavaScript, so it lives in its own bundle
   * (dist/verifyMath.js) that only the first verify_math call loads.
   */
  loadVerifier(): Promise<(request: VerifyMathRequest) => VerifyResult>;
}

/** Functions the user has allowed for good in this workspace ("Always allow"). */
const ALWAYS_KEY = 'tutor.functions.alwaysAllowed';
/** The most a read hands the model: enough for a source file, never a whole log or dataset. */
const MAX_READ_CHARS = 100_000;
const MAX_LIST = 200;

/**
 * The functions Tutor's assistant may call, run here in the extension host with the user's
 * workspace. Reads and listings are confined to the workspace and to files git does not ignore; the one side effect
 * (insert_into_editor) asks first. Every failure is answered to the model in words, so it can
 * correct itself, rather than thrown.
 */
export class WorkspaceFunctions {
  constructor(private readonly deps: WorkspaceFunctionDeps) {}

  async run(call: FunctionCall, token?: vscode.CancellationToken): Promise<FunctionResult> {
    let args: Record<string, unknown>;
    try {
      const parsed: unknown = call.arguments.trim() ? JSON.parse(call.arguments) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      args = parsed as Record<string, unknown>;
    } catch {
      return { output: `Error: the arguments to ${call.name} must be a JSON object; got ${JSON.stringify(call.arguments.slice(0, 200))}.` };
    }
    try {
      switch (call.name) {
        case 'get_active_selection':
          return { output: activeSelection() };
        case 'read_workspace_file':
          return { output: await readWorkspaceFile(args) };
        case 'list_workspace_files':
          return { output: await listWorkspaceFiles(args, token) };
        case 'get_diagnostics':
          return { output: await diagnostics(args) };
        case 'verify_math':
          return verify(call.arguments, await this.deps.loadVerifier());
        case 'insert_into_editor':
          return await this.insertIntoEditor(call, args);
        default:
          return { output: `Error: there is no function named ${call.name}. Use one of the functions you were given.` };
      }
    } catch (err) {
      return { output: `Error: ${call.name} failed: ${errorMessage(err)}` };
    }
  }

  /** Whether a function needs the user's approval before it runs (side effects not always-allowed). */
  needsApproval(name: string): boolean {
    return SIDE_EFFECT_FUNCTIONS.has(name) && !this.deps.workspaceState.get<string[]>(ALWAYS_KEY, []).includes(name);
  }

  private async insertIntoEditor(call: FunctionCall, args: Record<string, unknown>): Promise<FunctionResult> {
    if (typeof args.text !== 'string' || !args.text) return { output: 'Error: insert_into_editor needs a non-empty "text".' };
    const text = args.text;
    // The place is fixed now and shown in the card: what the user approves is where it goes,
    // whichever editor is active when they answer.
    const target = await chooseInsertTarget(workspaceRoot(), args.position === 'replaceSelection');
    if (typeof target === 'string') return { output: target };
    if (this.needsApproval(call.name)) {
      const decision = await this.deps.askApproval(call, { preview: text, target: target.description });
      if (decision === 'deny') return { output: 'The user refused: nothing was inserted. Show the text in your answer instead.', approval: 'denied' };
      if (decision === 'always') {
        const allowed = this.deps.workspaceState.get<string[]>(ALWAYS_KEY, []);
        await this.deps.workspaceState.update(ALWAYS_KEY, [...new Set([...allowed, call.name])]);
      }
    }
    return { output: await applyInsert(target, text), approval: 'approved' };
  }
}

function workspaceRoot(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

function activeSelection(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return 'No editor is active.';
  const { document, selection } = editor;
  const text = document.getText(selection);
  if (!text) return `Nothing is selected in ${vscode.workspace.asRelativePath(document.uri)} (cursor at line ${selection.active.line + 1}).`;
  return JSON.stringify({
    file: vscode.workspace.asRelativePath(document.uri),
    language: document.languageId,
    startLine: selection.start.line + 1,
    endLine: selection.end.line + 1,
    text: text.slice(0, MAX_READ_CHARS),
  });
}

/** Resolves a model-given path inside the workspace, or says why not. */
async function guarded(requested: unknown): Promise<{ uri: vscode.Uri; relative: string } | string> {
  const root = workspaceRoot();
  if (!root || root.scheme !== 'file') return 'Refused: no folder is open in VS Code, so there are no workspace files to read.';
  if (typeof requested !== 'string' || !requested.trim()) return 'Refused: give "path" as a path relative to the workspace root.';
  const ignore = await workspaceIgnore(root.fsPath);
  const resolved = await resolveWorkspacePath(root.fsPath, requested, { isIgnored: (rel) => ignore.ignores(rel) });
  if (!resolved.ok) return resolved.reason;
  return { uri: vscode.Uri.file(resolved.absolute), relative: resolved.relative };
}

async function readWorkspaceFile(args: Record<string, unknown>): Promise<string> {
  const target = await guarded(args.path);
  if (typeof target === 'string') return target;
  // Through a TextDocument, so the model sees unsaved edits the student is looking at.
  const document = await vscode.workspace.openTextDocument(target.uri);
  const first = Math.max(1, toInt(args.startLine) ?? 1);
  const last = Math.min(document.lineCount, toInt(args.endLine) ?? document.lineCount);
  if (first > last) return `The file ${target.relative} has ${document.lineCount} lines; lines ${first}–${last} are empty.`;
  const range = new vscode.Range(first - 1, 0, last - 1, document.lineAt(last - 1).text.length);
  const text = document.getText(range);
  const cut = text.length > MAX_READ_CHARS;
  return `${target.relative} (lines ${first}–${last} of ${document.lineCount}):\n${cut ? text.slice(0, MAX_READ_CHARS) : text}${cut ? `\n[… cut at ${MAX_READ_CHARS} characters; ask for a line range]` : ''}`;
}

async function listWorkspaceFiles(args: Record<string, unknown>, token?: vscode.CancellationToken): Promise<string> {
  const root = workspaceRoot();
  if (!root || root.scheme !== 'file') return 'No folder is open in VS Code.';
  const glob = typeof args.glob === 'string' && args.glob.trim() ? args.glob.trim() : '**/*';
  if (glob.startsWith('/') || glob.split(/[\\/]/).includes('..')) return 'Refused: the glob must be relative to the workspace root and must not use "..".';
  const max = Math.min(MAX_LIST, Math.max(1, toInt(args.maxResults) ?? 100));
  return listMatchingFiles(root.fsPath, await workspaceIgnore(root.fsPath), { glob, max }, token);
}

async function diagnostics(args: Record<string, unknown>): Promise<string> {
  let uri: vscode.Uri | undefined;
  let relative: string;
  if (args.path === undefined || args.path === '') {
    uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri) return 'No file is open; give "path".';
    relative = vscode.workspace.asRelativePath(uri);
  } else {
    const target = await guarded(args.path);
    if (typeof target === 'string') return target;
    ({ uri, relative } = target);
  }
  const found = vscode.languages.getDiagnostics(uri);
  if (found.length === 0) return `${relative}: no problems reported.`;
  const severity = ['error', 'warning', 'info', 'hint'];
  return `${relative}: ${found.length} problem(s)\n${found
    .slice(0, 100)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${severity[d.severity]} ${d.message}${d.source ? ` (${d.source})` : ''}`)
    .join('\n')}`;
}

function verify(rawArguments: string, verifyMath: (request: VerifyMathRequest) => VerifyResult): FunctionResult {
  const { output, verified } = checkMathClaim(rawArguments, verifyMath);
  return { output, ...(verified !== undefined ? { verified } : {}) };
}

function toInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}
