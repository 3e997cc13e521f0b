// Which fonts Chromium really drew an element's text with, asked through the DevTools protocol
// (CSS.getPlatformFontsForNode): the way to tell characters drawn from a font that has them from
// empty boxes, which a DOM or a screenshot diff cannot tell apart without a reference image.
import type { CDPSession, Frame, Page } from 'playwright-core';

export interface PlatformFont {
  familyName: string;
  postScriptName?: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/** The element's own text (its text-node children, not its elements') and the fonts that drew it. */
export interface DrawnText {
  text: string;
  fonts: PlatformFont[];
}

const PROBE = 'data-glyph-probe';

/**
 * The fonts Chromium used for the text nodes directly inside the first element matching `selector`
 * in `frame` (a webview's inner frame, say). The element is found by a marker attribute and the
 * protocol's DOM search, which looks into every frame the session inspects: the webview frames
 * may share the page's renderer or be out-of-process, and the search works for either.
 */
export async function platformFontsOf(page: Page, frame: Frame, selector: string): Promise<DrawnText> {
  const text = await frame.locator(selector).first().evaluate((element, probe) => {
    element.setAttribute(probe, '');
    return Array.from(element.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('');
  }, PROBE);
  const session = await sessionFor(page, frame);
  try {
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const search = await session.send('DOM.performSearch', { query: `[${PROBE}]`, includeUserAgentShadowDOM: false });
    if (search.resultCount === 0) throw new Error(`the protocol's DOM search found no element for ${selector}`);
    const { nodeIds } = await session.send('DOM.getSearchResults', { searchId: search.searchId, fromIndex: 0, toIndex: 1 });
    const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId: nodeIds[0]! });
    return { text, fonts };
  } finally {
    await frame.locator(`[${PROBE}]`).evaluateAll((elements, probe) => elements.forEach((e) => e.removeAttribute(probe)), PROBE).catch(() => {});
    await session.detach().catch(() => {});
  }
}

/** An out-of-process frame has a protocol session of its own; an in-process one is the page's. */
async function sessionFor(page: Page, frame: Frame): Promise<CDPSession> {
  try {
    return await page.context().newCDPSession(frame);
  } catch {
    return page.context().newCDPSession(page);
  }
}

/** Han characters and full-width CJK punctuation: what a Latin font has no glyph for. */
export function cjkCharacters(text: string): string[] {
  return [...text].filter((c) => /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(c));
}
