import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { kindOf } from '../runtime/fileSearch/fileKinds';

/** One file to index and the name a search result shows for it. */
export interface KnowledgeFile {
  absolute: string;
  /** Relative to the folder given (a file given by itself: its name), with `/` separators. */
  shown: string;
}

/** Past this many files the rest are left out (and the log says so): a home folder given by mistake should not stall start-up. */
export const MAX_KNOWLEDGE_FILES = 10_000;

/** Folders that hold tooling rather than course material. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'venv', '.venv']);

/**
 * The files `--knowledge` names: a file is taken as given (file search decides from its bytes
 * whether it is text); a folder is walked for the kinds file search reads, leaving out dotfiles
 * and dot-folders (.git, editor settings) and package folders. Paths that do not exist are
 * reported in `problems` rather than thrown, so one typo does not stop the server.
 */
export async function collectKnowledgeFiles(paths: string[]): Promise<{ files: KnowledgeFile[]; problems: string[]; truncated: boolean }> {
  const files: KnowledgeFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (file: KnowledgeFile) => {
    if (seen.has(file.absolute) || files.length >= MAX_KNOWLEDGE_FILES) return;
    seen.add(file.absolute);
    files.push(file);
  };
  for (const given of paths) {
    const info = await stat(given).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) {
      problems.push(`${given}: ${info.code === 'ENOENT' ? 'no such file or folder' : info.message}`);
    } else if (info.isDirectory()) {
      for (const relative of await walk(given, problems)) add({ absolute: path.join(given, relative), shown: relative.split(path.sep).join('/') });
    } else {
      add({ absolute: given, shown: path.basename(given) });
    }
  }
  return { files, problems, truncated: files.length >= MAX_KNOWLEDGE_FILES };
}

/** Relative paths of readable files under `root`, sorted so the order (and any cut-off) is stable. */
async function walk(root: string, problems: string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (relative: string) => {
    const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch((err: Error) => {
      problems.push(`${path.join(root, relative)}: ${err.message}`);
      return [];
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || found.length >= MAX_KNOWLEDGE_FILES) continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) await visit(child);
      else if (entry.isFile() && kindOf(entry.name) !== undefined) found.push(child);
    }
  };
  await visit('');
  return found;
}
