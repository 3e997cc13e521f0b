import { Allow, parse } from 'partial-json';

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
