/**
 * A size limit for Pyodide's in-memory file system. MEMFS keeps file contents in JavaScript
 * typed arrays, outside the WebAssembly heap that the memory limit caps, so without this a cell
 * writing a big file in a loop grows the extension host by gigabytes. Writes that would pass the
 * limit fail with ENOSPC, as on a full disk.
 *
 * Usage is tracked as an estimate (every growth added, nothing subtracted) and recounted exactly
 * only when the estimate reaches the limit, so deleted files free their room without every write
 * walking the tree.
 */

/** The parts of Emscripten's FS this needs (Pyodide's types leave FS loosely typed). */
interface MemfsNode {
  usedBytes: number;
}
interface EmscriptenFs {
  filesystems: { MEMFS: Record<string, unknown> & { ops_table: { file: { stream: Record<string, unknown> } } } };
  readdir(path: string): string[];
  lstat(path: string): { mode: number; size: number };
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  ErrnoError: new (errno: number) => Error;
}

type Write = (stream: { node: MemfsNode }, buffer: Uint8Array, offset: number, length: number, position: number, canOwn?: boolean) => number;
type Resize = (node: MemfsNode, size: number) => void;

/** Folders that hold devices and process views, not stored files. */
const SKIPPED = new Set(['/dev', '/proc', '/sys']);

export function limitFileStorage(fs: EmscriptenFs, limitBytes: number, enospc: number, onFull: () => void): void {
  const memfs = fs.filesystems.MEMFS;
  let estimate = usedBytes(fs);
  let writing = false;

  const admit = (growth: number) => {
    if (growth <= 0) return;
    if (estimate + growth > limitBytes) estimate = usedBytes(fs);
    if (estimate + growth > limitBytes) {
      onFull();
      throw new fs.ErrnoError(enospc);
    }
    estimate += growth;
  };

  // File nodes share this object (MEMFS copies the stream functions into it once), so patching
  // it covers files that exist already and files made later.
  const stream = memfs.ops_table.file.stream;
  const write = stream.write as Write;
  stream.write = function (this: unknown, s: { node: MemfsNode }, buffer: Uint8Array, offset: number, length: number, position: number, canOwn?: boolean) {
    admit(position + length - s.node.usedBytes);
    writing = true;
    try {
      return write.call(this, s, buffer, offset, length, position, canOwn);
    } finally {
      writing = false;
    }
  } as Write;
  // truncate() to a larger size, and fallocate(), grow files without a write.
  const resize = memfs.resizeFileStorage as Resize;
  memfs.resizeFileStorage = function (this: unknown, node: MemfsNode, size: number) {
    admit(size - node.usedBytes);
    resize.call(this, node, size);
  } as Resize;
  const expand = memfs.expandFileStorage as Resize;
  memfs.expandFileStorage = function (this: unknown, node: MemfsNode, capacity: number) {
    if (!writing) admit(capacity - node.usedBytes);
    expand.call(this, node, capacity);
  } as Resize;
}

function usedBytes(fs: EmscriptenFs): number {
  let total = 0;
  const walk = (dir: string) => {
    for (const name of fs.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      const full = dir === '/' ? `/${name}` : `${dir}/${name}`;
      if (SKIPPED.has(full)) continue;
      const stat = fs.lstat(full);
      if (fs.isDir(stat.mode)) walk(full);
      else if (fs.isFile(stat.mode)) total += stat.size;
    }
  };
  walk('/');
  return total;
}
