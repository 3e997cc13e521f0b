import DOMPurify, { type Config } from 'dompurify';
import { applyInlineStyle } from './inlineStyles';

// Our own instance, so our hooks and config never touch another caller's DOMPurify.
const purify = DOMPurify(window);

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  RETURN_DOM_FRAGMENT: true,
  USE_PROFILES: { html: true, mathMl: true, svg: true },
  // KaTeX's MathML puts the TeX source in <semantics><annotation>; DOMPurify drops both by default
  // but keeps their text, which would leak raw TeX into what screen readers read.
  ADD_TAGS: ['semantics', 'annotation'],
  // `data-math` marks a formula slot (formulaSlots.ts), `data-style` a parked style (below);
  // with html: false only the renderer itself can write either.
  ADD_ATTR: ['encoding', 'data-math', 'data-style'],
  ADD_URI_SAFE_ATTR: ['data-style'],
  FORBID_TAGS: [
    'script', 'style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select',
    'option', 'link', 'meta', 'base', 'template', 'foreignobject', 'image', 'use', 'animate', 'set',
    'annotation-xml',
  ],
  // No `target` (links never open a window from the webview), no ids or names (DOM clobbering).
  // No `style` either: the renderer's own styles arrive parked as `data-style` (see below).
  FORBID_ATTR: ['target', 'id', 'name', 'srcset', 'action', 'formaction', 'xlink:href', 'ping', 'style'],
  ALLOW_DATA_ATTR: false,
};

// Links may only be web or mail addresses; relative, javascript:, vbscript: and data: hrefs go.
// (Not via ALLOWED_URI_REGEXP: DOMPurify tests every attribute that is not a known plain-text one
// against it, which would strip KaTeX's MathML and SVG attributes.)
const SAFE_HREF = /^(?:https?:|mailto:)/i;

// Inline images: bitmap data URIs only. Remote images would be blocked by the CSP anyway and
// would tell a third party that a message was read.
const SAFE_IMAGE_SRC = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

/** Whether `src` is an image the webview may show: a bitmap `data:` URI (see SAFE_IMAGE_SRC). */
export const isSafeImageSrc = (src: string): boolean => SAFE_IMAGE_SRC.test(src);

// A code interpreter file the answer links to (`[result.csv](sandbox:/mnt/data/result.csv)`) loses
// its href like any other non-web link (DOMPurify drops it first), but the chat's annotations need
// to find the link again to turn it into a Save button (annotations/). So the href is noted before
// DOMPurify looks at the attributes and written back under this name after its checks; with
// html: false nothing else can produce this attribute, and it never navigates.
export const SANDBOX_HREF_ATTRIBUTE = 'data-sandbox-href';
const SANDBOX_HREF = /^sandbox:/i;
const sandboxHrefs = new WeakMap<Element, string>();

let pendingStyles: Array<[Element, string]> = [];

// Chromium parses DOMPurify's input in a DOMParser document that inherits the page's CSP, so a
// `style` attribute there already logs a CSP violation (though the page gets no event). The
// renderer's HTML escapes `"` in all text (markdown-it, KaTeX and highlight.js do), so ` style="`
// only ever starts a real attribute; it reaches the parser under this name instead.
const STYLE_ATTRIBUTE = / style="/g;
const PARKED_STYLE = 'data-style';

// Set once: DOMPurify otherwise rebuilds its allow-lists on every call (a frame's render calls it).
// The hooks below run before and after DOMPurify's own attribute checks; an uponSanitizeAttribute
// hook would make it copy its attribute allow-list on every call.
purify.setConfig(CONFIG);

purify.addHook('beforeSanitizeAttributes', (node) => {
  const href = node.nodeName === 'A' ? node.getAttribute('href')?.trim() : undefined;
  if (href && SANDBOX_HREF.test(href)) sandboxHrefs.set(node, href);
});

purify.addHook('afterSanitizeAttributes', (node) => {
  const parked = node.getAttribute(PARKED_STYLE);
  if (parked !== null) {
    // Kept aside and applied through the CSSOM once the nodes belong to the page (see inlineStyles).
    pendingStyles.push([node, parked]);
    node.removeAttribute(PARKED_STYLE);
  }
  const href = node.getAttribute('href');
  if (href !== null && !SAFE_HREF.test(href.trim())) node.removeAttribute('href');
  const sandboxHref = sandboxHrefs.get(node);
  if (sandboxHref !== undefined) node.setAttribute(SANDBOX_HREF_ATTRIBUTE, sandboxHref);
  const src = node.getAttribute('src');
  if (src !== null && (node.nodeName !== 'IMG' || !SAFE_IMAGE_SRC.test(src))) node.removeAttribute('src');
  if (node.nodeName === 'IMG' && !node.hasAttribute('src')) node.remove();
});

/**
 * Sanitises renderer output into nodes owned by this document, with KaTeX's inline styles
 * applied through the CSSOM so they work under the webview's CSP.
 *
 * @example container.replaceChildren(sanitizeToFragment('<p>hi <img src=x onerror=alert(1)></p>'))
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  pendingStyles = [];
  // RETURN_DOM_FRAGMENT is in the config set above, which the typings cannot see.
  const sanitized = purify.sanitize(html.replace(STYLE_ATTRIBUTE, ` ${PARKED_STYLE}="`)) as unknown as DocumentFragment;
  const fragment = document.adoptNode(sanitized);
  for (const [element, style] of pendingStyles) applyInlineStyle(element, style);
  pendingStyles = [];
  return fragment;
}
