// Where git keeps ignore rules besides .gitignore files, found without running git: for the
// machines where git is not installed (or cannot answer), so the workspace functions still skip
// what the user told git to skip. When git runs, it answers for itself (workspaceIgnore.ts).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The texts of the root-level ignore files, weakest first: the global excludes file, then
 * `.git/info/exclude`. Files that do not exist are left out.
 */
export async function rootExcludeTexts(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const globalFile = await globalExcludesFile(root, env);
  const texts = await Promise.all([readOrUndefined(globalFile), readOrUndefined(path.join(root, '.git', 'info', 'exclude'))]);
  return texts.filter((text): text is string => text !== undefined);
}

/**
 * The global excludes file git would use: `core.excludesFile` from the system, global and
 * repository config (the last one set wins, as in git), else `$XDG_CONFIG_HOME/git/ignore`, else
 * `~/.config/git/ignore`. `include` directives are not followed.
 */
export async function globalExcludesFile(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
  const configs = [
    ...(env.GIT_CONFIG_NOSYSTEM ? [] : [env.GIT_CONFIG_SYSTEM || '/etc/gitconfig']),
    // GIT_CONFIG_GLOBAL replaces both global files; otherwise ~/.gitconfig is read after the XDG one.
    ...(env.GIT_CONFIG_GLOBAL ? [env.GIT_CONFIG_GLOBAL] : [path.join(xdg, 'git', 'config'), path.join(home, '.gitconfig')]),
    path.join(root, '.git', 'config'),
  ];
  let chosen: string | undefined;
  for (const config of configs) {
    const text = await readOrUndefined(config);
    const value = text === undefined ? undefined : excludesFileSetting(text);
    if (value !== undefined) chosen = value;
  }
  if (chosen === undefined) return path.join(xdg, 'git', 'ignore');
  if (chosen === '~' || chosen.startsWith('~/')) return path.join(home, chosen.slice(1));
  return path.resolve(root, chosen);
}

/** The last `core.excludesFile` value in one git config file's text, if it sets one. */
export function excludesFileSetting(configText: string): string | undefined {
  let inCore = false;
  let value: string | undefined;
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s"]+)\s*(?:"[^"]*")?\s*\]/.exec(line);
    if (section) {
      // `[core "x"]` is a subsection, not core itself.
      inCore = section[1]!.toLowerCase() === 'core' && !line.includes('"');
      continue;
    }
    if (!inCore) continue;
    const setting = /^excludesfile\s*=\s*(.*)$/i.exec(line);
    if (setting) value = unquote(setting[1]!);
  }
  return value || undefined;
}

/** A config value without its trailing comment and surrounding quotes. */
function unquote(rawValue: string): string {
  let out = '';
  let quoted = false;
  for (const ch of rawValue) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '#' || ch === ';')) break;
    else out += ch;
  }
  return out.trim();
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
