/**
 * The glob syntax list_workspace_files accepts (VS Code's: `*`, `**`, `?`, `{a,b}`, `[abc]`,
 * `[!abc]`), as a regular expression over workspace-relative paths with `/` separators. The file
 * list comes from git or our own walk now, not from findFiles (which follows symbolic links out
 * of the workspace), so the matching is ours too. Case is ignored where file systems ignore it.
 */
export function globToRegExp(glob: string, ignoreCase = process.platform === 'win32' || process.platform === 'darwin'): RegExp {
  let out = '';
  let braces = 0;
  // Unbalanced braces are taken literally rather than as an error the model would have to decode.
  const bracesWork = balanced(glob);
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` is any number of folders, none included; a bare `**` is anything at all.
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '{' && bracesWork) {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) {
      out += '|';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      // A class never matches the separator, so it cannot reach into another folder.
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else {
      out += ch.replace(/[.+^${}()|\\/\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`, ignoreCase ? 'i' : '');
}

function balanced(glob: string): boolean {
  let depth = 0;
  for (const ch of glob) {
    if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
