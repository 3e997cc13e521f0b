import { t } from '@vscode/l10n';
import type * as vscode from 'vscode';
import type { ToolCallView, WebviewNotifications } from '../../../common/protocol';
import { ChatMathNormaliser } from './chatMath';
import { CitationMarkers } from './citationMarkers';

/**
 * One answer written into VS Code's Chat view instead of Tutor's webview: RunSession reports the
 * run as it reports it to the webview (the same notifications), and this turns them into
 * ChatResponseStream parts — text with citation markers numbered and math delimiters VS Code
 * renders, tool calls as progress lines.
 */
export class ChatViewAnswer {
  private math = new ChatMathNormaliser();
  private readonly markers = new CitationMarkers();
  private readonly announced = new Map<string, ToolCallView['status']>();
  private wroteText = false;
  /** verify_math verdicts seen, for the follow-ups. */
  checks: boolean[] = [];

  constructor(private readonly stream: vscode.ChatResponseStream) {}

  /** RunSession's `deltas`: text goes out as it comes (VS Code paces its own rendering). */
  readonly deltas = {
    queue: (_messageId: string, text: string) => this.write(text),
    flush: () => undefined,
  };

  /** True once any answer text reached the stream. */
  get answered(): boolean {
    return this.wroteText;
  }

  broadcast<K extends keyof WebviewNotifications>(method: K, params: WebviewNotifications[K]): void {
    switch (method) {
      case 'chat/assistantStart':
        // A second message of the same run (after tool calls) starts a new paragraph.
        if (this.wroteText) this.stream.markdown('\n\n');
        this.math = new ChatMathNormaliser();
        break;
      case 'chat/assistantEnd':
        this.emit(this.math.end());
        break;
      case 'chat/toolCall':
        this.toolCall((params as WebviewNotifications['chat/toolCall']).call);
        break;
      default:
        // Annotations are read from the finished messages (see TutorParticipant); the rest is webview state.
        break;
    }
  }

  /** Ends the text (what a normaliser still held) once the run is over. */
  finish(): void {
    this.emit(this.math.end());
  }

  private write(text: string): void {
    this.emit(this.math.push(this.markers.push(text)));
  }

  private emit(text: string): void {
    if (!text) return;
    this.wroteText = true;
    this.stream.markdown(text);
  }

  private toolCall(call: ToolCallView): void {
    const before = this.announced.get(call.id);
    this.announced.set(call.id, call.status);
    if (call.status === 'running' && before === undefined) this.stream.progress(progressLabel(call));
    if (call.status === 'done' && before !== 'done' && call.verified !== undefined) {
      this.checks.push(call.verified);
      this.stream.progress(call.verified ? t('The computer algebra check passed') : t('The computer algebra check found a mistake'));
    }
  }
}

/** What the Chat view says while a tool runs. */
export function progressLabel(call: Pick<ToolCallView, 'kind' | 'name' | 'arguments'>): string {
  if (call.kind === 'code_interpreter') return t("Running Python in Tutor's sandbox…");
  if (call.kind === 'file_search') return t('Searching your course Knowledge…');
  switch (call.name) {
    case 'verify_math': return t('Checking with the computer algebra system…');
    case 'read_workspace_file': {
      const path = pathOf(call.arguments);
      return path ? t('Reading {0}…', path) : t('Reading a workspace file…');
    }
    case 'list_workspace_files': return t('Listing workspace files…');
    case 'get_active_selection': return t('Reading your selection…');
    case 'get_diagnostics': return t('Reading the problems VS Code reports…');
    case 'insert_into_editor': return t('Preparing an edit (you will be asked first)…');
    default: return t('Calling {0}…', call.name);
  }
}

function pathOf(args: string): string | undefined {
  try {
    const parsed = JSON.parse(args) as { path?: unknown };
    return typeof parsed.path === 'string' ? parsed.path : undefined;
  } catch {
    return undefined;
  }
}
