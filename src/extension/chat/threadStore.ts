import * as vscode from 'vscode';

export interface ThreadMeta {
  id: string;
  title: string;
  createdAt: number;
  lastUsedAt: number;
  messageCount: number;
}

interface Bucket {
  current: string | null;
  threads: ThreadMeta[];
}

const KEY = 'tutor.threads';

/**
 * Which threads belong to this workspace. The list lives in `workspaceState`, so a thread of one
 * workspace never shows in another; a window without a folder uses one global bucket. The
 * conversations themselves live in the runtime's database.
 */
export class ThreadStore {
  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly globalState: vscode.Memento,
  ) {}

  private get memento(): vscode.Memento {
    return vscode.workspace.workspaceFolders?.length ? this.workspaceState : this.globalState;
  }

  private read(): Bucket {
    return this.memento.get<Bucket>(KEY, { current: null, threads: [] });
  }

  private async write(bucket: Bucket): Promise<void> {
    await this.memento.update(KEY, bucket);
  }

  list(): ThreadMeta[] {
    return [...this.read().threads].sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  current(): ThreadMeta | undefined {
    const b = this.read();
    return b.threads.find((t) => t.id === b.current);
  }

  get(id: string): ThreadMeta | undefined {
    return this.read().threads.find((t) => t.id === id);
  }

  /** Adds a thread and makes it the current one; an imported thread arrives with its messages. */
  /** Lists a new thread; it becomes the view's current one unless `makeCurrent` is false (a thread @tutor started in the Chat view). */
  async add(id: string, title: string, messageCount = 0, makeCurrent = true): Promise<ThreadMeta> {
    const b = this.read();
    const now = Date.now();
    const meta: ThreadMeta = { id, title: titleFrom(title), createdAt: now, lastUsedAt: now, messageCount };
    await this.write({ current: makeCurrent ? id : b.current, threads: [...b.threads.filter((t) => t.id !== id), meta] });
    return meta;
  }

  async setCurrent(id: string | null): Promise<void> {
    const b = this.read();
    await this.write({ ...b, current: id, threads: b.threads.map((t) => (t.id === id ? { ...t, lastUsedAt: Date.now() } : t)) });
  }

  async touch(id: string, messageCount: number): Promise<void> {
    const b = this.read();
    await this.write({ ...b, threads: b.threads.map((t) => (t.id === id ? { ...t, lastUsedAt: Date.now(), messageCount } : t)) });
  }

  async remove(id: string): Promise<void> {
    const b = this.read();
    await this.write({ current: b.current === id ? null : b.current, threads: b.threads.filter((t) => t.id !== id) });
  }
}

/** A thread's title: the first line of its first question, shortened. */
export function titleFrom(question: string): string {
  const line = question.replace(/```[\s\S]*?```/g, ' ').split('\n').map((l) => l.trim()).find(Boolean) ?? vscode.l10n.t('New conversation');
  // Cut by code points, so an emoji or a rare CJK character (a surrogate pair) is never split in half.
  const chars = Array.from(line);
  return chars.length > 60 ? `${chars.slice(0, 57).join('')}…` : line;
}
