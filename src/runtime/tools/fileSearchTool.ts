import type { BuiltinTool, BuiltinToolResult, ToolSource } from './builtinTool';
import type { SearchHit } from '../fileSearch/types';

/** A passage found, with its file's attributes. */
export interface SearchResult extends SearchHit {
  attributes: Record<string, string | number | boolean> | null;
}

/**
 * What the tool needs of vector stores: a search of those still there (the vector store service
 * is one; narrow, so tests and wiring can pass a stand-in).
 */
export interface FileSearcher {
  searchAvailable(
    vectorStoreIds: string[],
    request: { queries: string[]; maxResults: number; scoreThreshold: number; signal?: AbortSignal },
  ): Promise<{ results: SearchResult[]; searched: string[] }>;
}

/** OpenAI's default for gpt-4-class models. */
const DEFAULT_MAX_RESULTS = 20;
/** Runs remembered for numbering their searches; old ones are forgotten first. */
const MAX_RUNS_REMEMBERED = 1000;

/**
 * The marker the model cites a passage with: 【call:result†file】, like OpenAI's 【4:0†source】.
 * `call` numbers the searches of one run, so markers stay unique across a run's steps. Brackets
 * inside a file name would end the marker early, so they are replaced.
 */
export function citationMarker(call: number, result: number, filename: string): string {
  return `【${call}:${result}†${filename.replace(/[【】[\]]/g, '_')}】`;
}

const DESCRIPTION = [
  "Searches the files the user gave you (uploaded documents, notes, exercise sheets) and returns the passages most relevant to the queries.",
  'Use it whenever the answer may be in those files. Each passage starts with a marker such as 【1:0†notes.md】.',
  'When your answer uses a passage, cite it by copying its marker exactly, right after the sentence it supports. Never invent markers.',
].join(' ');

/**
 * The `file_search` built-in tool: the model calls a `file_search` function with its queries,
 * the run's vector stores are searched, and the passages come back labelled with citation markers.
 * The run step records the results (with their text; the engine shows it only when include[] asks),
 * and each marker becomes a `file_citation` annotation when the answer cites it.
 *
 * @example
 *   const runtime = createRuntime({ ...deps, tools: [createFileSearchTool(vectorStores)] });
 */
export function createFileSearchTool(service: FileSearcher): BuiltinTool {
  const callsPerRun = new Map<string, number>();
  const nextCall = (runId: string): number => {
    const n = (callsPerRun.get(runId) ?? 0) + 1;
    callsPerRun.delete(runId);
    callsPerRun.set(runId, n);
    if (callsPerRun.size > MAX_RUNS_REMEMBERED) callsPerRun.delete(callsPerRun.keys().next().value!);
    return n;
  };

  return {
    type: 'file_search',
    definition: {
      type: 'function',
      function: {
        name: 'file_search',
        description: DESCRIPTION,
        parameters: {
          type: 'object',
          properties: {
            queries: {
              type: 'array',
              items: { type: 'string' },
              description: 'One to five search queries: the question itself, and rephrasings or key terms that would appear in a relevant passage.',
            },
          },
          required: ['queries'],
        },
      },
    },
    inputOf: (rawArguments) => rawArguments,
    async execute(input, ctx) {
      const queries = queriesOf(input);
      if (queries.length === 0) return { modelOutput: 'No search query was given. Call file_search with {"queries": ["…"]}.', outputs: [] };
      if (ctx.vectorStoreIds.length === 0) {
        return { modelOutput: 'There are no files to search: no vector store is attached to this assistant or thread. Answer without file search.', outputs: [] };
      }
      const { results, searched } = await service.searchAvailable(ctx.vectorStoreIds, {
        queries,
        maxResults: ctx.fileSearch?.max_num_results ?? DEFAULT_MAX_RESULTS,
        scoreThreshold: ctx.fileSearch?.ranking_options?.score_threshold ?? 0,
        signal: ctx.signal,
      });
      if (searched.length === 0) {
        return { modelOutput: 'There are no files to search: the attached vector stores have expired or were deleted. Answer without file search.', outputs: [] };
      }
      return present(results, nextCall(ctx.runId));
    },
  };
}

/** Queries from the model's arguments: `{queries: [...]}`, `{query: "..."}`, or plain text. */
export function queriesOf(input: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    return input.trim() ? [input.trim()] : [];
  }
  const args = (parsed ?? {}) as { queries?: unknown; query?: unknown };
  const raw = Array.isArray(args.queries) ? args.queries : [args.query ?? args.queries];
  return raw.filter((q): q is string => typeof q === 'string' && q.trim() !== '').map((q) => q.trim()).slice(0, 5);
}

/**
 * What the model reads (each passage under its marker) and what the step records. Results keep
 * their text: the engine strips it from steps unless include[] asks, and storing it lets a later
 * `steps.retrieve(…, { include })` still show it.
 */
function present(results: SearchResult[], call: number): BuiltinToolResult {
  if (results.length === 0) return { modelOutput: 'No passage in the files matches these queries. Say so rather than guess.', outputs: [] };
  const markers = results.map((r, i) => citationMarker(call, i, r.filename));
  const sources: ToolSource[] = results.map((r, i) => ({ kind: 'citation', marker: markers[i]!, file_id: r.file_id, quote: r.text }));
  const passages = results.map((r, i) => `${markers[i]}\n${r.text}`);
  return {
    modelOutput: `Passages found; cite one by writing its marker exactly:\n\n${passages.join('\n\n')}`,
    outputs: results.map((r) => ({ file_id: r.file_id, file_name: r.filename, score: r.score, content: [{ type: 'text', text: r.text }] })),
    sources,
  };
}
