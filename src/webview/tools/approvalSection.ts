import type { ToolCallView } from '../../common/protocol';
import { el } from '../dom';
import { t } from '../l10n';
import { clipForDisplay } from './toolCallText';

export type ApprovalDecision = 'approve' | 'deny' | 'always';

const CHOICES: ReadonlyArray<{ decision: ApprovalDecision; label: string; secondary: boolean }> = [
  { decision: 'approve', label: t('Approve'), secondary: false },
  { decision: 'deny', label: t('Deny'), secondary: true },
  { decision: 'always', label: t('Always allow in this workspace'), secondary: true },
];

/**
 * The approval part of a card. While pending: where the tool will act (the target, when it has
 * one), what it will do (the preview, as text in a code block) and Approve / Deny / Always allow. Once the host reports the answer (a later
 * `chat/toolCall`), only the outcome. `decide` resolves false when the answer did not reach the
 * host, and the buttons come back.
 */
export function approvalSection(call: ToolCallView, toolName: string, decide: (decision: ApprovalDecision) => Promise<boolean>): Node[] {
  const approval = call.approval;
  if (!approval) return [];
  const panel = el('div', `tool-approval ${approval.state}`);
  if (approval.state !== 'pending') {
    const outcome = el('p', 'tool-approval-state', approval.state === 'approved' ? `✓ ${t('Approved')}` : `✗ ${t('Denied')}`);
    // The card moves keyboard focus here when the buttons under it go away.
    outcome.tabIndex = -1;
    panel.append(outcome);
    return [panel];
  }

  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', t('{0} needs your approval', toolName));
  panel.append(el('p', 'tool-approval-prompt', t('Tutor wants to run {0}. Allow it?', toolName)));
  // Where it lands comes before what: approving text without knowing the file is approving blind.
  if (approval.target) panel.append(el('p', 'tool-approval-target', approval.target));
  if (approval.preview) {
    const pre = el('pre', 'tool-approval-preview');
    pre.append(el('code', undefined, clipForDisplay(approval.preview)));
    pre.tabIndex = 0; // it scrolls when long
    pre.setAttribute('aria-label', t('What it will do'));
    panel.append(pre);
  }
  const buttons = el('div', 'tool-approval-buttons');
  const error = el('p', 'tool-approval-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const all: HTMLElement[] = [];
  // aria-disabled, not disabled: a disabled vscode-button is a disabled form control, which
  // Chromium blurs, and keyboard focus would fall to the page while the answer is on its way.
  const setDisabled = (disabled: boolean) => all.forEach((b) => b.setAttribute('aria-disabled', String(disabled)));
  for (const { decision, label, secondary } of CHOICES) {
    // The composer's buttons: theme-aware, focusable, Enter and Space click them.
    const choice = document.createElement('vscode-button');
    if (secondary) choice.setAttribute('secondary', '');
    choice.textContent = label;
    choice.dataset.decision = decision;
    choice.addEventListener('click', () => {
      if (choice.getAttribute('aria-disabled') === 'true') return;
      // One answer per card: a double click must not send two.
      setDisabled(true);
      error.hidden = true;
      void decide(decision).then((delivered) => {
        if (delivered) return;
        setDisabled(false);
        error.textContent = t('Your answer did not reach Tutor. Try again.');
        error.hidden = false;
      });
    });
    all.push(choice);
    buttons.append(choice);
  }
  panel.append(buttons, error);
  return [panel];
}
