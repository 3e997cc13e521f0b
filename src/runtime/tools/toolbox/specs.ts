// What Tutor's three tools say to a model that is not Tutor's own (a VS Code participant or agent,
// an MCP client): names, descriptions and input schemas. The wording says when to call each and
// what comes back, as the built-in tools' descriptions do for Tutor's assistant.
import { VERIFY_MATH_DESCRIPTION, VERIFY_MATH_PARAMETERS } from '../verifyMath/verifyMathArguments';

export type ToolboxToolName = 'verify_math' | 'run_python' | 'search_knowledge';

export interface ToolboxToolSpec {
  name: ToolboxToolName;
  /** A short human title (MCP `title`, VS Code `displayName`). */
  title: string;
  description: string;
  inputSchema: Readonly<Record<string, unknown>>;
}

/** Passages a search returns unless asked for fewer or more. */
export const DEFAULT_SEARCH_RESULTS = 5;
export const MAX_SEARCH_RESULTS = 20;

export const TOOLBOX_SPECS: readonly ToolboxToolSpec[] = [
  {
    name: 'verify_math',
    title: 'Verify math (CAS)',
    description: VERIFY_MATH_DESCRIPTION,
    inputSchema: VERIFY_MATH_PARAMETERS,
  },
  {
    name: 'run_python',
    title: 'Run Python (sandbox)',
    description: [
      "Runs Python 3 code in Tutor's sandbox (Pyodide: CPython compiled to WebAssembly, in a separate process confined by Node's permission model) and returns what it printed, the value of a final expression, or the traceback.",
      'Use it to check a calculation, test a student\'s function on examples, or draw a picture: only the standard library is available (math, fractions, decimal, statistics, itertools, random, json, re...), no numpy, sympy or matplotlib, no network, no files of the user.',
      'Variables persist between calls from the same client, like a notebook. Files saved to /mnt/data come back: PNG, JPEG or GIF images as images, other files by name and size. print() what you want to see; each call has a time limit.',
    ].join(' '),
    inputSchema: {
      type: 'object',
      properties: { code: { type: 'string', description: 'The Python 3 code to run.' } },
      required: ['code'],
      additionalProperties: false,
    },
  },
  {
    name: 'search_knowledge',
    title: 'Search course Knowledge',
    description: [
      "Searches the course notes, exercise sheets and documents the student added to Tutor's Knowledge and returns the most relevant passages, each numbered with its file name and score.",
      'Use it whenever the answer may be in the course material (a definition, a theorem as the course states it, an exercise), and cite the file a passage came from. Returns nothing useful for general questions the notes do not cover.',
    ].join(' '),
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to look for: the question itself, or key terms that would appear in a relevant passage.' },
        max_results: { type: 'integer', minimum: 1, maximum: MAX_SEARCH_RESULTS, description: `How many passages at most (default ${DEFAULT_SEARCH_RESULTS}).` },
      },
      required: ['query'],
      additionalProperties: false,
    },
  },
];

export function toolboxSpec(name: ToolboxToolName): ToolboxToolSpec {
  return TOOLBOX_SPECS.find((spec) => spec.name === name)!;
}
