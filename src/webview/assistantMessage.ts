import { type AnnotationActions, annotateBody, type Annotations, sourcesFooter } from './annotations/annotateMessage';
import { el } from './dom';
import { type MessageActions, StreamingMessageView } from './render';
import { verifiedBadge } from './tools/verifiedBadge';

export interface AssistantMessageOptions extends MessageActions, AnnotationActions {
  /** The DOM changed (for scrolling). */
  onChange(): void;
}

/**
 * One assistant answer: its badges ("✓ Verified"), the streaming Markdown body, the sources
 * under it and the tool calls that belong to it, in that order.
 */
export class AssistantMessage {
  readonly view: StreamingMessageView;
  readonly #element: HTMLElement;
  readonly #body = el('div', 'body markdown');
  readonly #options: AssistantMessageOptions;
  readonly #verifiedCalls = new Set<string>();
  #badges: HTMLElement | undefined;
  #footer: HTMLElement | undefined;
  #annotations: Annotations | undefined;

  constructor(element: HTMLElement, options: AssistantMessageOptions) {
    this.#element = element;
    this.#options = options;
    element.append(this.#body);
    this.view = new StreamingMessageView(this.#body, {
      onCodeAction: options.onCodeAction,
      onLink: options.onLink,
      onRender: () => {
        // A render may bring back marker text (the open block is re-rendered while it streams).
        this.#annotateBody();
        options.onChange();
      },
    });
  }

  /** A tool call's card goes after the answer's text and sources. */
  appendTool(card: HTMLElement): void {
    this.#element.append(card);
  }

  /** Notes whether a verify_math call of this answer passed; the badge shows while any did. */
  setVerified(callId: string, verified: boolean): void {
    if (verified === this.#verifiedCalls.has(callId)) return;
    if (verified) this.#verifiedCalls.add(callId);
    else this.#verifiedCalls.delete(callId);
    if (this.#verifiedCalls.size && !this.#badges) {
      this.#badges = el('div', 'message-badges');
      this.#badges.append(verifiedBadge(true, 'message'));
      this.#body.before(this.#badges);
    } else if (!this.#verifiedCalls.size && this.#badges) {
      this.#badges.remove();
      this.#badges = undefined;
    }
  }

  /** Shows citations as chips, file links as Save buttons, and the list of sources. */
  annotate(annotations: Annotations): void {
    this.#annotations = annotations;
    this.#annotateBody();
    const footer = sourcesFooter(annotations, this.#options);
    this.#footer?.remove();
    this.#footer = footer;
    if (footer) this.#body.after(footer);
    this.#options.onChange();
  }

  #annotateBody(): void {
    if (this.#annotations) annotateBody(this.#body, this.#annotations, this.#options);
  }
}
