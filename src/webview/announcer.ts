import { t } from './l10n';

/**
 * What a screen reader hears about answers: one polite status line when Tutor starts, finishes
 * or stops. The transcript itself is a feed, not a live region: read live, a streamed answer
 * would be announced delta by delta, and a restored or paged-in conversation all at once. Notices
 * are live regions of their own (alert for errors, status otherwise), so they need nothing here.
 */
export function createAnnouncer(region: HTMLElement) {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const say = (text: string) => {
    // Cleared first, then set on the next task: the same words twice in a row are read again.
    if (pending) clearTimeout(pending);
    region.textContent = '';
    pending = setTimeout(() => (region.textContent = text), 50);
  };
  return {
    answerStarted: () => say(t('Tutor is answering…')),
    answerEnded: (status: 'complete' | 'incomplete') =>
      say(status === 'complete' ? t('Tutor answered. The answer is the last message of the conversation.') : t('Tutor stopped. The answer is incomplete.')),
  };
}
