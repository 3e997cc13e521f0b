/**
 * The CSS properties KaTeX (layout of boxes, struts, rules, `\color`, `\colorbox`) and
 * markdown-it (table column alignment) put in `style` attributes. Nothing else may be styled.
 */
const ALLOWED_PROPERTIES = new Set([
  'background-color', 'border', 'border-bottom-width', 'border-color', 'border-right-style', 'border-right-width',
  'border-style', 'border-top-width', 'border-width', 'bottom', 'color', 'height', 'left', 'margin',
  'margin-left', 'margin-right', 'margin-top', 'min-width', 'padding-left', 'position', 'text-align',
  'text-shadow', 'top', 'vertical-align', 'width',
]);

// Lengths, numbers, keywords, colours and calc(); no url(), no escapes, no `;` or `:` smuggling.
const SAFE_VALUE = /^[-+\w.#%(), ]*$/;
const UNSAFE_WORDS = /url|expression|image|attr|var\s*\(|env\s*\(/i;

/** The allowed `property: value` pairs of a `style` attribute, in order. */
export function allowedDeclarations(style: string): Array<[property: string, value: string]> {
  const out: Array<[string, string]> = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (ALLOWED_PROPERTIES.has(property) && value && SAFE_VALUE.test(value) && !UNSAFE_WORDS.test(value)) {
      out.push([property, value]);
    }
  }
  return out;
}

/**
 * Applies a sanitised `style` attribute through the CSSOM. A CSP `style-src` without
 * 'unsafe-inline' blocks `style` attributes that come from parsed HTML (innerHTML, DOMParser
 * nodes adopted into the page, `setAttribute('style')`), but not styles set with
 * `element.style.setProperty`, which is how KaTeX's layout survives the webview's CSP.
 *
 * @example applyInlineStyle(span, 'height:0.6944em;vertical-align:-0.25em;')
 */
export function applyInlineStyle(element: Element, style: string): void {
  const target = (element as HTMLElement).style as CSSStyleDeclaration | undefined;
  if (!target) return;
  for (const [property, value] of allowedDeclarations(style)) target.setProperty(property, value);
}
