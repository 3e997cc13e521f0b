// `tutor-assistants serve`: the runtime as a standalone loopback server, so existing Assistants
// API code keeps working after OpenAI's shutdown. `tutor-assistants mcp`: Tutor's tools for any
// MCP client, over stdio.
import { MCP_USAGE, parseMcpArgs } from './mcpArgs';
import { startMcpServer } from './mcp';
import { parseServeArgs, startServer, USAGE, UsageError } from './serve';

const logger = {
  info: (m: string) => process.stderr.write(`${m}\n`),
  warn: (m: string) => process.stderr.write(`warning: ${m}\n`),
  error: (m: string, err?: unknown) => process.stderr.write(`error: ${m}${err instanceof Error ? `: ${err.stack ?? err.message}` : ''}\n`),
};

/** Both commands; `serve` first, as the error for an unknown command has always shown. */
const ALL_USAGE = `${USAGE}\n\n${MCP_USAGE}`;

function usageError(err: unknown, usage: string): never {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`tutor-assistants: ${err.message}\n\n${usage}\n`);
  process.exit(2);
}

/** Stops once, on the first of the given signals or events; exits 0 when stopped cleanly. */
function stopOnce(stop: () => Promise<void>): (why: string) => void {
  let stopping = false;
  return (why) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${why}: shutting down`);
    stop().then(() => process.exit(0), (err) => {
      logger.error('shutdown failed', err);
      process.exit(1);
    });
  };
}

async function serve(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseServeArgs(argv, process.env);
  } catch (err) {
    usageError(err, argv[0] === 'serve' ? USAGE : ALL_USAGE);
  }
  if (options === 'help') {
    process.stdout.write(`${argv[0] === 'serve' ? USAGE : ALL_USAGE}\n`);
    return;
  }
  const server = await startServer(options, process.env, logger);
  process.stdout.write(`Assistants API listening on ${server.url}\n`);
  const stop = stopOnce(() => server.stop());
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function mcp(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseMcpArgs(argv);
  } catch (err) {
    usageError(err, MCP_USAGE);
  }
  if (options === 'help') {
    process.stdout.write(`${MCP_USAGE}\n`);
    return;
  }
  // stdout carries the protocol and nothing else: a stray console.log from any library would
  // break the client's JSON-RPC stream, so the console writes to stderr in this mode.
  for (const method of ['log', 'info', 'debug'] as const) console[method] = (...args: unknown[]) => console.error(...args);
  const server = await startMcpServer(options, logger);
  const stop = stopOnce(() => server.stop());
  // The client ends the session by closing our stdin (the MCP stdio transport's shutdown).
  process.stdin.on('end', () => stop('stdin closed'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const argv = process.argv.slice(2);
(argv[0] === 'mcp' ? mcp(argv.slice(1)) : serve(argv)).catch((err: unknown) => {
  logger.error('tutor-assistants failed to start', err);
  process.exit(1);
});
