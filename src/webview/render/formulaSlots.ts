import katex from 'katex';
import { KATEX_OPTIONS } from './katexOptions';
import { sanitizeToFragment } from './sanitizeHtml';

interface Formula {
  tex: string;
  displayMode: boolean;
}

// Formulas met by the markdown render in progress, in order; a slot's number indexes this list.
let pending: Formula[] = [];

/**
 * What the markdown engine calls instead of KaTeX: it notes the formula and returns an empty
 * slot, `<span data-math="N">`. The slot is filled after sanitising (see fillFormulaSlots), so
 * the HTML that is parsed and sanitised on every frame of a stream stays small, and each formula
 * is typeset and sanitised once, not once per frame.
 *
 * @example formulaSlot('\\frac{1}{2}', false) // '<span data-math="0"></span>'
 */
export function formulaSlot(tex: string, displayMode: boolean): string {
  pending.push({ tex, displayMode });
  return `<span data-math="${pending.length - 1}"></span>`;
}

/** The plugin's `katex` option: it only ever calls renderToString. */
export const slotKatex = {
  renderToString: (tex: string, options?: { displayMode?: boolean }) => formulaSlot(tex, options?.displayMode === true),
};

/** Forgets the formulas of an earlier render; call before each markdown render. */
export function startFormulaSlots(): void {
  pending = [];
}

/** Replaces every slot under `root` with its typeset formula (the formulas since startFormulaSlots). */
export function fillFormulaSlots(root: DocumentFragment): void {
  const formulas = pending;
  pending = [];
  for (const slot of Array.from(root.querySelectorAll('span[data-math]'))) {
    const formula = formulas[Number(slot.getAttribute('data-math'))];
    if (formula) slot.replaceWith(typesetFormula(formula).cloneNode(true));
    else slot.remove();
  }
}

const CACHE_LIMIT = 500;
const cache = new Map<string, DocumentFragment>();

/**
 * A formula as sanitised DOM, memoised (least recently used goes first). Clones keep KaTeX's
 * CSSOM-applied styles.
 */
function typesetFormula({ tex, displayMode }: Formula): DocumentFragment {
  const key = `${displayMode ? 'D' : 'I'}${tex}`;
  let nodes = cache.get(key);
  if (nodes) {
    cache.delete(key);
  } else {
    nodes = sanitizeToFragment(katexHtml(tex, displayMode));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, nodes);
  return nodes;
}

function katexHtml(tex: string, displayMode: boolean): string {
  try {
    // Parse errors come back as a red `.katex-error` span (throwOnError: false).
    return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch {
    const escaped = tex.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    return `<span class="katex-error">${escaped}</span>`;
  }
}
