/**
 * Many threads streaming at once over TCP against `tutor-assistants serve`, through the real SDK's
 * `runs.stream`. The scripted model answers each thread with its own tokens
 * (`thread-<k>-token-<i>@<sent at> `), so any event of one stream that carries another thread's
 * id or text is a leak, and the stamp gives model-delta → SDK `textDelta` latency.
 * load.test.ts asserts on it; the bench imports `measureLoad` for its figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import { startFakeModel, type ChatBody } from './fakeModel';
import { freshDatabase } from './postgresDatabase';
import { defaultDriver, serve, stop, type Driver } from './serveProcess';

export interface LoadOptions {
  threads: number;
  /** Text deltas per answer. */
  deltas: number;
  /** Pause between the model's deltas (default 5 ms). */
  delayMs?: number;
  /** Storage driver of the server (default: node:sqlite where this Node has it, else sql.js). */
  driver?: Driver;
  /** postgres: the server's URL (harness/postgres.mjs); each measurement gets a database of its own. */
  postgresUrl?: string;
  /** postgres: how many `serve` processes share the database; threads go to them in turn (default 1). */
  instances?: number;
  /**
   * Streams this many short answers through every instance before the measured load, as a server
   * that has been up for a while has: its code optimised, its provider connections open. Without
   * it the load also measures a cold start.
   */
  warmUpRuns?: number;
}

export interface LoadResult {
  /** Stream events the SDK received, all threads together, per second of wall time. */
  eventsPerSecond: number;
  /** Model writes a delta → the SDK's `textDelta` fires, in ms. */
  p50DeltaMs: number;
  p95DeltaMs: number;
  /**
   * p95 of the deltas the model wrote once every stream had shown its first one: streaming while
   * nothing else starts, apart from the burst of runs starting together.
   */
  steadyP95DeltaMs: number;
  /** From asking for the stream to its first text delta, over the threads (all asked at once). */
  p50FirstDeltaMs: number;
  p95FirstDeltaMs: number;
  /** Events or text of one thread seen in another thread's stream (must be 0). */
  leaks: number;
  /** Runs that completed with every one of their tokens, in order. */
  completed: number;
  /** The first few leaks and incomplete answers, described. */
  problems: string[];
}

const TOKEN = /thread-(\d+)-token-(\d+)@([\d.]+) /g;
const now = () => performance.timeOrigin + performance.now();

/** The fake's answer for a request: the asking thread's number is in its last user message. */
function answerFor(body: ChatBody, deltas: number, delayMs: number) {
  const last = (body.messages as { role: string; content: string }[]).filter((m) => m.role === 'user').at(-1)?.content ?? '';
  if (last === 'warm up') return { text: Array.from({ length: 20 }, (_, i) => `warm-${i} `) };
  const k = /^load thread (\d+)$/.exec(last)?.[1] ?? 'unknown';
  return { text: Array.from({ length: deltas }, (_, i) => `thread-${k}-token-${i}@{sentAt} `), delayMs, stamp: true };
}

