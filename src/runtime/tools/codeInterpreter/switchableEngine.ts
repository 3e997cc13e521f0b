import type { Logger } from '../../domain/clock';
import type { EngineLimits, InputFile, PythonEngine, PythonRunResult } from './engine';
import { LocalPythonEngine } from './localEngine';
import { PyodideEngine, type PyodideEngineOptions } from './pyodideEngine';

export interface EngineChoice {
  /** Read on every call, so changing the setting takes effect on the next cell. */
  engine(): 'pyodide' | 'python';
  /** The interpreter the `python` engine runs. */
  pythonPath?(): string;
}

/**
 * The engine the user picked, per call: sandboxed Pyodide or their own Python. Each back end is
 * built on first use, and a changed pythonPath starts a new local interpreter. Sessions do not
 * move between engines: switching starts the conversation's Python state afresh.
 */
export class SwitchableEngine implements PythonEngine {
  private pyodide: PyodideEngine | undefined;
  private local: { path: string; engine: LocalPythonEngine } | undefined;

  constructor(
    private readonly choice: EngineChoice,
    private readonly options: { logger?: Logger; pyodide?: PyodideEngineOptions } = {},
  ) {}

  private current(): PythonEngine {
    if (this.choice.engine() === 'python') {
      const wanted = this.choice.pythonPath?.() || 'python3';
      if (this.local?.path !== wanted) {
        void this.local?.engine.close();
        this.local = { path: wanted, engine: new LocalPythonEngine({ pythonPath: wanted, ...(this.options.logger ? { logger: this.options.logger } : {}) }) };
      }
      return this.local.engine;
    }
    this.pyodide ??= new PyodideEngine({ ...(this.options.logger ? { logger: this.options.logger } : {}), ...this.options.pyodide });
    return this.pyodide;
  }

  get kind(): 'pyodide' | 'local' {
    return this.choice.engine() === 'python' ? 'local' : 'pyodide';
  }

  get limits(): EngineLimits {
    return this.current().limits;
  }

  run(session: string, code: string, files: readonly InputFile[], signal?: AbortSignal): Promise<PythonRunResult> {
    return this.current().run(session, code, files, signal);
  }

  async reset(session: string): Promise<void> {
    await Promise.all([this.pyodide?.reset(session), this.local?.engine.reset(session)]);
  }

  /** Only the sandbox needs warming: the local interpreter starts in a fraction of a second. */
  async prewarm(): Promise<void> {
    if (this.kind === 'pyodide') await this.current().prewarm();
  }

  async close(): Promise<void> {
    await Promise.all([this.pyodide?.close(), this.local?.engine.close()]);
    this.pyodide = undefined;
    this.local = undefined;
  }
}
