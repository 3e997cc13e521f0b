/**
 * The objects the fuzzer has seen the server create, so generated requests can name real ones and
 * reach deeper states (a run on a thread that exists, a file that is in a store). Generated
 * requests never hold ids: they hold a `Ref` (a kind and a number) that is resolved against the
 * pool when the request is sent, so a seed always generates the same requests whatever ids the
 * server hands out. Deleted objects (and what went with them) leave the pool for its graveyard,
 * which supplies stale ids: good input too, but not so often that most requests are 404s.
 */

export type PoolKind = 'assistant' | 'thread' | 'message' | 'run' | 'step' | 'call' | 'file' | 'vector_store' | 'vs_file' | 'batch' | 'response' | 'conversation' | 'item' | 'container' | 'stale';

/** One known object and the owners its paths need. */
export interface Entry {
  id: string;
  thread_id?: string;
  run_id?: string;
  vector_store_id?: string;
  conversation_id?: string;
}

/** A symbolic id: the `n`th known object of `kind`, preferring ones under the request's owners. */
export interface Ref {
  $ref: PoolKind;
  n: number;
}

export const isRef = (v: unknown): v is Ref => typeof v === 'object' && v !== null && '$ref' in v && 'n' in v;

/** A well-formed id that names nothing, for when the pool has none of a kind yet. */
const MISSING: Record<PoolKind, string> = {
  assistant: 'asst_missing0000000000000', thread: 'thread_missing0000000000000', message: 'msg_missing0000000000000',
  run: 'run_missing0000000000000', step: 'step_missing0000000000000', call: 'call_missing0000000000000',
  file: 'file-missing0000000000000', vector_store: 'vs_missing0000000000000', vs_file: 'file-missing0000000000000',
  batch: 'vsfb_missing0000000000000', response: 'resp_missing0000000000000', conversation: 'conv_missing0000000000000',
  item: 'msg_missing0000000000000', container: 'cntr_missing0000000000000', stale: 'thread_missing0000000000000',
};

/** What a deletion's answer names (`object`), and the kinds that go with it. */
const DELETED: Record<string, { kind: PoolKind; cascade: { kind: PoolKind; owner: keyof Entry }[] }> = {
  'assistant.deleted': { kind: 'assistant', cascade: [] },
  'thread.deleted': { kind: 'thread', cascade: (['message', 'run', 'step', 'call'] as const).map((kind) => ({ kind, owner: 'thread_id' })) },
  'thread.message.deleted': { kind: 'message', cascade: [] },
  file: { kind: 'file', cascade: [] },
  'vector_store.deleted': { kind: 'vector_store', cascade: (['vs_file', 'batch'] as const).map((kind) => ({ kind, owner: 'vector_store_id' })) },
  'vector_store.file.deleted': { kind: 'vs_file', cascade: [] },
  response: { kind: 'response', cascade: [] },
  'conversation.deleted': { kind: 'conversation', cascade: [{ kind: 'item', owner: 'conversation_id' }] },
  'container.deleted': { kind: 'container', cascade: [] },
};

/** Per kind, the newest objects are kept; older ones drop off so picks favour live state. */
const KEEP = 64;

export class Pool {
  private readonly entries = new Map<PoolKind, Entry[]>();

  add(kind: PoolKind, entry: Entry): void {
    const list = this.entries.get(kind) ?? [];
    const i = list.findIndex((e) => e.id === entry.id && e.vector_store_id === entry.vector_store_id);
    if (i >= 0) list.splice(i, 1);
    list.push(entry);
    if (list.length > KEEP) list.shift();
    this.entries.set(kind, list);
  }

  size(kind: PoolKind): number {
    return this.entries.get(kind)?.length ?? 0;
  }

  /**
   * The `n`th object of `kind` among those under `owners` (thread, run, store), or among all of
   * that kind when none is under them; undefined only when the pool has none at all.
   */
  pick(kind: PoolKind, n: number, owners: Partial<Entry> = {}): Entry | undefined {
    const all = this.entries.get(kind) ?? [];
    const under = all.filter((e) => (['thread_id', 'run_id', 'vector_store_id'] as const).every((k) => !owners[k] || !e[k] || e[k] === owners[k]));
    const from = under.length ? under : all;
    return from.length ? from[n % from.length] : undefined;
  }

