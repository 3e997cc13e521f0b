/**
 * What the scripted model says during fuzzing, decided from each request so runs reach every
 * state: a run offered the caller's own functions calls one (the run then waits in
 * requires_action for tool outputs), one offered file search searches, and everything else gets
 * a short streamed answer, slow enough that a cancel can land mid-run. The code interpreter is
 * never called: Python is another suite's subject. The Responses API's model calls get the same.
 */
import type { ChatBody, Turn } from '../../../harness/fakeModel';

const BUILTIN_FUNCTIONS = new Set(['python', 'file_search']);

export const fuzzModelTurn: Turn = {
  respond(body: ChatBody): Turn {
    const messages = (body.messages ?? []) as { role?: string }[];
    // Once a tool result is in the context the model answers, so tool loops end.
    if (messages.some((m) => m.role === 'tool')) return { text: ['Done', '.'] };
    const names = ((body.tools ?? []) as { function?: { name?: string } }[]).map((t) => t.function?.name ?? '');
    const own = names.filter((n) => n && !BUILTIN_FUNCTIONS.has(n));
    if (own.length) return { toolCalls: own.slice(0, 2).map((name) => ({ name, arguments: '{"x":1}' })) };
    if (names.includes('file_search')) return { toolCalls: [{ name: 'file_search', arguments: '{"query":"lorem ipsum dolor"}' }] };
    return { text: ['Let ', 'us ', 'think ', 'step by step.'], delayMs: 5 };
  },
};
