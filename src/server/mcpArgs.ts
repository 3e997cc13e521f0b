import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './serve';

export const MCP_USAGE = `Usage: tutor-assistants mcp [options]

Serves Tutor's tools to an MCP client (Claude Desktop, VS Code, other editors) over stdio:
  verify_math       checks an algebra or calculus claim with a computer algebra system
  run_python        runs Python in Tutor's sandbox (Pyodide), variables kept between calls
  search_knowledge  searches the files given with --knowledge (keyword ranking, on this machine)

No model and no API key are involved: the client's own model calls the tools.

Options:
  --knowledge PATH     a file or folder to search (repeatable); folders are walked for the
                       files Tutor can read (notes, LaTeX, PDF, notebooks, code, data)
  -h, --help           show this help

Example client configuration (Claude Desktop's claude_desktop_config.json, "mcpServers"):
  "tutor": {"command": "node", "args": ["/path/to/tutor/dist/tutor-assistants.js", "mcp", "--knowledge", "/path/to/notes"]}`;

export interface McpOptions {
  /** Files and folders to index, absolute. */
  knowledge: string[];
}

/** Parses `mcp` flags (argv after the command); throws UsageError with a message a person can act on. */
export function parseMcpArgs(argv: string[]): McpOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: { knowledge: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.values.help) return 'help';
  const knowledge = parsed.values.knowledge ?? [];
  const blank = knowledge.find((p) => !p.trim());
  if (blank !== undefined) throw new UsageError('--knowledge needs a file or folder path, got an empty one.');
  return { knowledge: knowledge.map(resolvePath) };
}

/** Client configurations (JSON) reach us without a shell, so `~` is expanded here. */
function resolvePath(given: string): string {
  return path.resolve(given === '~' || /^~[\\/]/.test(given) ? path.join(homedir(), given.slice(1)) : given);
}
