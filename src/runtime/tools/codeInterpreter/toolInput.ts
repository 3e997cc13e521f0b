import { Allow, parse } from 'partial-json';
import { rereadingDecoder } from '../builtinTool';

/**
 * The code in the model's tool-call arguments: `{"code": "..."}` as the definition asks, complete
 * or still streaming (partial JSON decodes to the code so far, so the run step's input grows as
 * the model writes). Models sometimes send the code itself instead of JSON, or a JSON string,
 * or the code under another key; all of those are taken as they come.
 */
export function codeFromArguments(raw: string): string {
  const text = raw.trimStart();
  if (!text) return '';
  const jsonString = text.startsWith('"') && !text.startsWith('"""');
  // A JSON object's first key starts with a quote; `{1: 2}` or `{x for x in y}` is Python.
  const jsonObject = /^\{\s*("|\}|$)/.test(text);
  if (!jsonObject && !jsonString) return raw;
  let parsed: unknown;
  try {
    parsed = parse(text, Allow.STR | Allow.OBJ);
  } catch {
    // Not JSON after all (a dict literal, say): the code itself.
    return raw;
  }
  if (typeof parsed === 'string') return parsed;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return '';
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.code === 'string') return fields.code;
  const other = Object.values(fields).find((v): v is string => typeof v === 'string');
  return other ?? '';
}

/** `{"code": "` as models send it (any whitespace), and every text that could still grow into it. */
const CODE_OPENING = /^\s*\{\s*"code"\s*:\s*"/;
const CODE_OPENING_SO_FAR = /^\s*(\{\s*("(c(o(d(e("\s*(:\s*)?)?)?)?)?)?)?)?$/;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes the code from tool-call arguments as they stream, one fragment at a time, returning
 * only the code each fragment adds. Re-parsing the whole partial JSON per fragment (what
 * `codeFromArguments` does) costs the square of the code's length: 1.9 s of event-loop time for
 * 32 KB of code arriving 4 characters at a time. Here the usual shape, `{"code": "…`, is decoded
 * in one pass; an escape split across fragments waits for its end, and so does half a surrogate
 * pair. Any other shape (code sent bare, another key first, a JSON string) falls back to
 * `codeFromArguments` on the whole text so far, which is correct for everything, only slower.
 *
 * @example
 *   const push = createCodeInputDecoder();
 *   push('{"code": "print(');  // 'print('
 *   push('1)\\');              // '1)'  (the escape is not complete yet)
 *   push('n"}');               // '\n'
 */
export function createCodeInputDecoder(): (fragment: string) => string {
  let mode: 'opening' | 'string' | 'closed' = 'opening';
  let raw = '';
  /** The code returned so far. */
  let shown = '';
  /** Raw text not decoded yet: an escape cut short by the fragment's end. */
  let tail = '';
  /** A decoded high surrogate whose low half has not arrived. */
  let held = '';

  /** Decodes string content up to the closing quote, saying whether it closed or was not JSON. */
  const decode = (text: string): { out: string; end: 'open' | 'closed' | 'invalid' } => {
    let out = held;
    held = '';
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') return { out, end: 'closed' };
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      if (i + 1 >= text.length) break;
      const kind = text[i + 1]!;
      if (kind === 'u') {
        if (i + 6 > text.length) break;
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { out, end: 'invalid' };
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      const simple = SIMPLE_ESCAPES[kind];
      if (simple === undefined) return { out, end: 'invalid' };
      out += simple;
      i += 2;
    }
    tail = text.slice(i);
    const last = out.charCodeAt(out.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      held = out.slice(-1);
      out = out.slice(0, -1);
    }
    return { out, end: 'open' };
  };

  /** The slow, general path, once the text is known not to be the usual shape. */
  let whole: ((fragment: string) => string) | undefined;
  const giveUp = (): string => {
    whole = rereadingDecoder(codeFromArguments, shown);
    return whole(raw);
  };

  return (fragment: string): string => {
    if (whole) return whole(fragment);
    raw += fragment;
    if (mode === 'closed') return '';
    let text: string;
    if (mode === 'string') {
      text = tail + fragment;
      tail = '';
    } else {
      const opening = CODE_OPENING.exec(raw);
      if (!opening) {
        if (CODE_OPENING_SO_FAR.test(raw)) return '';
        return giveUp();
      }
      mode = 'string';
      text = raw.slice(opening[0].length);
    }
    const { out, end } = decode(text);
    shown += out;
    if (end === 'closed') mode = 'closed';
    if (end !== 'invalid') return out;
    // Not JSON after all (a bad escape): the general path decides what the text is.
    return out + giveUp();
  };
}