  /** The id of the object of `kind` learned most recently (`back` steps before it). */
  newest(kind: PoolKind, back = 0): string {
    const list = this.entries.get(kind) ?? [];
    return list[list.length - 1 - back]?.id ?? MISSING[kind];
  }

  idOf(kind: PoolKind, n: number, owners: Partial<Entry> = {}): string {
    return this.pick(kind, n, owners)?.id ?? MISSING[kind];
  }

  /**
   * Records what a response shows: the object itself, a list's items, or a stream event's data.
   * `path` tells whose items a list of conversation items holds (items carry no owner of their own).
   */
  learn(body: unknown, path = ''): void {
    if (typeof body !== 'object' || body === null) return;
    const o = body as Record<string, unknown>;
    if (o.object === 'list' && Array.isArray(o.data)) {
      const conversation = /\/conversations\/([^/]+)\/items$/.exec(path)?.[1];
      for (const item of o.data) {
        if (conversation) this.learnItem(item, conversation);
        else this.learn(item);
      }
      return;
    }
    // A Responses stream event carries its response (or an item of it).
    if (typeof o.type === 'string' && o.type.startsWith('response.') && typeof o.response === 'object') return this.learn(o.response);
    if (typeof o.id !== 'string') return;
    const id = o.id;
    if (o.deleted === true) return this.forget(id, DELETED[String(o.object)]);
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
    switch (o.object) {
      case 'assistant': return this.add('assistant', { id });
      case 'thread': return this.add('thread', { id });
      case 'thread.message': return this.add('message', { id, thread_id: str('thread_id') });
      case 'thread.run.step': return this.add('step', { id, thread_id: str('thread_id'), run_id: str('run_id') });
      case 'file': return this.add('file', { id });
      case 'vector_store': return this.add('vector_store', { id });
      case 'vector_store.file': return this.add('vs_file', { id, vector_store_id: str('vector_store_id') });
      case 'vector_store.files_batch': return this.add('batch', { id, vector_store_id: str('vector_store_id') });
      case 'conversation': return this.add('conversation', { id });
      case 'container': return this.add('container', { id });
      case 'response': {
        this.add('response', { id });
        const conversation = (o.conversation as { id?: string } | null)?.id;
        if (conversation) for (const item of (o.output as unknown[]) ?? []) this.learnItem(item, conversation);
        return;
      }
      case 'thread.run': {
        this.add('run', { id, thread_id: str('thread_id') });
        // Calls are worth answering only while their run waits for them.
        this.remove('call', (c) => c.run_id === id);
        const calls = (o.required_action as { submit_tool_outputs?: { tool_calls?: { id: string }[] } } | null)?.submit_tool_outputs?.tool_calls ?? [];
        for (const call of calls) this.add('call', { id: call.id, run_id: id, thread_id: str('thread_id') });
        return;
      }
    }
  }

  private learnItem(item: unknown, conversationId: string): void {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === 'string') this.add('item', { id, conversation_id: conversationId });
  }

  private forget(id: string, what: (typeof DELETED)[string] | undefined): void {
    if (!what) return;
    this.remove(what.kind, (e) => e.id === id);
    for (const { kind, owner } of what.cascade) this.remove(kind, (e) => e[owner] === id);
    this.add('stale', { id });
  }

  private remove(kind: PoolKind, match: (e: Entry) => boolean): void {
    const list = this.entries.get(kind);
    if (list) this.entries.set(kind, list.filter((e) => !match(e)));
  }

  /** The pending tool calls of a run the pool saw waiting, for a submission that answers them all. */
  callsOf(runId: string): string[] {
    return (this.entries.get('call') ?? []).filter((c) => c.run_id === runId).map((c) => c.id);
  }
}
