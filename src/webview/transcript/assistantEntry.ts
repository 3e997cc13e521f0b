import type { CitationView, FileLinkView, ToolCallView, TranscriptMessage } from '../../common/protocol';
import { AssistantMessage, type AssistantMessageOptions } from '../assistantMessage';
import { t } from '../l10n';
import { ToolCallCard, type ToolCallActions } from '../tools/toolCallCard';
import { article, copyButton, type Entry } from './entry';

/**
 * An answer: its text (growing while it streams), tool calls, annotations and the verify_math
 * calls that passed, kept as data so the answer can be rendered again whenever it scrolls back
 * into view. While built, every change goes to the live view as well.
 */
export class AssistantEntry implements Entry {
  readonly kind = 'assistant';
  /** Set once the build is complete. */
  element: HTMLElement | undefined;
  /** The article while it is being built, and after. */
  #article: HTMLElement | undefined;
  #message: AssistantMessage | undefined;
  readonly #cards = new Map<string, ToolCallCard>();
  /** verify_math calls that passed and belong to this answer (badge), including ones that ran before it began. */
  readonly #verified = new Set<string>();
  #text: string;
  #status: TranscriptMessage['status'];
  readonly #calls: ToolCallView[];
  #annotations: { citations: CitationView[]; files: FileLinkView[] } | undefined;
  #copy: HTMLElement | undefined;

  constructor(
    readonly key: string,
    message: Pick<TranscriptMessage, 'text' | 'status' | 'toolCalls' | 'citations' | 'files'>,
    private readonly actions: Omit<AssistantMessageOptions, 'onOpenCitation'> & ToolCallActions & { onOpenCitation(messageId: string, n: number): void },
  ) {
    this.#text = message.text;
    this.#status = message.status;
    this.#calls = [...(message.toolCalls ?? [])];
    for (const call of this.#calls) if (call.verified) this.#verified.add(call.id);
    if (message.citations?.length || message.files?.length) this.#annotations = { citations: message.citations ?? [], files: message.files ?? [] };
  }

  text = () => this.#text;
  get status(): TranscriptMessage['status'] {
    return this.#status;
  }
  pinned = () => this.#status === 'streaming' || this.#calls.some((c) => c.status === 'running' || c.approval?.state === 'pending');

  append(delta: string): void {
    this.#text += delta;
    if (this.element) this.#message?.view.append(delta);
    else if (this.#message) this.#message.view.load(this.#text);
  }

  end(status: 'complete' | 'incomplete'): void {
    this.#status = status;
    if (!this.#message || !this.element) return;
    this.#message.view.finish();
    this.#markEnd(this.element);
  }

  upsertTool(call: ToolCallView): void {
    const i = this.#calls.findIndex((c) => c.id === call.id);
    if (i === -1) this.#calls.push(call);
    else this.#calls[i] = call;
    this.setVerified(call.id, call.verified === true);
    this.#showCard(call);
  }

  /** The call's card in the live view, made or updated (nothing while the answer is not built). */
  #showCard(call: ToolCallView): void {
    if (!this.#message) return;
    let card = this.#cards.get(call.id);
    if (!card) {
      card = new ToolCallCard(this.actions);
      this.#cards.set(call.id, card);
      this.#message.appendTool(card.element);
      if (this.#copy) this.element?.append(this.#copy);
    }
    card.update(call);
  }

  setVerified(callId: string, verified: boolean): void {
    if (verified) this.#verified.add(callId);
    else this.#verified.delete(callId);
    this.#message?.setVerified(callId, verified);
  }

  annotate(citations: CitationView[], files: FileLinkView[]): void {
    this.#annotations = { citations, files };
    this.#message?.annotate(this.#annotations);
  }

  build(deadline = Infinity): HTMLElement | undefined {
    if (this.element) return this.element;
    if (!this.#article || !this.#message) {
      this.#article = article('assistant', 'Tutor', this.key);
      this.#message = new AssistantMessage(this.#article, { ...this.actions, onOpenCitation: (n) => this.actions.onOpenCitation(this.key, n) });
      this.#message.view.load(this.#text);
    }
    if (!this.#message.view.renderUntil(deadline)) return undefined;
    const element = this.#article;
    const message = this.#message;
    this.element = element;
    if (this.#status === 'streaming') element.setAttribute('aria-busy', 'true');
    else this.#markEnd(element);
    for (const id of this.#verified) message.setVerified(id, true);
    for (const call of this.#calls) this.#showCard(call);
    if (this.#annotations) message.annotate(this.#annotations);
    // Last, after the cards (moved back there when a card comes).
    this.#copy = copyButton(this.text, (text) => this.actions.onCodeAction('copy', text, 'markdown'));
    element.append(this.#copy);
    return element;
  }

  drop(): void {
    this.#message?.view.dispose();
    this.#message = undefined;
    this.#cards.clear();
    this.#copy = undefined;
    this.#article = undefined;
    this.element = undefined;
  }

  #markEnd(element: HTMLElement): void {
    element.removeAttribute('aria-busy');
    element.classList.toggle('incomplete', this.#status === 'incomplete');
    // chat.css shows it after the answer (`content: attr(…)`): CSS cannot translate.
    if (this.#status === 'incomplete') element.dataset.incompleteLabel = t('(incomplete)');
  }
}
