import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import latex from 'highlight.js/lib/languages/latex';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';

// highlight.js core plus the languages students ask about; the full build would add ~900 kB.
const languages = { bash, c, cpp, java, javascript, json, latex, markdown, python, typescript };
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

/**
 * Highlighted HTML for a fenced code block (escaped text in `hljs-*` spans), or '' for a
 * language we do not know, which tells markdown-it to escape the code itself.
 *
 * @example highlightCode('print(1)', 'python') // '<span class="hljs-built_in">print</span>(…)'
 */
export function highlightCode(code: string, language: string): string {
  const name = language.trim().toLowerCase();
  if (!name || !hljs.getLanguage(name)) return '';
  try {
    return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch {
    return '';
  }
}