/** Runs the load once on a fresh server and data dir; never throws for leaks (it counts them). */
export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  const { threads, deltas } = options;
  const delayMs = options.delayMs ?? 5;
  const fake = await startFakeModel({ defaultTurn: { respond: (body) => answerFor(body, deltas, delayMs) } });
  const data = mkdtempSync(path.join(tmpdir(), 'tutor-load-'));
  const driver = options.driver ?? defaultDriver();
  const database = driver === 'postgres' ? await freshDatabase(options.postgresUrl ?? '', `tutor_load_${process.pid}`) : undefined;
  const servers = await Promise.all(Array.from({ length: driver === 'postgres' ? (options.instances ?? 1) : 1 }, () =>
    serve({ data, providerUrl: fake.url, token: 'load-test-token-0123', driver, ...(database ? { database } : {}) })));
  try {
    const clients = servers.map((server) => new OpenAI({ apiKey: 'load-test-token-0123', baseURL: server.url, maxRetries: 0, timeout: 300_000 }));
    const client = clients[0]!;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Load' });
    for (const warming of clients) {
      await Promise.all(Array.from({ length: options.warmUpRuns ?? 0 }, async () => {
        const thread = await warming.beta.threads.create({ messages: [{ role: 'user', content: 'warm up' }] });
        await warming.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }).finalRun();
      }));
    }
    const threadIds = await Promise.all(Array.from({ length: threads }, async (_, k) => (await client.beta.threads.create({ messages: [{ role: 'user', content: `load thread ${k}` }] })).id));
    const otherIds = (k: number) => threadIds.filter((_, j) => j !== k);

    const latencies: number[] = [];
    /** Each latency's delta was written at (model clock), to tell the start burst from the rest. */
    const writtenAt: number[] = [];
    const firstDelta: number[] = [];
    let lastFirstDeltaAt = 0;
    const problems: string[] = [];
    let events = 0;
    let leaks = 0;
    const leak = (k: number, what: string) => {
      leaks++;
      if (problems.length < 10) problems.push(`thread ${k}: ${what}`);
    };

    const started = now();
    const outcomes = await Promise.all(threadIds.map(async (threadId, k) => {
      const others = otherIds(k);
      const ownObjects = new Set<string>();
      let runId: string | undefined;
      let next = 0;
      // Threads in turn to each instance, as a balancer would spread them.
      const asked = now();
      const stream = clients[k % clients.length]!.beta.threads.runs.stream(threadId, { assistant_id: assistant.id });
      stream.on('event', (event: AssistantStreamEvent) => {
        events++;
        const data = event.data as { id?: string; object?: string; thread_id?: string; run_id?: string | null };
        if (event.event.startsWith('thread.run.') && !event.event.startsWith('thread.run.step.')) runId ??= data.id;
        if (event.event.endsWith('.delta')) {
          // Deltas carry only their object's id: it must be one this stream created.
          if (!ownObjects.has(data.id!)) leak(k, `${event.event} for ${data.id}, not one of this run's objects`);
        } else {
          if (data.thread_id !== undefined && data.thread_id !== threadId) leak(k, `${event.event} of thread ${data.thread_id}`);
          const ofRun = data.object === 'thread.run' ? data.id : data.run_id;
          if (ofRun != null && ofRun !== runId) leak(k, `${event.event} of run ${ofRun}`);
          if (data.id) ownObjects.add(data.id);
        }
        const raw = JSON.stringify(data);
        for (const m of raw.matchAll(/thread-(\d+)-token-/g)) if (Number(m[1]) !== k) leak(k, `${event.event} shows thread ${m[1]}'s text`);
        if (others.some((id) => raw.includes(id))) leak(k, `${event.event} names another thread's id`);
      });
      stream.on('textDelta', (delta) => {
        const received = now();
        if (next === 0) {
          firstDelta.push(received - asked);
          lastFirstDeltaAt = Math.max(lastFirstDeltaAt, received);
        }
        const text = delta.value ?? '';
        let consumed = 0;
        for (const m of text.matchAll(TOKEN)) {
          consumed += m[0].length;
          if (Number(m[1]) !== k) continue; // Counted as a leak by the event check.
          if (Number(m[2]) !== next) problems.push(`thread ${k}: token ${m[2]} arrived where ${next} was due`);
          next = Number(m[2]) + 1;
          latencies.push(received - Number(m[3]));
          writtenAt.push(Number(m[3]));
        }
        if (consumed !== text.length && problems.length < 10) problems.push(`thread ${k}: unexpected text ${JSON.stringify(text.slice(0, 80))}`);
      });
      const run = await stream.finalRun();
      const whole = run.status === 'completed' && next === deltas;
      if (!whole) problems.push(`thread ${k}: run ${run.status}, ${next} of ${deltas} tokens`);
      return whole;
    }));
    const seconds = (now() - started) / 1000;

    const quantile = (xs: number[], q: number) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
    };
    const steady = latencies.filter((_, i) => writtenAt[i]! >= lastFirstDeltaAt);
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      eventsPerSecond: Math.round(events / seconds),
      p50DeltaMs: round(quantile(latencies, 0.5)),
      p95DeltaMs: round(quantile(latencies, 0.95)),
      steadyP95DeltaMs: round(quantile(steady, 0.95)),
      p50FirstDeltaMs: round(quantile(firstDelta, 0.5)),
      p95FirstDeltaMs: round(quantile(firstDelta, 0.95)),
      leaks,
      completed: outcomes.filter(Boolean).length,
      problems,
    };
  } finally {
    for (const server of servers) await stop(server);
    await fake.close();
    rmSync(data, { recursive: true, force: true });
  }
}
