import OpenAI from 'openai';
import type * as vscode from 'vscode';
import type { Logger } from '../runtime/domain/clock';
import type { Runtime, RuntimeDeps } from '../runtime/runtime';
import type * as RuntimeModule from '../runtime/index';
import type { ProviderFactory } from '../providers/types';
import { errorMessage } from '../common/errorMessage';

/**
 * The embedded Assistants runtime, opened on first use (activation stays cheap) in the
 * extension's global storage, so every workspace's threads live in one database and survive
 * reloads. Closing flushes it.
 */
export class EmbeddedRuntime implements vscode.Disposable {
  private opening: Promise<Runtime> | undefined;
  private sdk: Promise<OpenAI> | undefined;

  constructor(
    /** Loads the runtime module (dist/runtime.js in the packaged extension). */
    private readonly load: () => Promise<typeof RuntimeModule>,
    private readonly storageDir: string,
    private readonly wasmPath: string,
    private readonly providers: ProviderFactory,
    private readonly logger: Logger,
    /** How the code interpreter runs Python (the setting and the consent prompt). */
    private readonly codeInterpreter: RuntimeDeps['codeInterpreter'] = undefined,
    /** File search's embeddings (the settings' provider and model); BM25 alone without. */
    private readonly embedder: RuntimeDeps['embedder'] = undefined,
  ) {}

  get(): Promise<Runtime> {
    this.opening ??= this.load().then(({ openRuntime }) => openRuntime({ dataDir: this.storageDir, wasmPath: this.wasmPath, providers: this.providers, logger: this.logger, ...(this.codeInterpreter ? { codeInterpreter: this.codeInterpreter } : {}), ...(this.embedder ? { embedder: this.embedder } : {}) })).then((r) => {
      this.logger.info(`Assistants runtime ready (${r.store.driver.name}) in ${this.storageDir}`);
      return r;
    });
    return this.opening;
  }

  /**
   * Opens the runtime and starts the code interpreter's Pyodide in the background, so the first
   * Python call does not wait ~3 s for it. Failures are logged, never shown: the first real call
   * reports them properly.
   */
  async prewarm(): Promise<void> {
    const started = performance.now();
    try {
      await (await this.get()).prewarm();
      this.logger.info(`Code interpreter prewarmed in ${Math.round(performance.now() - started)} ms`);
    } catch (err) {
      this.logger.warn(`Prewarming the code interpreter failed: ${errorMessage(err)}`);
    }
  }

  /** An SDK client that reaches the runtime in-process: no port is opened. */
  client(): Promise<OpenAI> {
    this.sdk ??= this.get().then((runtime) => new OpenAI({
      apiKey: 'embedded',
      baseURL: 'http://tutor.embedded/v1',
      maxRetries: 0,
      // The SDK calls fetch(url, init); the runtime takes a Request.
      fetch: (url: string | URL | Request, init?: RequestInit) => runtime.fetch(new Request(url, init)),
    }));
    return this.sdk;
  }

  async dispose(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    this.sdk = undefined;
    if (opening) await (await opening).close();
  }
}

/** A client for a remote Assistants-compatible server (`tutor.server.url`), e.g. a team's `tutor-assistants serve`. */
export function remoteClient(baseURL: string, apiKey: string | undefined): OpenAI {
  return new OpenAI({ baseURL, apiKey: apiKey || 'none', maxRetries: 1 });
}
