import type { EngineLimits, PythonRunResult } from './engine';
import { notices } from './notices';

/** A file the cell wrote, once stored as a File. */
export interface StoredOutput {
  path: string;
  file_id: string;
  image: boolean;
}

/**
 * Turns a cell's result into what the run step shows (`logs`: everything printed, the echoed
 * value, the traceback and the sandbox's own notes) and what the model reads (the logs, then
 * what became of the files it wrote and how to link them).
 */
export function formatResult(result: PythonRunResult, stored: readonly StoredOutput[], limits: EngineLimits, extraNotes: readonly string[] = []): { logs: string; modelOutput: string } {
  const lines: string[] = [...result.notices, ...extraNotes, ...result.missingPackages.map(notices.missingPackage)];
  const body: string[] = [];
  if (result.output) body.push(result.output.endsWith('\n') ? result.output.slice(0, -1) : result.output);
  if (result.truncated) body.push(notices.truncated(result.omittedBytes));
  if (result.value !== undefined && result.status === 'ok') body.push(result.value);
  if (result.status === 'exit') body.push(`SystemExit: ${result.value ?? 'None'}`);
  if (result.error?.traceback && (result.status === 'error' || result.status === 'timeout' || result.status === 'cancelled' || result.status === 'memory')) {
    body.push(result.error.traceback.replace(/\n$/, ''));
  }
  const seconds = Math.round(limits.timeoutMs / 100) / 10;
  switch (result.status) {
    case 'timeout': body.push(notices.timeout(seconds)); break;
    case 'killed': body.push(notices.killed(seconds)); break;
    case 'cancelled': body.push(notices.cancelled); break;
    case 'memory': body.push(notices.memory(limits.memoryLimitMb, !!result.cleared)); break;
    case 'crashed': body.push(notices.crashed(result.error?.message || 'no reason given')); break;
    default:
      if (result.error?.type === 'OverflowError' && /index-sized|too long|too large/i.test(result.error.message)) body.push(notices.overflow(limits.memoryLimitMb));
  }
  const logs = [...lines, ...body].join('\n');

  const model: string[] = [];
  if (logs) model.push(logs);
  else if (!stored.length) model.push('(The code ran and printed nothing. Use print() to see values.)');
  if (stored.length) {
    model.push('Files written:');
    for (const f of stored) {
      const name = f.path.slice(f.path.lastIndexOf('/') + 1);
      model.push(f.image ? `- ${f.path} (image, already shown to the user)` : `- ${f.path} (link it in the answer as [${name}](sandbox:${f.path}))`);
    }
  }
  return { logs, modelOutput: model.join('\n') };
}
