import type { Entry } from './entry';

/** Rough text metrics of the chat's font (13 px, line height 1.5); corrected by measurement. */
const LINE_PX = 19.5;
const CHAR_PX = 7;
const DISPLAY_MATH_PX = 46;
const ENTRY_CHROME_PX = 36;
const TOOL_CARD_PX = 40;

/**
 * A height for an entry never rendered at this width, from its text: wrapped lines, display
 * formulas and code lines. Only a first guess — the list measures each entry once it renders and
 * keeps the scroll position steady when the guess was off.
 */
export function estimateHeight(entry: Entry, width: number): number {
  if (entry.kind === 'tool') return TOOL_CARD_PX;
  const perLine = Math.max(20, Math.floor((width - 24) / CHAR_PX));
  const text = entry.text();
  let lines = 0;
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('```')) inCode = !inCode;
    lines += inCode || line.length === 0 ? 1 : Math.ceil(line.length / perLine);
  }
  const displayMath = (text.match(/\$\$/g)?.length ?? 0) / 2 + (text.match(/\\\[/g)?.length ?? 0);
  return Math.round(ENTRY_CHROME_PX + lines * LINE_PX + displayMath * DISPLAY_MATH_PX);
}
