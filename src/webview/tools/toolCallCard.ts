import type { ToolCallView } from '../../common/protocol';
import { el } from '../dom';
import { type CodeAction, handleMessageEvents } from '../render';
import { type ApprovalDecision, approvalSection } from './approvalSection';
import { imagesSection, inputSection, logsSection, outputSection, resultsSection } from './toolCallSections';
import { formatDuration, statusText, toolLabel } from './toolCallText';
import { verifiedBadge } from './verifiedBadge';
import { t } from '../l10n';

/** What a card asks of the host. */
export interface ToolCallActions {
  /** Resolves false when the answer did not reach the host (the buttons come back). */
  onApprove(callId: string, decision: ApprovalDecision): Promise<boolean>;
  onSaveFile(fileId: string): void;
  onCodeAction(action: CodeAction, code: string, language: string): void;
}

/** A part of the card, rebuilt only when what it shows has changed. */
interface Slot {
  element: HTMLElement;
  key: string | undefined;
}

const setText = (element: HTMLElement, text: string) => {
  if (element.textContent !== text) element.textContent = text;
};

/**
 * One tool call in the transcript, updated in place as `chat/toolCall` messages arrive for its id.
 * The summary line (name, status, duration, verify badge) is always visible; code, output and
 * results fold under it so long tool output does not bury the answer. Images and a pending
 * approval stay outside the fold. Each update touches only the parts that changed, so an open
 * fold, a text selection and keyboard focus survive it.
 */
export class ToolCallCard {
  readonly element = el('div', 'tool-call');
  readonly #actions: ToolCallActions;
  readonly #summary = el('summary', 'tool-call-summary');
  readonly #name = el('span', 'tool-call-name');
  readonly #status = el('span', 'tool-call-status');
  readonly #duration = el('span', 'tool-call-duration');
  readonly #badge = el('span', 'tool-call-badge');
  // The visible status sits in the summary; this copy outside the fold is what screen readers
  // are told when it changes (a live region inside a closed <details> would say nothing).
  readonly #announcer = el('span', 'visually-hidden');
  readonly #slots = {
    input: this.#slot(),
    logs: this.#slot(),
    output: this.#slot(),
    results: this.#slot(),
    images: this.#slot('tool-images'),
    approval: this.#slot(),
  };
  #badgeKey: boolean | undefined;

  constructor(actions: ToolCallActions) {
    this.#actions = actions;
    this.element.setAttribute('role', 'group');
    const icon = el('span', 'tool-call-icon');
    icon.setAttribute('aria-hidden', 'true');
    this.#summary.append(icon, this.#name, this.#status, this.#duration, this.#badge);
    const body = el('div', 'tool-call-body md-message');
    const { input, logs, output, results, images, approval } = this.#slots;
    body.append(input.element, logs.element, output.element, results.element);
    const details = el('details', 'tool-call-details');
    details.append(this.#summary, body);
    this.#announcer.setAttribute('role', 'status');
    this.element.append(details, images.element, approval.element, this.#announcer);
    handleMessageEvents(body, { onCodeAction: actions.onCodeAction });
  }

  update(call: ToolCallView): void {
    const label = toolLabel(call);
    const status = statusText(call);
    this.element.dataset.callId = call.id;
    this.element.dataset.kind = call.kind;
    this.element.dataset.status = call.approval?.state === 'pending' ? 'approval' : call.status;
    this.element.setAttribute('aria-label', t('Tool call: {0}', label));
    setText(this.#name, label);
    setText(this.#status, status);
    setText(this.#duration, call.durationMs === undefined ? '' : formatDuration(call.durationMs));
    if (this.#badgeKey !== call.verified) {
      this.#badgeKey = call.verified;
      this.#badge.replaceChildren(...(call.verified === undefined ? [] : [verifiedBadge(call.verified, 'card')]));
    }
    const announced = call.verified === true ? t('{0}: {1}, verified', label, status) : call.verified === false ? t('{0}: {1}, check failed', label, status) : t('{0}: {1}', label, status);
    setText(this.#announcer, announced);

    const { input, logs, output, results, images, approval } = this.#slots;
    this.#fill(input, `${call.kind}\n${call.arguments}`, () => inputSection(call));
    this.#fill(logs, call.logs, () => logsSection(call));
    this.#fill(output, call.output, () => outputSection(call));
    this.#fill(results, call.results && JSON.stringify(call.results), () => resultsSection(call));
    this.#fill(images, call.images?.map((i) => `${i.fileId} ${i.src}`).join('\n'), () => imagesSection(call, this.#actions.onSaveFile));
    this.#fill(approval, call.approval && `${call.approval.state}\n${call.approval.target ?? ''}\n${call.approval.preview}`, () =>
      approvalSection(call, label, (decision) => this.#actions.onApprove(call.id, decision)),
    );
  }

  #slot(className?: string): Slot {
    const element = el('div', className);
    element.hidden = true;
    return { element, key: undefined };
  }

  #fill(slot: Slot, key: string | undefined, build: () => Node[]): void {
    if (slot.key === key) return;
    slot.key = key;
    const hadFocus = slot.element.contains(document.activeElement);
    slot.element.replaceChildren(...(key === undefined ? [] : build()));
    slot.element.hidden = !slot.element.hasChildNodes();
    // Keyboard users keep their place when the part they were in is rebuilt (an approval answered).
    if (hadFocus) (slot.element.querySelector<HTMLElement>('[tabindex="-1"]') ?? this.#summary).focus();
  }
}
