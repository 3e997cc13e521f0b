import type { KatexOptions } from 'katex';

/**
 * KaTeX settings for model-written math.
 * - `trust: false`: `\href`, `\url`, `\includegraphics` and `\html…` render as red command names,
 *   never as links, images or attributes.
 * - `output: 'htmlAndMathml'`: the HTML half is laid out for the eye (and `aria-hidden`); the
 *   MathML half, with the TeX source as its annotation, is what screen readers read.
 * - `maxSize` / `maxExpand`: a model cannot ask for a 10,000 em rule or an endless macro loop.
 */
export const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  output: 'htmlAndMathml',
  strict: 'ignore',
  maxSize: 50,
  maxExpand: 500,
} as const satisfies KatexOptions;
