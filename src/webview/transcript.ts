import type { ChatNotice, CitationView, ErrorAction, FileLinkView, ThreadView, ToolCallView, TranscriptMessage } from '../common/protocol';
import { AssistantMessage } from './assistantMessage';
import type { ApprovalDecision } from './tools/approvalSection';
import { createTranscriptToolCalls } from './tools/transcriptToolCalls';

export interface TranscriptCallbacks {
  onAction(action: ErrorAction): void;
  onCodeAction(action: 'copy' | 'insert', code: string, language: string): void;
  onLink(href: string): void;
  /** An approval card was answered; resolves false when the answer did not reach the host. */
  onApprove(callId: string, decision: ApprovalDecision): Promise<boolean>;
  onOpenCitation(messageId: string, n: number): void;
  onSaveFile(fileId: string): void;
  /** Content changed (for scrolling). */
  onChange(): void;
}

const ACTION_LABELS: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  chooseProvider: 'Choose Provider',
  openSettings: 'Open Settings',
  selectModel: 'Select Model',
  retry: 'Retry',
};

/**
 * The conversation: user messages as plain text (never HTML), assistant messages through the
 * sanitising Markdown/math renderer, tool calls as cards updated in place, and notices with the
 * action that fixes them. Only the streaming message and the card of the call that changed are
 * touched while an answer arrives.
 */
export function createTranscript(root: HTMLElement, cb: TranscriptCallbacks) {
  const assistants = new Map<string, AssistantMessage>();
  const messageEls = new Map<string, HTMLElement>();
  const toolCalls = createTranscriptToolCalls(root, assistants, { onApprove: cb.onApprove, onSaveFile: cb.onSaveFile, onCodeAction: cb.onCodeAction });
  /** Each answer's annotations, kept also for an answer not shown yet when they arrive. */
  const annotations = new Map<string, { citations: CitationView[]; files: FileLinkView[] }>();

  function clear(): void {
    root.replaceChildren();
    assistants.clear();
    messageEls.clear();
    toolCalls.clear();
    annotations.clear();
  }

  function showEmpty(): void {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = 'Ask a question about math or code. Tutor gives hints first; ask for the full solution when you want it.';
    root.append(p);
  }

  function entry(kind: string, label: string, id?: string): HTMLElement {
    root.querySelector(':scope > .empty')?.remove();
    const el = document.createElement('article');
    el.className = `entry ${kind}`;
    el.setAttribute('aria-label', label);
    if (id) el.dataset.id = id;
    root.append(el);
    return el;
  }

  function addUser(text: string, id?: string): void {
    toolCalls.questionAsked();
    const el = entry('user', 'You', id);
    const body = document.createElement('div');
    body.className = 'body';
    body.textContent = text;
    el.append(body);
    if (id) messageEls.set(id, el);
    cb.onChange();
  }

  function startAssistant(id: string): AssistantMessage {
    const el = entry('assistant', 'Tutor', id);
    el.setAttribute('aria-busy', 'true');
    const message = new AssistantMessage(el, {
      onCodeAction: cb.onCodeAction,
      onLink: cb.onLink,
      onOpenCitation: (n) => cb.onOpenCitation(id, n),
      onSaveFile: cb.onSaveFile,
      onChange: cb.onChange,
    });
    assistants.set(id, message);
    messageEls.set(id, el);
    toolCalls.answerStarted(id, message);
    const early = annotations.get(id);
    if (early) message.annotate(early);
    return message;
  }

  function endAssistant(id: string, status: 'complete' | 'incomplete'): void {
    assistants.get(id)?.view.finish();
    const el = messageEls.get(id);
    if (!el) return;
    el.removeAttribute('aria-busy');
    if (status === 'incomplete') el.classList.add('incomplete');
    cb.onChange();
  }

  function addNotice({ text, level, action, secondaryAction }: ChatNotice): void {
    const el = entry(`notice ${level}`, `Tutor ${level}`);
    el.setAttribute('role', level === 'error' ? 'alert' : 'status');
    const body = document.createElement('span');
    body.className = 'body';
    body.textContent = text;
    el.append(body);
    for (const a of [action, secondaryAction]) {
      if (!a) continue;
      const button = document.createElement('vscode-button');
      button.setAttribute('secondary', '');
      button.className = 'notice-action';
      button.textContent = ACTION_LABELS[a];
      button.addEventListener('click', () => cb.onAction(a));
      el.append(button);
    }
    cb.onChange();
  }

  function upsertTool(call: ToolCallView, messageId?: string): void {
    toolCalls.upsert(call, messageId);
    cb.onChange();
  }

  function annotate(messageId: string, citations: CitationView[], files: FileLinkView[]): void {
    annotations.set(messageId, { citations, files });
    assistants.get(messageId)?.annotate({ citations, files });
  }

  function renderMessage(m: TranscriptMessage): void {
    if (m.role === 'user') return addUser(m.text, m.id);
    const message = startAssistant(m.id);
    message.view.setText(m.text);
    if (m.status !== 'streaming') endAssistant(m.id, m.status === 'incomplete' ? 'incomplete' : 'complete');
    for (const call of m.toolCalls ?? []) upsertTool(call, m.id);
    if (m.citations?.length || m.files?.length) annotate(m.id, m.citations ?? [], m.files ?? []);
  }

  return {
    reset(view: ThreadView): void {
      clear();
      if (!view.messages.length) showEmpty();
      for (const m of view.messages) renderMessage(m);
      if (view.notice) addNotice(view.notice);
      cb.onChange();
    },
    addUser,
    startAssistant: (id: string) => void startAssistant(id),
    delta(id: string, text: string): void {
      assistants.get(id)?.view.append(text);
    },
    endAssistant,
    addNotice,
    upsertTool,
    annotate,
    lastUserText(): string | undefined {
      const users = root.querySelectorAll<HTMLElement>('.entry.user .body');
      return users[users.length - 1]?.textContent ?? undefined;
    },
    entries: () =>
      Array.from(root.querySelectorAll<HTMLElement>('.entry'), (el) => ({
        kind: el.classList.contains('user') ? ('user' as const) : el.classList.contains('assistant') ? ('assistant' as const) : ('notice' as const),
        // Notices include their action button's label: what the user can read and click.
        text: (el.classList.contains('notice') ? el.textContent : el.querySelector('.body')?.textContent) ?? '',
      })),
  };
}
