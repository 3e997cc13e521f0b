// Runtime figures for `npm run bench`, on whichever storage driver this Node picks
// (TUTOR_STORE_DRIVER). Prints one JSON object on stdout; bench/run.mjs gathers and tabulates.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import type { ChatChunk, ChatProvider } from '../src/providers/types';
import { openRuntime } from '../src/runtime/open';

const now = () => performance.now();
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** The model for benchmarks: yields scripted deltas in-process and notes when each left. */
class BenchModel implements ChatProvider {
  deltas = 0;
  sentAt: number[] = [];
  async *streamChat(): AsyncIterable<ChatChunk> {
    for (let i = 0; i < this.deltas; i++) {
      this.sentAt[i] = now();
      yield { type: 'text', text: `d${i}|` };
      // Give the event loop a turn between deltas, as a network stream would.
      await new Promise((r) => setImmediate(r));
    }
    yield { type: 'usage', prompt_tokens: 10, completion_tokens: this.deltas };
    yield { type: 'finish', reason: 'stop' };
  }
}

async function main() {
  const model = new BenchModel();
  const runtime = await openRuntime({ providers: () => model, dataDir: mkdtempSync(path.join(tmpdir(), 'tutor-bench-')) });
  const client = new OpenAI({ apiKey: 'x', baseURL: 'http://tutor.local/v1', maxRetries: 0, fetch: (u: string | URL | Request, i?: RequestInit) => runtime.fetch(new Request(u, i)) });
  const out: Record<string, number | string> = { driver: runtime.store.driver.name, node: process.versions.node };

  // 1. SDK overhead: the same retrieve through the SDK and as a raw fetch.
  const assistant = await client.beta.assistants.create({ model: 'bench' });
  const N = 2_000;
  for (let i = 0; i < 200; i++) await client.beta.assistants.retrieve(assistant.id);
  let t = now();
  for (let i = 0; i < N; i++) await (await runtime.fetch(new Request(`http://tutor.local/v1/assistants/${assistant.id}`))).json();
  const rawUs = ((now() - t) / N) * 1000;
  t = now();
  for (let i = 0; i < N; i++) await client.beta.assistants.retrieve(assistant.id);
  const sdkUs = ((now() - t) / N) * 1000;
  // The SDK's own cost, with a fetch that answers at once: what no runtime can remove.
  const body = JSON.stringify(assistant);
  const instant = new OpenAI({ apiKey: 'x', baseURL: 'http://tutor.local/v1', maxRetries: 0, fetch: async () => new Response(body, { headers: { 'content-type': 'application/json' } }) });
  for (let i = 0; i < 200; i++) await instant.beta.assistants.retrieve(assistant.id);
  t = now();
  for (let i = 0; i < N; i++) await instant.beta.assistants.retrieve(assistant.id);
  const sdkAloneUs = ((now() - t) / N) * 1000;
  Object.assign(out, { raw_fetch_us: rawUs, sdk_call_us: sdkUs, sdk_alone_us: sdkAloneUs, sdk_overhead_ratio: sdkUs / rawUs });

  // 2 & 3. Streamed runs: delta → textDelta latency, and events per second for 1,000 deltas.
  const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'go' }] });
  model.deltas = 1_000;
  model.sentAt = [];
  const latencies: number[] = [];
  let events = 0;
  t = now();
  await client.beta.threads.runs
    .stream(thread.id, { assistant_id: assistant.id })
    .on('event', () => events++)
    .on('textDelta', (d) => {
      const i = Number(/^d(\d+)\|$/.exec(d.value ?? '')?.[1]);
      if (Number.isFinite(i)) latencies.push(now() - model.sentAt[i]!);
    })
    .finalRun();
  const streamMs = now() - t;
  Object.assign(out, {
    stream_deltas: 1_000, stream_ms: streamMs, events_per_s: (events / streamMs) * 1000,
    delta_latency_p50_ms: pct(latencies, 50), delta_latency_p95_ms: pct(latencies, 95),
  });

  // 4. One page of a 10k-message thread.
  const big = await client.beta.threads.create();
  // Filled through the runtime's own message path; 10k HTTP calls would measure nothing new.
  const fill = runtime.engine.conversation;
  t = now();
  for (let i = 0; i < 10_000; i++) fill.insertMessage(big.id, { role: 'user', content: `message ${i}` });
  out.insert_10k_messages_ms = now() - t;
  const middle = (await client.beta.threads.messages.list(big.id, { limit: 100, order: 'asc' })).data.at(-1)!.id;
  const pageTimes: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = now();
    await (await runtime.fetch(new Request(`http://tutor.local/v1/threads/${big.id}/messages?limit=20&after=${middle}`))).json();
    pageTimes.push(now() - s);
  }
  const sdkPage: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = now();
    await client.beta.threads.messages.list(big.id, { limit: 20, after: middle });
    sdkPage.push(now() - s);
  }
  Object.assign(out, { page_10k_raw_p50_ms: pct(pageTimes, 50), page_10k_sdk_p50_ms: pct(sdkPage, 50) });

  // 5. Storage: an urgent (user-authored) write, and a full flush of the 10k-message database.
  const writes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = now();
    fill.insertMessage(big.id, { role: 'user', content: `w${i}` });
    writes.push(now() - s);
  }
  const driver = runtime.store.driver;
  const flushes: number[] = [];
  for (let i = 0; i < 10; i++) {
    fill.insertMessage(big.id, { role: 'user', content: `f${i}` });
    const s = now();
    await driver.flush();
    flushes.push(now() - s);
  }
  Object.assign(out, { write_p50_ms: pct(writes, 50), flush_10k_p50_ms: pct(flushes, 50) });
  await runtime.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
