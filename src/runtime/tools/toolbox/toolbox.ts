import path from 'node:path';
import { z } from 'zod';
import type { PythonEngine, PythonRunResult } from '../codeInterpreter/engine';
import { formatResult } from '../codeInterpreter/formatResult';
import { isImage } from '../codeInterpreter/generatedFiles';
import type { SearchHit } from '../../fileSearch/types';
import { checkMathClaim } from '../verifyMath/checkMathClaim';
import type { VerifyMathRequest, VerifyResult } from '../verifyMath/verifyMathTypes';
import { DEFAULT_SEARCH_RESULTS, MAX_SEARCH_RESULTS, type ToolboxToolName } from './specs';

/** An image the code saved, for callers that can show one (an LM data part, an MCP image). */
export interface ToolImage {
  name: string;
  mimeType: string;
  data: Uint8Array;
}

/** What every tool returns: text for the model, plus what a richer caller can show. */
export interface ToolboxOutput {
  text: string;
  /** The call failed (bad input, a Python error, nothing to search): the model should correct course. */
  isError: boolean;
  images: ToolImage[];
  /** search_knowledge's passages, for callers that show citations. */
  passages: SearchHit[];
  /** verify_math's verdict, for callers that show it. */
  verdict?: VerifyResult;
}

/** Found passages, or a sentence saying why there is nothing to search. */
export type KnowledgeSearch = (request: { query: string; maxResults: number; signal?: AbortSignal }) => Promise<SearchHit[] | string>;

export interface ToolboxDeps {
  /** The CAS checker; loaded on the first check (it is large). */
  loadVerifier(): Promise<(request: VerifyMathRequest) => VerifyResult>;
  /** The code interpreter's engine: the same sandbox the assistant's `python` tool runs in. */
  python(): Promise<PythonEngine>;
  /** The Python session these calls share (variables persist within it). */
  pythonSession: string;
  /** Asked before code runs with the user's own Python (not sandboxed); absent means no such consent is possible, so it is refused. */
  approveLocalPython?(code: string): Promise<boolean>;
  searchKnowledge: KnowledgeSearch;
}

const MIME_BY_EXTENSION: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

const pythonInput = z.object({ code: z.string() });
const searchInput = z.object({
  query: z.string().trim().min(1, 'is empty').max(2000, 'is longer than 2000 characters'),
  max_results: z.number().int().min(1).max(MAX_SEARCH_RESULTS).optional(),
});

/**
 * Tutor's tools for callers other than its own assistant — VS Code's language-model tools and
 * the MCP server — over the same implementations the assistant uses: verify_math's checker,
 * the code interpreter's engine and result formatting, and file search over the Knowledge store.
 * Never throws for anything the input or the code does; every failure is an output with isError.
 *
 * @example
 *   const toolbox = new TutorToolbox({ loadVerifier, python: async () => engine, pythonSession: 'mcp', searchKnowledge });
 *   const { text, images } = await toolbox.call('run_python', { code: 'print(2**10)' });
 */
export class TutorToolbox {
  constructor(private readonly deps: ToolboxDeps) {}

  call(name: ToolboxToolName, input: unknown, signal?: AbortSignal): Promise<ToolboxOutput> {
    switch (name) {
      case 'verify_math': return this.verifyMath(input);
      case 'run_python': return this.runPython(input, signal);
      case 'search_knowledge': return this.searchKnowledge(input, signal);
    }
  }

  async verifyMath(input: unknown): Promise<ToolboxOutput> {
    const check = checkMathClaim(JSON.stringify(input ?? null), await this.deps.loadVerifier());
    if (!check.result) return failure(check.output);
    return { ...empty(), text: verdictSentence(check.result) + '\n' + check.output, verdict: check.result };
  }

  async runPython(input: unknown, signal?: AbortSignal): Promise<ToolboxOutput> {
    const parsed = pythonInput.safeParse(input);
    if (!parsed.success || !parsed.data.code.trim()) return failure('Error: run_python needs {"code": "<Python source>"} with some code in it.');
    const { code } = parsed.data;
    const engine = await this.deps.python();
    if (engine.kind === 'local') {
      const allowed = this.deps.approveLocalPython ? await this.deps.approveLocalPython(code) : false;
      if (!allowed) return failure('The user did not allow running this code with their own Python (Tutor is set to use it instead of the sandbox).');
    }
    if (signal?.aborted) return failure('[cancelled] The call was cancelled before the code ran.');
    const result = await engine.run(this.deps.pythonSession, code, [], signal);
    return pythonOutput(result, engine);
  }

  async searchKnowledge(input: unknown, signal?: AbortSignal): Promise<ToolboxOutput> {
    const parsed = searchInput.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `'${i.path.join('.') || 'input'}' ${i.message}`);
      return failure(`Error: search_knowledge needs {"query": "<what to look for>"}: ${problems.join('; ')}.`);
    }
    const found = await this.deps.searchKnowledge({ query: parsed.data.query, maxResults: parsed.data.max_results ?? DEFAULT_SEARCH_RESULTS, ...(signal ? { signal } : {}) });
    if (typeof found === 'string') return failure(found);
    if (!found.length) return { ...empty(), text: `No passage in the Knowledge matches "${parsed.data.query}".` };
    const text = found.map((hit, i) => `[${i + 1}] ${hit.filename} (score ${hit.score.toFixed(2)})\n${hit.text.trim()}`).join('\n\n');
    return { ...empty(), text: `${text}\n\nCite a passage by its file name.`, passages: found };
  }
}

function empty(): ToolboxOutput {
  return { text: '', isError: false, images: [], passages: [] };
}

function failure(text: string): ToolboxOutput {
  return { ...empty(), text, isError: true };
}

/** One plain sentence first, so a model that skims the JSON still gets the verdict right. */
function verdictSentence(result: VerifyResult): string {
  const points = `${result.checkedPoints} ${result.checkedPoints === 1 ? 'point' : 'points'}`;
  const how = result.method === 'symbolic' ? 'by exact simplification' : result.method === 'numeric' ? `numerically at ${points}` : `by simplification and at ${points}`;
  switch (result.verdict) {
    case 'equivalent': return `Verified: the two sides are equivalent (${how}).`;
    case 'not_equivalent': return `Not equivalent (${how}).`;
    case 'solves': return `Verified: the value solves it (${how}).`;
    case 'does_not_solve': return `The value does not solve it (${how}).`;
    default: return 'Could not be decided.';
  }
}

function pythonOutput(result: PythonRunResult, engine: PythonEngine): ToolboxOutput {
  const { logs } = formatResult(result, [], engine.limits);
  const images: ToolImage[] = [];
  const others: string[] = [];
  for (const file of result.files) {
    const name = path.posix.basename(file.path);
    if (isImage(file.path)) images.push({ name, mimeType: MIME_BY_EXTENSION[path.posix.extname(name).toLowerCase()] ?? 'application/octet-stream', data: file.bytes });
    else others.push(`- ${file.path} (${file.bytes.byteLength} bytes; not returned here)`);
  }
  const lines = [logs || (images.length || others.length ? '' : '(The code ran and printed nothing. Use print() to see values.)')];
  if (images.length) lines.push(`Images: ${images.map((i) => i.name).join(', ')} (returned with this result).`);
  if (others.length) lines.push('Files written:', ...others);
  const failed = result.status !== 'ok' && result.status !== 'exit';
  return { ...empty(), text: lines.filter(Boolean).join('\n'), isError: failed, images };
}
