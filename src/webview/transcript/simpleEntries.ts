import type { ChatNotice, ErrorAction, ToolCallView } from '../../common/protocol';
import { el } from '../dom';
import { t } from '../l10n';
import { ToolCallCard, type ToolCallActions } from '../tools/toolCallCard';
import { article, copyButton, type Entry } from './entry';

const ACTION_LABELS: Record<ErrorAction, string> = {
  setApiKey: t('Set API Key'),
  chooseProvider: t('Choose Provider'),
  openSettings: t('Open Settings'),
  selectModel: t('Select Model'),
  retry: t('Retry'),
};

/** What a screen reader calls a notice of each level. */
const NOTICE_LABELS: Record<ChatNotice['level'], string> = {
  info: t('Tutor info'),
  warning: t('Tutor warning'),
  error: t('Tutor error'),
};

/** A question: plain text, never HTML. */
export class UserEntry implements Entry {
  readonly kind = 'user';
  element: HTMLElement | undefined;
  constructor(
    readonly key: string,
    readonly body: string,
    private readonly copy: (text: string) => void,
  ) {}
  text = () => this.body;
  pinned = () => false;
  build(): HTMLElement {
    if (this.element) return this.element;
    this.element = article('user', t('You'), this.key.startsWith('user-') ? undefined : this.key);
    this.element.append(el('div', 'body', this.body), copyButton(this.text, this.copy));
    return this.element;
  }
  drop(): void {
    this.element = undefined;
  }
}

/** A status line with the buttons that fix what it reports. */
export class NoticeEntry implements Entry {
  readonly kind = 'notice';
  element: HTMLElement | undefined;
  #shown = false;
  constructor(
    readonly key: string,
    readonly notice: ChatNotice,
    private readonly onAction: (action: ErrorAction) => void,
  ) {}
  // Notices include their buttons' labels: what the user can read and click.
  text = () => [this.notice.text, ...[this.notice.action, this.notice.secondaryAction].flatMap((a) => (a ? [ACTION_LABELS[a]] : []))].join('');
  pinned = () => false;
  build(): HTMLElement {
    if (this.element) return this.element;
    const { text, level, action, secondaryAction } = this.notice;
    // The feed's items are articles; the live region (alert for errors) is the notice's content.
    const element = article(`notice ${level}`, NOTICE_LABELS[level]);
    const live = el('div', 'notice-content');
    // Announced when it first appears; built again after scrolling back, it is history, not news.
    if (!this.#shown) live.setAttribute('role', level === 'error' ? 'alert' : 'status');
    this.#shown = true;
    live.append(el('span', 'body', text));
    for (const a of [action, secondaryAction]) {
      if (!a) continue;
      const button = document.createElement('vscode-button');
      button.setAttribute('secondary', '');
      button.className = 'notice-action';
      button.textContent = ACTION_LABELS[a];
      button.addEventListener('click', () => this.onAction(a));
      live.append(button);
    }
    element.append(live);
    this.element = element;
    return element;
  }
  drop(): void {
    this.element = undefined;
  }
}

/**
 * A tool call that no answer owns yet (tools usually run before the run's message exists). It
 * stays in the DOM while it runs or waits for approval, so its card is never rebuilt under the
 * user's hand.
 */
export class ToolEntry implements Entry {
  readonly kind = 'tool';
  element: HTMLElement | undefined;
  #card: ToolCallCard | undefined;
  constructor(
    public call: ToolCallView,
    private readonly actions: ToolCallActions,
  ) {}
  get key(): string {
    return `tool-${this.call.id}`;
  }
  text = () => this.call.name;
  pinned = () => this.call.status === 'running' || this.call.status === 'waiting' || this.call.approval?.state === 'pending';
  update(call: ToolCallView): void {
    this.call = call;
    this.#card?.update(call);
  }
  build(): HTMLElement {
    if (this.element) return this.element;
    this.#card = new ToolCallCard(this.actions);
    this.#card.update(this.call);
    // An article of the feed like every item; the card (a group) is its content.
    this.element = article('tool', t('Tool call'));
    this.element.append(this.#card.element);
    return this.element;
  }
  drop(): void {
    this.element = undefined;
    this.#card = undefined;
  }
}
