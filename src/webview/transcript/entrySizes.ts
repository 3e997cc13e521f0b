import type { Entry, Sized } from './entry';
import { estimateHeight } from './heightEstimate';

/**
 * How tall each entry is, margins included, by key: measured once it has been in the DOM at this
 * width, estimated from its text before. Kept by key, so a thread opened again (or a reset with
 * the same messages) starts from real heights.
 */
export class EntrySizes {
  readonly #sizes = new Map<string, Sized & { width: number }>();
  readonly #margins = new Map<string, number>();

  of(entry: Entry, width: number): Sized {
    const size = this.#sizes.get(entry.key);
    if (size && (size.measured || size.width === width)) return size;
    const estimate = { height: estimateHeight(entry, width), measured: false, width };
    this.#sizes.set(entry.key, estimate);
    return estimate;
  }

  /** Takes an attached entry's height; true when it differs from what was known. */
  measure(entry: Entry, width: number): boolean {
    const element = entry.element;
    if (!element?.isConnected) return false;
    const height = element.offsetHeight + this.#margin(element);
    const size = this.#sizes.get(entry.key);
    if (size?.measured && size.height === height && size.width === width) return false;
    this.#sizes.set(entry.key, { height, measured: true, width });
    return true;
  }

  /** Vertical margins of an element's kind (static CSS, read once per class list). */
  #margin(element: HTMLElement): number {
    let margin = this.#margins.get(element.className);
    if (margin === undefined) {
      const style = getComputedStyle(element);
      margin = parseFloat(style.marginTop) + parseFloat(style.marginBottom);
      this.#margins.set(element.className, margin);
    }
    return margin;
  }
}
