/**
 * Tool-call cards from the Assistants API's own records. The live run fills its cards from stream
 * events (runSession.ts); a thread opened later rebuilds the same cards from its run steps, so
 * code, logs, images, search results and verify_math badges come back after a reload, not only
 * the text. Pure apart from the SDK client it is given: no `vscode` at run time.
 */
import type OpenAI from 'openai';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { ToolCallView } from '../../common/protocol';
import { errorMessage } from '../../common/errorMessage';

/** Fetches an image file as something the webview can show (a data URL, '' when it is gone). */
export type ImageSource = (fileId: string) => Promise<{ fileId: string; src: string }>;

/**
 * The card fields a finished call's record gives: arguments, output, logs, images, results.
 * A function call without output is still waiting for the extension to run it.
 */
export async function finishedCallFields(call: ToolCall, image: ImageSource): Promise<Pick<ToolCallView, 'arguments' | 'status'> & Partial<ToolCallView>> {
  if (call.type === 'function') {
    const output = call.function.output;
    if (output == null) return { arguments: call.function.arguments, status: 'waiting' };
    const verified = verdictOf(call.function.name, output);
    return { arguments: call.function.arguments, status: 'done', output, ...(verified === undefined ? {} : { verified }) };
  }
  if (call.type === 'code_interpreter') {
    const outputs = call.code_interpreter.outputs ?? [];
    return {
      arguments: call.code_interpreter.input,
      status: 'done',
      logs: outputs.flatMap((o) => (o.type === 'logs' ? [o.logs] : [])).join('\n'),
      images: await Promise.all(outputs.flatMap((o) => (o.type === 'image' ? [image(o.image.file_id)] : []))),
    };
  }
  return { arguments: '', status: 'done', results: (call.file_search.results ?? []).map((r) => ({ fileName: r.file_name, score: Math.round(r.score * 1000) / 1000 })) };
}

/**
 * verify_math's badge from its recorded output (`{"verdict": …}`), as the live call sets it:
 * passed for equivalent/solves, failed for their negations, none when it could not decide.
 */
export function verdictOf(name: string, output: string): boolean | undefined {
  if (name !== 'verify_math') return undefined;
  let verdict: unknown;
  try {
    verdict = (JSON.parse(output) as { verdict?: unknown }).verdict;
  } catch {
    return undefined;
  }
  if (verdict === 'equivalent' || verdict === 'solves') return true;
  if (verdict === 'not_equivalent' || verdict === 'does_not_solve') return false;
  return undefined;
}

/** A recorded call and the status of the step it ran in. */
export interface RecordedCall {
  call: ToolCall;
  step: RunStep['status'];
}

/**
 * Which answer each tool call belongs to, by the order of a run's steps (oldest first) and the
 * rule the live view follows: a call joins the message last begun, or, when none has been (the
 * usual case: tools first, then the answer), the next message. Calls after which the run wrote no
 * message (it failed or was stopped first) have no answer to sit on and are left out.
 */
export function callsByMessage(steps: readonly RunStep[]): Map<string, RecordedCall[]> {
  const owned = new Map<string, RecordedCall[]>();
  let current: RecordedCall[] | undefined;
  let waiting: RecordedCall[] = [];
  for (const step of steps) {
    if (step.step_details.type === 'message_creation') {
      current = [...waiting];
      waiting = [];
      owned.set(step.step_details.message_creation.message_id, current);
    } else {
      const calls = step.step_details.tool_calls.map((call) => ({ call, step: step.status }));
      (current ?? waiting).push(...calls);
    }
  }
  return owned;
}

/** The card of a recorded call: what it ran, what came back, and how its step ended. */
export async function recordedCallView({ call, step }: RecordedCall, image: ImageSource): Promise<ToolCallView> {
  const fields = await finishedCallFields(call, image);
  // A step that did not complete says more than the call's own fields: a function left without
  // output when its run expired or was stopped is not "waiting" any more.
  const status: ToolCallView['status'] = step === 'completed' || step === 'in_progress' ? fields.status : step === 'failed' ? 'failed' : 'cancelled';
  return { id: call.id, kind: call.type, name: call.type === 'function' ? call.function.name : call.type, ...fields, status };
}

/**
 * The cards of the given answers, keyed by message id: each assistant message names the run that
 * wrote it, so only those runs' steps are read (once per run, in parallel), never every run of
 * the thread. A page of 40 messages costs about 20 requests whatever the thread's length.
 */
export async function messageToolCalls(client: OpenAI, threadId: string, messages: readonly Pick<Message, 'id' | 'role' | 'run_id'>[], image: ImageSource): Promise<Map<string, ToolCallView[]>> {
  const answers = messages.filter((m) => m.role === 'assistant' && m.run_id);
  const wanted = new Set(answers.map((m) => m.id));
  const runIds = [...new Set(answers.map((m) => m.run_id!))];
  const views = new Map<string, ToolCallView[]>();
  await Promise.all(
    runIds.map(async (runId) => {
      const steps: RunStep[] = [];
      for await (const step of client.beta.threads.runs.steps.list(runId, { thread_id: threadId, order: 'asc', limit: 100 })) steps.push(step);
      for (const [messageId, calls] of callsByMessage(steps)) {
        if (wanted.has(messageId) && calls.length > 0) views.set(messageId, await Promise.all(calls.map((c) => recordedCallView(c, image))));
      }
    }),
  );
  return views;
}

/**
 * Images as data URLs the webview shows under its CSP (img-src data:), fetched through the SDK
 * so they come from the embedded runtime and a remote server alike. A missing file gives '' and
 * a log line, not a failed card.
 */
export function imageDataUrls(client: OpenAI, warn: (message: string) => void): ImageSource {
  return async (fileId) => {
    try {
      const bytes = Buffer.from(await (await client.files.content(fileId)).arrayBuffer());
      return { fileId, src: `data:${imageType(bytes)};base64,${bytes.toString('base64')}` };
    } catch (err) {
      warn(`Could not fetch image ${fileId}: ${errorMessage(err)}`);
      return { fileId, src: '' };
    }
  };
}

/** The image type from its first bytes (the code interpreter writes png, jpeg or gif). */
function imageType(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  return 'image/png';
}
