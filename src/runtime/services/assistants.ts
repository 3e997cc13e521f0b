import { type Clock, seconds } from '../domain/clock';
import { notFound } from '../domain/errors';
import type { IdSource } from '../domain/ids';
import type { Assistant } from '../domain/objects';
import type { createAssistantSchema, modifyAssistantSchema } from '../domain/requests';
import type { ObjectStore, Page, PageQuery } from '../store/types';
import type { VectorStoreService } from './vectorStores/service';
import { withHelperStores } from './vectorStores/threadStores';
import type { z } from 'zod';

/** Assistants: made from their request with OpenAI's defaults; `tool_resources` may create helper vector stores. */
export class AssistantService {
  constructor(
    private readonly store: ObjectStore,
    private readonly ids: IdSource,
    private readonly clock: Clock,
    private readonly vectorStores: VectorStoreService,
  ) {}

  async create(p: z.infer<typeof createAssistantSchema>): Promise<Assistant> {
    const assistant: Assistant = {
      id: this.ids('assistant'), object: 'assistant', created_at: seconds(this.clock()),
      name: p.name ?? null, description: p.description ?? null, model: p.model, instructions: p.instructions ?? null,
      tools: (p.tools ?? []) as Assistant['tools'], tool_resources: ((await withHelperStores(this.vectorStores, p.tool_resources)) ?? {}) as Assistant['tool_resources'],
      metadata: p.metadata ?? {}, temperature: p.temperature ?? 1, top_p: p.top_p ?? 1,
      response_format: (p.response_format ?? 'auto') as Assistant['response_format'],
    };
    return await this.store.insert('assistant', assistant);
  }

  async list(page: PageQuery): Promise<Page<Assistant>> {
    return await this.store.list<Assistant>('assistant', {}, page);
  }

  async get(id: string, param: string | null = null): Promise<Assistant> {
    const a = await this.store.get<Assistant>('assistant', id);
    if (!a) throw notFound('assistant', id, param);
    return a;
  }

  async modify(id: string, p: z.infer<typeof modifyAssistantSchema>): Promise<Assistant> {
    const current = await this.get(id);
    if (p.tool_resources) p.tool_resources = await withHelperStores(this.vectorStores, p.tool_resources);
    const next = { ...current, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) } as Assistant;
    return (await this.store.update('assistant', next)) as Assistant;
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.store.delete('assistant', id);
  }
}
