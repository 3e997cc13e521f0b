// The functions Tutor offers the model (Assistants function tools, run in the extension host).
// The descriptions are written for the model: when to call, what comes back, what is refused.
import type { FunctionTool } from 'openai/resources/beta/assistants';
import { VERIFY_MATH_DESCRIPTION, VERIFY_MATH_PARAMETERS } from '../../runtime/tools/verifyMath/verifyMathArguments';

export { parseVerifyMathArguments } from '../../runtime/tools/verifyMath/verifyMathArguments';

const WORKSPACE_PATH = 'Path relative to the workspace root, with / separators, e.g. src/main.py. Absolute paths, .. and files git ignores are refused.';

export const TUTOR_FUNCTIONS: FunctionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_active_selection',
      description: "Returns the text the student has selected in the editor, with its file, language and line numbers. Call it when the student refers to 'this', 'my code' or 'the selected equation' without pasting it.",
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_workspace_file',
      description: "Reads a text file from the student's open workspace (including unsaved edits), optionally only some lines. Use list_workspace_files first if you are unsure of the path. Long files are cut; ask for a line range.",
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: WORKSPACE_PATH },
          startLine: { type: 'integer', minimum: 1, description: 'First line to read (1-based). Default: 1.' },
          endLine: { type: 'integer', minimum: 1, description: 'Last line to read (1-based, inclusive). Default: the end of the file.' },
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'list_workspace_files',
      description: "Lists files in the student's workspace that match a glob, as workspace-relative paths. Files git ignores (dependencies, build output, secrets) and files inside symbolically linked folders are never listed.",
      parameters: {
        type: 'object',
        properties: {
          glob: { type: 'string', description: "Glob relative to the workspace root, e.g. **/*.py, src/**, *.tex. Use **/* for everything." },
          maxResults: { type: 'integer', minimum: 1, maximum: 200, description: 'At most this many paths (default 100).' },
        },
        required: ['glob'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_diagnostics',
      description: 'Returns the errors and warnings VS Code reports for a file (compiler, linter, type checker), with line and column. Call it before explaining why code does not run.',
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: `${WORKSPACE_PATH} Omit it for the file open in the editor.` },
        },
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'verify_math',
      description: VERIFY_MATH_DESCRIPTION,
      parameters: VERIFY_MATH_PARAMETERS,
    },
  },
  {
    type: 'function',
    function: {
      name: 'insert_into_editor',
      description: "Inserts text into the student's active editor (a file in the workspace or a new untitled document), at the cursor or replacing the selection. The student sees the file and position and must approve each insertion and may refuse, so also show the text in your answer. Use it only when the student asks you to write into their file.",
      parameters: {
        type: 'object',
        properties: {
          text: { type: 'string', description: 'The exact text to insert (code or LaTeX), without Markdown fences.' },
          position: {
            type: 'string',
            enum: ['cursor', 'replaceSelection'],
            description: "'cursor' (default) inserts at the cursor; 'replaceSelection' replaces the selected text.",
          },
        },
        required: ['text'],
        additionalProperties: false,
      },
    },
  },
];

/** Functions that change something, so the user approves each call (unless always allowed). */
export const SIDE_EFFECT_FUNCTIONS: ReadonlySet<string> = new Set(['insert_into_editor']);
