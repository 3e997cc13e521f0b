// The DOM half of the XSS checks, shared by the renderer corpus (render/xss.ui.test.ts) and the
// chat channels (chat/xssChannels.ui.test.ts). The other halves — the global canary, CSP
// `securitypolicyviolation` reports and stray requests — live with each test page.

/** Elements that can run, load, submit or navigate; none belongs in rendered model output. */
export const DANGEROUS_ELEMENTS = 'script, iframe, frame, object, embed, form, input, textarea, select, style, link, meta, base, template, foreignObject, use, image, animate, set, annotation-xml';

/**
 * Runs in the page (pass it to page.evaluate): everything under `selector` that could run, load
 * or navigate. Self-contained on purpose, as Playwright sends its source to the browser.
 */
export const scanForExecutables = ({ selector, dangerous }: { selector: string; dangerous: string }): string[] => {
  const out: string[] = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const el of root.querySelectorAll(dangerous)) out.push(`element <${el.localName}>`);
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? '';
        if (/^on/i.test(attr)) out.push(`handler ${attr} on <${el.localName}>`);
        if (/^(target|formaction|action|xlink:href|srcdoc)$/i.test(attr)) out.push(`attribute ${attr} on <${el.localName}>`);
        if (attr === 'href' && !/^(https?:|mailto:)/i.test(value)) out.push(`href ${value}`);
        if (attr === 'src' && !/^data:image\/(png|jpeg|gif|webp);/i.test(value)) out.push(`src ${value}`);
        if (attr === 'style' && /url|expression|javascript/i.test(value)) out.push(`style ${value}`);
      }
    }
  }
  return out;
};
