import { seconds, type Clock } from '../domain/clock';
import { invalidInput, notFound } from '../domain/errors';
import type { IdSource } from '../domain/ids';
import type { Item } from '../domain/items';
import type { FileObject } from '../domain/objects';
import type { ContainerParams, ToolParam } from '../domain/responseRequests';
import type { CodeResources } from '../engine/responses/responseEngine';
import type { ObjectStore, Page, PageQuery } from '../store/types';

/** The spec's ContainerResource: where a code interpreter's Python session and files live. */
export interface Container {
  id: string;
  object: 'container';
  name: string;
  created_at: number;
  status: 'running' | 'expired';
  last_active_at: number;
  expires_after: { anchor: 'last_active_at'; minutes: number };
  memory_limit: '1g' | '4g' | '16g' | '64g';
}

/** How a container is stored: the object and the files copied into it (its /mnt/data). */
interface StoredContainer {
  id: string;
  created_at: number;
  container: Container;
  file_ids: string[];
}

/** Idle minutes before a container expires, as OpenAI's default. */
const DEFAULT_IDLE_MINUTES = 20;

/**
 * Containers for the Responses API's code interpreter. A container names one Python session of
 * the code interpreter (the session a thread has on the Assistants side) and the files it starts
 * with; it expires after its idle minutes, and an expired one cannot run code again.
 */
export class Containers {
  constructor(
    private readonly store: ObjectStore,
    private readonly ids: IdSource,
    private readonly clock: Clock,
    /** Frees a container's Python session (the code interpreter's); none without one. */
    private readonly endSession: (containerId: string) => Promise<void> = async () => undefined,
  ) {}

  async create(p: ContainerParams): Promise<Container> {
    await this.checkFiles(p.file_ids ?? [], 'file_ids');
    const now = seconds(this.clock());
    const container: Container = {
      id: this.ids('container'),
      object: 'container',
      name: p.name,
      created_at: now,
      status: 'running',
      last_active_at: now,
      expires_after: { anchor: 'last_active_at', minutes: p.expires_after?.minutes ?? DEFAULT_IDLE_MINUTES },
      memory_limit: p.memory_limit ?? '1g',
    };
    await this.store.insert<StoredContainer>('container', { id: container.id, created_at: now, container, file_ids: [...new Set(p.file_ids ?? [])] });
    return container;
  }

  async get(id: string, param: string | null = null): Promise<Container> {
    return this.shown((await this.stored(id, param)).container);
  }

  async list(page: PageQuery): Promise<Page<Container>> {
    const found = await this.store.list<StoredContainer>('container', {}, page);
    return { ...found, data: found.data.map((s) => this.shown(s.container)) };
  }

  async delete(id: string): Promise<{ id: string; object: 'container.deleted'; deleted: true }> {
    await this.stored(id);
    await this.store.delete('container', id);
    await this.endSession(id);
    return { id, object: 'container.deleted', deleted: true };
  }

  /**
   * The container a request's code_interpreter tool runs in: the one it names (which must be
   * running), or for `auto` the running container an earlier call in the context used, else a
   * new one with the tool's files. Marks it active. Undefined when the request has no such tool.
   */
  async forTools(tools: readonly ToolParam[], context: readonly Item[]): Promise<CodeResources | undefined> {
    const index = tools.findIndex((t) => t.type === 'code_interpreter');
    const tool = tools[index];
    if (tool?.type !== 'code_interpreter') return undefined;
    const param = `tools[${index}].container`;
    let stored: StoredContainer | undefined;
    if (typeof tool.container === 'string') {
      stored = await this.stored(tool.container, param);
      if (this.expired(stored.container)) throw invalidInput(`Container ${tool.container} has expired (idle for more than ${stored.container.expires_after.minutes} minutes); create a new one or use {"type": "auto"}.`, param);
    } else {
      for (const item of [...context].reverse()) {
        if (item.type !== 'code_interpreter_call') continue;
        const earlier = await this.store.get<StoredContainer>('container', item.container_id);
        if (earlier && !this.expired(earlier.container)) stored = earlier;
        break;
      }
      await this.checkFiles(tool.container.file_ids ?? [], `${param}.file_ids`);
      if (stored) {
        stored = { ...stored, file_ids: [...new Set([...stored.file_ids, ...(tool.container.file_ids ?? [])])] };
      } else {
        const created = await this.create({ name: 'Code interpreter', file_ids: tool.container.file_ids ?? [], ...(tool.container.memory_limit ? { memory_limit: tool.container.memory_limit } : {}) });
        stored = (await this.store.get<StoredContainer>('container', created.id))!;
      }
    }
    const now = seconds(this.clock());
    await this.store.update<StoredContainer>('container', { ...stored, container: { ...stored.container, last_active_at: now } });
    return { containerId: stored.id, fileIds: stored.file_ids };
  }

  private async stored(id: string, param: string | null = null): Promise<StoredContainer> {
    const stored = await this.store.get<StoredContainer>('container', id);
    if (!stored) throw notFound('container', id, param);
    return stored;
  }

  private async checkFiles(fileIds: readonly string[], param: string): Promise<void> {
    for (const [i, id] of fileIds.entries()) if (!(await this.store.get<FileObject>('file', id))) throw notFound('file', id, `${param}[${i}]`);
  }

  private expired(c: Container): boolean {
    return seconds(this.clock()) > c.last_active_at + c.expires_after.minutes * 60;
  }

  private shown(c: Container): Container {
    return this.expired(c) ? { ...c, status: 'expired' } : c;
  }
}
