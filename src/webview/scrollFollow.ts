/**
 * Keeps the newest text in view while it streams, unless the reader scrolled up to read: then the
 * position stays put and a "Jump to latest" button appears.
 */
export function followScroll(scroller: HTMLElement, jumpButton: HTMLElement) {
  let following = true;
  const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;
  scroller.addEventListener('scroll', () => {
    following = atBottom();
    jumpButton.hidden = following;
  }, { passive: true });
  jumpButton.addEventListener('click', () => {
    following = true;
    jumpButton.hidden = true;
    scroller.scrollTop = scroller.scrollHeight;
  });
  return {
    /** True while the view sticks to the newest text. */
    get following() {
      return following;
    },
    /** Stops following without moving (a saved position is about to be restored). */
    hold() {
      following = false;
      jumpButton.hidden = false;
    },
    /** Call after content changed. */
    update() {
      if (following) scroller.scrollTop = scroller.scrollHeight;
      else jumpButton.hidden = false;
    },
    /** Scroll to the end and follow again (after sending). */
    reset() {
      following = true;
      jumpButton.hidden = true;
      scroller.scrollTop = scroller.scrollHeight;
    },
  };
}
