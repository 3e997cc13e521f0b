// Turns a path the model asked for into a file inside the workspace, or a refusal it can act on.
// The model's arguments are untrusted (a prompt-injected file can ask it to read ~/.ssh), so
// everything that could name a file elsewhere is refused rather than repaired, and the final
// check is on real paths after every symbolic link is resolved.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type WorkspacePath = { ok: true; absolute: string; relative: string } | { ok: false; reason: string };

export interface PathGuardOptions {
  /** True for workspace-relative paths (`/` separators) to refuse: the ones git ignores. */
  isIgnored?: (relativePath: string) => boolean | Promise<boolean>;
  /** Refuse paths that do not exist (default true): the model gets a hint instead of an I/O error. */
  mustExist?: boolean;
}

const MAX_PATH_LENGTH = 1024;
const USE_RELATIVE = 'Use a path relative to the workspace root, such as src/main.py.';

/**
 * `absolute` is the real path (symbolic links resolved) when the file exists; `relative` is the
 * path as requested, normalised to `/` separators.
 */
export async function resolveWorkspacePath(workspaceRoot: string, requested: string, opts: PathGuardOptions = {}): Promise<WorkspacePath> {
  const refuse = (reason: string): WorkspacePath => ({ ok: false, reason });
  const shown = typeof requested === 'string' ? requested.slice(0, 200) : '';
  const lexical = checkLexically(requested);
  if (typeof lexical === 'string') return refuse(lexical.replace('%s', shown));
  const segments = lexical;
  const relative = segments.join('/');

  if (await opts.isIgnored?.(relative)) return refuse(ignoredReason(shown));

  let realRoot: string;
  try {
    realRoot = await fs.realpath(workspaceRoot);
  } catch {
    return refuse('Refused: the workspace folder cannot be read.');
  }
  // Each existing prefix, from the top: a symbolic link anywhere along the way is caught at the
  // component that leaves, which is the one worth naming.
  let real = realRoot;
  for (let i = 0; i < segments.length; i++) {
    const next = path.join(real, segments[i]!);
    let resolved: string;
    try {
      resolved = await fs.realpath(next);
    } catch {
      if (opts.mustExist ?? true) return refuse(`'${shown}' does not exist in the workspace. Use list_workspace_files to see which files there are.`);
      real = path.join(next, ...segments.slice(i + 1));
      break;
    }
    if (!isInside(realRoot, resolved)) {
      return refuse(`Refused: '${shown}' leads outside the workspace through the symbolic link '${segments.slice(0, i + 1).join('/')}'. Only files inside the workspace can be read.`);
    }
    real = resolved;
  }

  // A link inside the workspace may point at an ignored file (notes.txt → .env): check where it lands.
  const realRelative = path.relative(realRoot, real).split(path.sep).join('/');
  if (realRelative !== relative) {
    if (realRelative.split('/').some(isGitDirectory)) return refuse(`Refused: '${shown}' leads into .git, which is not part of the workspace's files.`);
    if (realRelative && (await opts.isIgnored?.(realRelative))) return refuse(ignoredReason(shown));
  }
  if (opts.isIgnored && (await isDirectory(real)) && (await opts.isIgnored(`${realRelative}/`))) return refuse(ignoredReason(shown));
  return { ok: true, absolute: real, relative };
}

/** The path's segments, or a refusal with `%s` where the requested path goes. */
function checkLexically(requested: unknown): string[] | string {
  if (typeof requested !== 'string' || requested.trim() === '') return `Refused: give a path. ${USE_RELATIVE}`;
  const text = requested.trim();
  if (text.length > MAX_PATH_LENGTH) return `Refused: the path is longer than ${MAX_PATH_LENGTH} characters.`;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'Refused: the path contains a control character (such as a NUL byte).';
  if (/^[A-Za-z]:/.test(text) || text.startsWith('\\\\') || text.startsWith('//')) {
    return `Refused: '%s' is an absolute path (a drive or network share). ${USE_RELATIVE}`;
  }
  if (text.startsWith('/') || text.startsWith('\\')) return `Refused: '%s' is an absolute path. ${USE_RELATIVE}`;
  if (text.startsWith('~')) return `Refused: '%s' points into a home directory, not the workspace. ${USE_RELATIVE}`;
  // A colon is a drive (C:), a URL (file://) or an NTFS stream (a.txt:secret): never a workspace path.
  if (text.includes(':')) return `Refused: '%s' contains ':', so it is a URL, a drive or a stream, not a workspace path. ${USE_RELATIVE}`;
  // Backslashes are separators on Windows; reading them as separators everywhere means `..\x`
  // cannot slip past the `..` check below on any platform.
  const segments = text.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return `Refused: '%s' is outside the workspace. ${USE_RELATIVE}`;
  if (segments.length === 0) return `Refused: '%s' is the workspace folder itself; name a file in it.`;
  if (segments.some(isGitDirectory)) return "Refused: '%s' is inside .git, which is not part of the workspace's files.";
  // Windows drops trailing dots and spaces and knows 8.3 short names (SECRET~1.ENV): each could
  // name an ignored file under a name the ignore rules do not match.
  if (segments.some((segment) => /[. ]$/.test(segment) || /~\d/.test(segment))) {
    return `Refused: '%s' has a name ending in '.' or ' ', or a short name with '~': write the file's exact name.`;
  }
  return segments;
}

function isGitDirectory(segment: string): boolean {
  return segment.toLowerCase() === '.git';
}

function ignoredReason(shown: string): string {
  return `Refused: '${shown}' is ignored by git in this workspace (.gitignore, .git/info/exclude or the user's global excludes file; such files often hold secrets or generated output). Ask the user to paste what you need.`;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
  } catch {
    return false;
  }
}
