// The two ways a test run must be able to fail before any test has a say: a step it depends on
// (the build, packaging) failed, or it found nothing to run. Either ends the run with a non-zero
// exit; neither may be mistaken for a pass.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../harness/repo.mjs';

/** The exit status to pass on for a finished child: its own code, or 1 after a signal or a spawn error. */
export function statusOf(result) {
  return typeof result.status === 'number' ? result.status : 1;
}

/**
 * Runs `command args` in the checkout and ends this process with its status if it fails.
 * `quiet` keeps its output unless it fails (a build that works has nothing to say).
 */
export function mustSucceed(label, command, args, { quiet = false, env = {} } = {}) {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: quiet ? 'pipe' : 'inherit',
  });
  const status = statusOf(result);
  if (status === 0) return;
  if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  const why = result.error ? result.error.message : result.signal ? `signal ${result.signal}` : `exit ${result.status}`;
  console.error(`\n${label} failed (${why}): no tests run`);
  process.exit(status);
}

/** Test files under `dir` (repo-relative, or absolute) whose paths pass `keep`, sorted. */
export function findTests(dir, keep) {
  let names;
  try {
    names = readdirSync(path.resolve(repoRoot, dir), { recursive: true }).map(String);
  } catch {
    names = [];
  }
  return names.map((f) => path.join(dir, f)).filter(keep).sort();
}

/** Ends the run when a suite has no test file to run: a glob that matches nothing is a broken run. */
export function requireTests(label, files) {
  if (files.length > 0) return files;
  console.error(`\n${label}: no test files found`);
  process.exit(1);
}

/** A glob (`*`, `?`, `**`; no braces) as a regular expression over repo-relative paths. */
function globToRegExp(glob) {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * The files that spec arguments (paths or globs) name. Each argument must name at least one file,
 * or the run ends: a misspelt spec would otherwise quietly test less.
 */
export function expandSpecs(specs) {
  return specs.flatMap((spec) => {
    const normal = path.normalize(spec).replace(/\\/g, '/');
    const magic = normal.search(/[*?]/);
    const base = magic < 0 ? path.dirname(normal) : normal.slice(0, normal.lastIndexOf('/', magic) + 1) || '.';
    const pattern = globToRegExp(normal);
    const files = findTests(base, (f) => pattern.test(f.replace(/\\/g, '/')));
    return requireTests(`${spec}`, files);
  });
}
