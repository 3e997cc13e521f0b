// `tutor-assistants serve`: the runtime as a standalone loopback server, so existing Assistants
// API code keeps working after OpenAI's shutdown.
import { parseServeArgs, startServer, USAGE, UsageError } from './serve';

const logger = {
  info: (m: string) => process.stderr.write(`${m}\n`),
  warn: (m: string) => process.stderr.write(`warning: ${m}\n`),
  error: (m: string, err?: unknown) => process.stderr.write(`error: ${m}${err instanceof Error ? `: ${err.stack ?? err.message}` : ''}\n`),
};

async function main(): Promise<void> {
  let options;
  try {
    options = parseServeArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`tutor-assistants: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = await startServer(options, process.env, logger);
  process.stdout.write(`Assistants API listening on ${server.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    server.stop().then(() => process.exit(0), (err) => {
      logger.error('shutdown failed', err);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.error('tutor-assistants failed to start', err);
  process.exit(1);
});
