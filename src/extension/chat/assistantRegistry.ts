import type OpenAI from 'openai';
import type { AssistantTool } from 'openai/resources/beta/assistants';
import type * as vscode from 'vscode';
import { TUTOR_FUNCTIONS } from '../functions';
import { TUTOR_INSTRUCTIONS } from './tutorInstructions';

const KEY = 'tutor.assistant';

interface Remembered {
  /** Which server the id belongs to ('' is the embedded runtime). */
  server: string;
  id: string;
  model: string;
  instructions: string;
  /** The tools as last sent, as JSON: a new version of Tutor with new functions updates them. */
  tools?: string;
}

/** Everything the tutor may use: run Python, search the workspace's knowledge, and Tutor's functions. */
export function tutorTools(): AssistantTool[] {
  return [{ type: 'code_interpreter' }, { type: 'file_search' }, ...(TUTOR_FUNCTIONS as AssistantTool[])];
}

/**
 * The one "Math Tutor" assistant per server: created on first use, its id kept in globalState, and
 * updated in place (never duplicated) when the model, instructions or tools change.
 */
export async function ensureAssistant(client: OpenAI, state: vscode.Memento, server: string, model: string): Promise<string> {
  const tools = tutorTools();
  const toolsKey = JSON.stringify(tools);
  const known = state.get<Remembered[]>(KEY, []);
  const mine = known.find((r) => r.server === server);
  if (mine) {
    if (mine.model === model && mine.instructions === TUTOR_INSTRUCTIONS && mine.tools === toolsKey) return mine.id;
    try {
      await client.beta.assistants.update(mine.id, { model, instructions: TUTOR_INSTRUCTIONS, tools });
      await state.update(KEY, known.map((r) => (r === mine ? { ...r, model, instructions: TUTOR_INSTRUCTIONS, tools: toolsKey } : r)));
      return mine.id;
    } catch (err) {
      // Deleted on the server (or a fresh database): make a new one below.
      if ((err as { status?: number }).status !== 404) throw err;
    }
  }
  const created = await client.beta.assistants.create({ name: 'Math Tutor', instructions: TUTOR_INSTRUCTIONS, model, tools });
  await state.update(KEY, [...known.filter((r) => r.server !== server), { server, id: created.id, model, instructions: TUTOR_INSTRUCTIONS, tools: toolsKey }]);
  return created.id;
}
