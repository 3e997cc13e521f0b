/** Sentences the model (and the user, in the run step's logs) reads about the sandbox itself. */

export const notices = {
  idleReset: (minutes: number) =>
    `[notice] This conversation's Python session was reset after ${minutes} minutes without use: earlier variables, imports and files in /mnt/data are gone (the conversation's attached files are written again).`,
  otherInstance:
    "[notice] This conversation's Python session is new: the server that ran its last call was restarted, or the conversation moved to another server instance. Earlier variables, imports and files in /mnt/data are gone (the conversation's attached files are written again).",
  restarted:
    '[notice] The Python interpreter was restarted since the last call (it was stopped or crashed), so earlier variables, imports and files in /mnt/data are gone.',
  evicted:
    '[notice] This conversation\'s Python session was closed to make room for others, so earlier variables, imports and files in /mnt/data are gone.',
  timeout: (seconds: number) =>
    `[timeout] The code was stopped after ${seconds} s (the time limit per call) with KeyboardInterrupt. Variables defined before the interruption are kept. Make the code faster, or split the work into smaller calls.`,
  killed: (seconds: number) =>
    `[timeout] The code did not stop when interrupted at the ${seconds} s time limit, so the Python interpreter was terminated and restarted. All variables, imports and files in /mnt/data were lost.`,
  cancelled: '[cancelled] The run was cancelled, so the code was interrupted.',
  memory: (limitMb: number, freed: boolean) =>
    `[memory limit] The code ran out of memory: this sandbox allows ${limitMb} MB.` +
    (freed ? ' To recover, all variables of this session were cleared (files in /mnt/data are kept).' : ' Variables are kept.') +
    ' Work on smaller pieces of data.',
  crashed: (why: string) =>
    `[crashed] The Python interpreter stopped unexpectedly (${why}) and was restarted. All variables, imports and files in /mnt/data were lost.`,
  overflow: (limitMb: number) =>
    `[memory limit] Objects that large cannot be made here: Python runs as 32-bit WebAssembly with a ${limitMb} MB memory limit.`,
  missingPackage: (name: string) =>
    `[package] Package '${name}' is not available offline; only the Python standard library can be used.`,
  skippedFile: (path: string, bytes: number, limitBytes: number) =>
    `[files] ${path} (${Math.round(bytes / 1024)} KB) was not returned: output files are limited to ${Math.round(limitBytes / 1024 / 1024)} MB each and a few per call.`,
  unwrittenFile: (name: string, limitMb: number) =>
    `[files] ${name} is not in /mnt/data: the sandbox keeps files in memory and allows ${limitMb} MB in all.`,
  truncated: (omittedBytes: number) => `[output truncated: ${omittedBytes.toLocaleString('en-US')} more bytes of output were not kept]`,
};
