import type { ToolCallView } from '../../common/protocol';
import type { AssistantMessage } from '../assistantMessage';
import { ToolCallCard, type ToolCallActions } from './toolCallCard';

/**
 * The transcript's tool calls: one card per call id, updated in place; which answer each call
 * belongs to; and the "✓ Verified" badge of the answers whose verify_math checks passed.
 */
export function createTranscriptToolCalls(root: HTMLElement, assistants: ReadonlyMap<string, AssistantMessage>, actions: ToolCallActions) {
  const cards = new Map<string, ToolCallCard>();
  /** The answer each call belongs to, from the first update that named one. */
  const callMessages = new Map<string, string>();
  /** verify_math calls whose check passed. */
  const verifiedCalls = new Set<string>();
  // Verified calls that named no answer (tools usually run before the run's message is created):
  // the answer that comes next gets their badge.
  const awaitingAnswer = new Set<string>();

  return {
    upsert(call: ToolCallView, messageId?: string): void {
      let card = cards.get(call.id);
      if (!card) {
        card = new ToolCallCard(actions);
        cards.set(call.id, card);
        const owner = messageId ? assistants.get(messageId) : undefined;
        if (owner) owner.appendTool(card.element);
        else {
          root.querySelector(':scope > .empty')?.remove();
          root.append(card.element);
        }
      }
      if (messageId && !callMessages.has(call.id)) callMessages.set(call.id, messageId);
      card.update(call);

      const verified = call.verified === true;
      if (verified) verifiedCalls.add(call.id);
      else verifiedCalls.delete(call.id);
      const ownerId = callMessages.get(call.id);
      if (ownerId) assistants.get(ownerId)?.setVerified(call.id, verified);
      else if (verified) awaitingAnswer.add(call.id);
      else awaitingAnswer.delete(call.id);
    },

    /** An answer started: it takes the badges waiting for it. */
    answerStarted(id: string, message: AssistantMessage): void {
      for (const callId of awaitingAnswer) callMessages.set(callId, id);
      awaitingAnswer.clear();
      for (const [callId, messageId] of callMessages) if (messageId === id && verifiedCalls.has(callId)) message.setVerified(callId, true);
    },

    /** A new question starts a new run: earlier calls' badges no longer look for an answer. */
    questionAsked(): void {
      awaitingAnswer.clear();
    },

    clear(): void {
      cards.clear();
      callMessages.clear();
      verifiedCalls.clear();
      awaitingAnswer.clear();
    },
  };
}
