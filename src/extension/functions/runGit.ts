import { execFile } from 'node:child_process';

export interface GitAnswer {
  /** git's exit code (check-ignore: 0 ignored, 1 not ignored, 128 it could not tell). */
  code: number;
  stdout: string;
}

/** Long enough for ls-files in a large repository; a hung git (a network mount) must not hold the model. */
const GIT_TIMEOUT_MS = 10_000;
/** ls-files of a repository with a few hundred thousand files. */
const GIT_MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs git in `cwd` without a shell (the arguments are paths the model chose), or resolves
 * undefined when git is not installed, was killed by the timeout, or printed too much.
 */
export function runGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<GitAnswer | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      // No pager, no prompts, no optional locks: this is a read that nobody watches.
      ['--no-pager', '-c', 'core.quotePath=false', ...args],
      { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' }, timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_OUTPUT, windowsHide: true },
      (err, stdout) => {
        if (!err) return resolve({ code: 0, stdout });
        const code = (err as { code?: unknown }).code;
        // A number is git's own exit code; anything else (ENOENT, a signal, ERR_CHILD_PROCESS_STDIO_MAXBUFFER) means no answer.
        resolve(typeof code === 'number' && !err.killed ? { code, stdout } : undefined);
      },
    );
  });
}
