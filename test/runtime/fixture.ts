import OpenAI from 'openai';
import { createProviderFactory } from '../../src/providers/factory';
import type { Runtime } from '../../src/runtime/runtime';
import { openRuntime, type OpenRuntimeOptions } from '../../src/runtime/open';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { specViolations } from './specWatch';

export interface Fixture {
  fake: FakeModel;
  runtime: Runtime;
  client: OpenAI;
  /** Every spec violation seen in responses and stream payloads so far. */
  violations: string[];
  close(): Promise<void>;
}

/**
 * A runtime in memory (or in `dataDir`), its provider pointed at the scripted model, and the real
 * SDK talking to it in-process through `fetch` — the way the extension uses it.
 */
export async function openFixture(options: Partial<OpenRuntimeOptions> = {}, Client: typeof OpenAI = OpenAI): Promise<Fixture> {
  const fake = await startFakeModel();
  const runtime = await openRuntime({ providers: createProviderFactory({ kind: 'custom', providerUrl: fake.url }), ...options });
  const violations: string[] = [];
  const pending: Promise<void>[] = [];
  const client = new Client({
    apiKey: 'local',
    baseURL: 'http://tutor.local/v1',
    maxRetries: 0,
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      const request = new Request(url, init);
      return specViolations(await runtime.fetch(request), violations, request.url, pending);
    },
  });
  return {
    fake, runtime, client, violations,
    async close() {
      await Promise.all(pending);
      await runtime.close();
      await fake.close();
    },
  };
}

/** Collects an async iterable. */
export async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
