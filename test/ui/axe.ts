// An automated accessibility audit (axe-core, WCAG 2.0/2.1 levels A and AA) of part of a page.
// axe is evaluated as an expression through the browser's debugging protocol, which the
// webview's strict CSP does not govern; nothing of the page's own policy is relaxed for it.
import axe from 'axe-core';
import type { ElementHandle, Frame } from 'playwright-core';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Audits `frame`'s document, or only the element `scope` (of that frame), and returns every
 * violation with its impact and up to five of the elements it was found on.
 */
export async function audit(frame: Frame, scope?: ElementHandle): Promise<AxeFinding[]> {
  if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(axe.source);
  return frame.evaluate(
    async ({ tags, element }) => {
      const engine = (window as unknown as { axe: typeof axe }).axe;
      const r = await engine.run((element as Element | null) ?? document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`) }));
    },
    { tags: WCAG_21_AA, element: scope ?? null },
  );
}

/** The findings a user is blocked or badly hindered by. */
export function seriousOrWorse(findings: AxeFinding[]): AxeFinding[] {
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}
