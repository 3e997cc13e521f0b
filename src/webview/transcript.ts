import type { ErrorAction, ThreadView, ToolCallView, TranscriptMessage } from '../common/protocol';
import { StreamingMessageView } from './render';

export interface TranscriptCallbacks {
  onAction(action: ErrorAction): void;
  onCodeAction(action: 'copy' | 'insert', code: string, language: string): void;
  onLink(href: string): void;
  /** Content changed (for scrolling). */
  onChange(): void;
}

const ACTION_LABELS: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  selectModel: 'Select Model',
  retry: 'Retry',
};

/**
 * The conversation: user messages as plain text (never HTML), assistant messages through the
 * sanitising Markdown/math renderer, tool calls inline, and notices with the action that fixes
 * them. Only the streaming message changes while an answer arrives.
 */
export function createTranscript(root: HTMLElement, cb: TranscriptCallbacks) {
  const assistants = new Map<string, StreamingMessageView>();
  const messageEls = new Map<string, HTMLElement>();
  const toolEls = new Map<string, HTMLElement>();

  function clear(): void {
    root.replaceChildren();
    assistants.clear();
    messageEls.clear();
    toolEls.clear();
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
    const el = entry('user', 'You', id);
    const body = document.createElement('div');
    body.className = 'body';
    body.textContent = text;
    el.append(body);
    if (id) messageEls.set(id, el);
    cb.onChange();
  }

  function startAssistant(id: string): StreamingMessageView {
    const el = entry('assistant', 'Tutor', id);
    el.setAttribute('aria-busy', 'true');
    const body = document.createElement('div');
    body.className = 'body markdown';
    el.append(body);
    const view = new StreamingMessageView(body, {
      onCodeAction: cb.onCodeAction,
      onLink: cb.onLink,
      onRender: cb.onChange,
    });
    assistants.set(id, view);
    messageEls.set(id, el);
    return view;
  }

  function endAssistant(id: string, status: 'complete' | 'incomplete'): void {
    assistants.get(id)?.finish();
    const el = messageEls.get(id);
    if (!el) return;
    el.removeAttribute('aria-busy');
    if (status === 'incomplete') el.classList.add('incomplete');
    cb.onChange();
  }

  function addNotice(text: string, level: 'info' | 'warning' | 'error', action?: ErrorAction): void {
    const el = entry(`notice ${level}`, `Tutor ${level}`);
    el.setAttribute('role', level === 'error' ? 'alert' : 'status');
    const body = document.createElement('span');
    body.className = 'body';
    body.textContent = text;
    el.append(body);
    if (action) {
      const button = document.createElement('vscode-button');
      button.setAttribute('secondary', '');
      button.className = 'notice-action';
      button.textContent = ACTION_LABELS[action];
      button.addEventListener('click', () => cb.onAction(action));
      el.append(button);
    }
    cb.onChange();
  }

  function upsertTool(call: ToolCallView, messageId?: string): void {
    let el = toolEls.get(call.id);
    if (!el) {
      el = document.createElement('details');
      el.className = 'tool-call';
      toolEls.set(call.id, el);
      const host = messageId ? messageEls.get(messageId) : undefined;
      (host ?? root).append(el);
    }
    const summary = document.createElement('summary');
    const status = call.status === 'done' ? '✓' : call.status === 'failed' ? '✗' : call.status === 'waiting' ? '…' : '⟳';
    summary.textContent = `${status} ${call.name}${call.durationMs !== undefined ? ` · ${call.durationMs} ms` : ''}`;
    summary.setAttribute('aria-label', `Tool ${call.name}, ${call.status}`);
    const args = document.createElement('pre');
    args.className = 'tool-args';
    args.textContent = call.arguments;
    const parts: HTMLElement[] = [summary, args];
    if (call.output !== undefined) {
      const out = document.createElement('pre');
      out.className = 'tool-output';
      out.textContent = call.output;
      parts.push(out);
    }
    el.replaceChildren(...parts);
    cb.onChange();
  }

  function renderMessage(m: TranscriptMessage): void {
    if (m.role === 'user') return addUser(m.text, m.id);
    const view = startAssistant(m.id);
    view.setText(m.text);
    if (m.status === 'streaming') return;
    endAssistant(m.id, m.status === 'incomplete' ? 'incomplete' : 'complete');
    for (const call of m.toolCalls ?? []) upsertTool(call, m.id);
  }

  return {
    reset(view: ThreadView): void {
      clear();
      if (!view.messages.length) showEmpty();
      for (const m of view.messages) renderMessage(m);
      cb.onChange();
    },
    addUser,
    startAssistant: (id: string) => void startAssistant(id),
    delta(id: string, text: string): void {
      assistants.get(id)?.append(text);
    },
    endAssistant,
    addNotice,
    upsertTool,
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
