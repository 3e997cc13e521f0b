import { ProviderError } from '../../../providers/types';
import type { Logger } from '../../domain/clock';
import { shownItem, type Annotation, type CodeInterpreterCallItem, type FileSearchCallItem } from '../../domain/items';
import type { BuiltinToolResult, ToolContext, ToolSource } from '../../tools/builtinTool';
import { annotate } from '../annotations';
import type { CitedFile } from './citationStream';
import type { BuiltinCall, ResponseEventData, ResponseTurn } from './responseTurn';

/** What a response's model calls have gathered from its built-in calls so far. */
export interface BuiltinFindings {
  /** file_search passages by the `call:result` numbers of their markers. */
  cited: Map<string, CitedFile>;
  /** Files the code interpreter wrote, which `sandbox:/mnt/data/…` links in the answer point at. */
  files: ToolSource[];
}

/**
 * Runs one built-in call of a response and ends its item: the file search's results or the code's
 * outputs go into the item (stored whole, shown as `include` asks), with the events that tell a
 * client it is searching or interpreting and then completed. A tool that breaks answers the model
 * with what went wrong and ends its item `failed`; only cancellation stops the response.
 */
export async function runResponseBuiltin(
  call: BuiltinCall,
  parts: { turn: ResponseTurn; emit: (data: ResponseEventData) => void; logger: Logger; include: readonly string[]; findings: BuiltinFindings },
  context: ToolContext,
): Promise<string> {
  const { item } = call;
  const input = call.tool.inputOf(call.raw);
  parts.emit({ type: item.type === 'file_search_call' ? 'response.file_search_call.searching' : 'response.code_interpreter_call.interpreting', item_id: item.id, output_index: call.index });
  item.status = item.type === 'file_search_call' ? 'searching' : 'interpreting';
  let result: BuiltinToolResult;
  try {
    result = await call.tool.execute(input, context);
    context.signal.throwIfAborted();
  } catch (err) {
    if (context.signal.aborted) {
      parts.turn.endBuiltin(call, 'incomplete', shownItem(item, parts.include));
      throw context.signal.reason instanceof Error ? context.signal.reason : new ProviderError('aborted', 'Response cancelled');
    }
    parts.logger.error(`${call.tool.type} failed in response ${context.runId}`, err);
    parts.turn.endBuiltin(call, 'failed', shownItem(item, parts.include));
    return `The ${call.tool.type} tool failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (item.type === 'file_search_call') fillSearch(item, result, parts.findings);
  else fillCode(item, result, parts.findings);
  parts.turn.endBuiltin(call, 'completed', shownItem(item, parts.include));
  return result.modelOutput;
}

function fillSearch(item: FileSearchCallItem, result: BuiltinToolResult, findings: BuiltinFindings): void {
  const outputs = result.outputs as { file_id: string; file_name: string; score: number; content?: { text: string }[] }[];
  item.results = outputs.map((o) => ({ file_id: o.file_id, filename: o.file_name, score: o.score, text: o.content?.map((c) => c.text).join('') ?? '', attributes: {} }));
  const names = new Map(outputs.map((o) => [o.file_id, o.file_name]));
  for (const source of result.sources ?? []) {
    if (source.kind !== 'citation') continue;
    const numbers = /(\d+):(\d+)/.exec(source.marker);
    if (numbers) findings.cited.set(`${numbers[1]}:${numbers[2]}`, { file_id: source.file_id, filename: names.get(source.file_id) ?? '' });
  }
}

function fillCode(item: CodeInterpreterCallItem, result: BuiltinToolResult, findings: BuiltinFindings): void {
  const written = (result.sources ?? []).filter((s): s is Extract<ToolSource, { kind: 'file' }> => s.kind === 'file');
  findings.files.push(...written);
  const pathOf = new Map(written.map((s) => [s.file_id, s.path]));
  item.outputs = (result.outputs as ({ type: 'logs'; logs: string } | { type: 'image'; image: { file_id: string } })[]).map((o) =>
    // The image is a File (GET /v1/files/{id}/content); its url is where the code wrote it.
    o.type === 'logs' ? o : { type: 'image' as const, url: `sandbox:${pathOf.get(o.image.file_id) ?? `/mnt/data/${o.image.file_id}`}` },
  );
}

/**
 * The container file citations of an answer: every `sandbox:/mnt/data/…` link to a file this
 * response's code wrote, with the span it covers (annotations.ts finds them as for runs).
 */
export function containerCitations(text: string, findings: BuiltinFindings, containerId: string | undefined): Annotation[] {
  if (!containerId || findings.files.length === 0) return [];
  return annotate(text, findings.files).flatMap((a) =>
    a.type === 'file_path' ? [{ type: 'container_file_citation' as const, container_id: containerId, file_id: a.file_path.file_id, filename: a.text.slice(a.text.lastIndexOf('/') + 1), start_index: a.start_index, end_index: a.end_index }] : [],
  );
}
