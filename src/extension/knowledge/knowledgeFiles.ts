import * as vscode from 'vscode';
import { GitignoreFilter, isAlwaysExcluded } from '../functions';

/** What "Match a glob…" proposes: documents and code a tutor can learn from. */
export const DEFAULT_GLOB = '**/*.{md,tex,txt,py,ts,js,ipynb,json,csv,html,pdf}';
/** OpenAI's per-file upload limit, which the embedded runtime shares. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** A glob over a huge tree should not stall the window; more than this is cut (and said so). */
const MAX_MATCHES = 10_000;
/** Spares findFiles a walk through folders that are never indexed (isAlwaysExcluded re-checks). */
const EXCLUDE = '**/{node_modules,.git}/**';

/** What to add: a glob over the workspace folders, or files and folders (folders are expanded). */
export type KnowledgeTarget = { glob: string } | { uris: vscode.Uri[] };

export interface Candidate {
  uri: vscode.Uri;
  /** Workspace-relative (with the folder's name first in a multi-root workspace). */
  path: string;
  size: number;
  mtime: number;
}

export interface Skipped {
  /** Ignored by a .gitignore. */
  ignored: number;
  /** Inside node_modules or .git. */
  excluded: number;
  /**
   * Dotfiles or inside dot-folders (.env, .vscode/…), unless picked one by one: they hold
   * configuration and secrets, not course material.
   */
  hidden: number;
  /** Over MAX_UPLOAD_BYTES. */
  tooLarge: number;
  /** Not in any workspace folder (knowledge belongs to the workspace). */
  outside: number;
}

export interface Collected {
  files: Candidate[];
  skipped: Skipped;
  /** The glob matched more than MAX_MATCHES files; only the first ones are here. */
  truncated: boolean;
}

/** Finds the files a target means, minus what .gitignore, node_modules/.git or the size limit rule out. */
export async function collectFiles(target: KnowledgeTarget, token?: vscode.CancellationToken): Promise<Collected> {
  const skipped: Skipped = { ignored: 0, excluded: 0, hidden: 0, tooLarge: 0, outside: 0 };
  let truncated = false;
  const found: vscode.Uri[] = [];
  const picked = new Set<string>();
  const search = async (include: vscode.GlobPattern) => {
    const uris = await vscode.workspace.findFiles(include, EXCLUDE, MAX_MATCHES + 1, token);
    if (uris.length > MAX_MATCHES) truncated = true;
    found.push(...uris.slice(0, MAX_MATCHES));
  };
  if ('glob' in target) {
    await search(target.glob);
  } else {
    for (const uri of target.uris) {
      const stat = await statOrUndefined(uri);
      if (stat && stat.type & vscode.FileType.Directory) await search(new vscode.RelativePattern(uri, '**/*'));
      else if (stat) {
        found.push(uri);
        picked.add(uri.toString());
      }
    }
  }

  const filters = new Map<string, GitignoreFilter>();
  const filterFor = (folder: vscode.WorkspaceFolder) => {
    let filter = filters.get(folder.uri.toString());
    if (!filter) {
      filter = new GitignoreFilter((dir) => readText(vscode.Uri.joinPath(folder.uri, dir, '.gitignore')));
      filters.set(folder.uri.toString(), filter);
    }
    return filter;
  };
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const seen = new Set<string>();
  const kept: vscode.Uri[] = [];
  for (const uri of found) {
    if (seen.has(uri.toString())) continue;
    seen.add(uri.toString());
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) {
      skipped.outside++;
      continue;
    }
    const rel = folderRelative(folder, uri);
    if (isAlwaysExcluded(rel)) skipped.excluded++;
    else if (!picked.has(uri.toString()) && rel.split('/').some((part) => part.startsWith('.'))) skipped.hidden++;
    else if (await filterFor(folder).ignores(rel)) skipped.ignored++;
    else kept.push(uri);
  }

  const files: Candidate[] = [];
  // Stats in small parallel groups: thousands of sequential round trips to the file system are slow.
  for (let i = 0; i < kept.length; i += 32) {
    if (token?.isCancellationRequested) break;
    const group = kept.slice(i, i + 32);
    const stats = await Promise.all(group.map(statOrUndefined));
    group.forEach((uri, j) => {
      const stat = stats[j];
      if (!stat || !(stat.type & vscode.FileType.File)) return;
      if (stat.size > MAX_UPLOAD_BYTES) skipped.tooLarge++;
      else files.push({ uri, path: vscode.workspace.asRelativePath(uri, multiRoot), size: stat.size, mtime: stat.mtime });
    });
  }
  return { files, skipped, truncated };
}

function folderRelative(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path.replace(/^\/+/, '');
}

async function statOrUndefined(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
