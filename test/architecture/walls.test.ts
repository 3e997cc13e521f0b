import * as assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';

// Each wall of ARCHITECTURE.md, tried: an import that crosses it is linted as a file at a path the
// lint config covers and must fail with the rule that guards it; an allowed import beside it must
// pass, so a wall that stops everything would fail too. Type walls are tried the same way against
// each layer's own tsconfig.json. Nothing is written to disk: ESLint and the compiler read the
// probe's text under its path.
const repoRoot = path.resolve(__dirname, '..', '..');
const IMPORT_RULE = '@typescript-eslint/no-restricted-imports';
const LAYER_RULE = 'no-restricted-syntax';

const eslint = new ESLint({ cwd: repoRoot });

async function lintErrors(file: string, source: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file), warnIgnored: true });
  assert.ok(result, `no lint result for ${file}`);
  return result.messages.filter((m) => m.severity === 2);
}

const wallRules = (errors: Linter.LintMessage[]) => errors.filter((e) => e.ruleId === IMPORT_RULE || e.ruleId === LAYER_RULE);

type Probe = { what: string; file: string; source: string; rule?: string };

// The ten of issue #14 (four that lint stopped before, six it missed) and src ↛ test first, then the rest.
const forbidden: Probe[] = [
  { what: 'providers → runtime', file: 'src/providers/probe.ts', source: "import { createRuntime } from '../runtime/runtime';\nexport { createRuntime };\n" },
  { what: 'server → vscode', file: 'src/server/probe.ts', source: "import * as vscode from 'vscode';\nexport { vscode };\n" },
  { what: 'server → extension', file: 'src/server/probe.ts', source: "import { activate } from '../extension/extension';\nexport { activate };\n" },
  { what: 'common → node:*', file: 'src/common/probe.ts', source: "import { readFile } from 'node:fs/promises';\nexport { readFile };\n" },
  { what: 'vector stores (a service) → the HTTP edge', file: 'src/runtime/services/vectorStores/probe.ts', source: "import { runRoutes } from '../../http/routes/runs';\nexport { runRoutes };\n" },
  { what: 'runtime → the concrete OpenAI adapter', file: 'src/runtime/engine/probe.ts', source: "import { OpenAICompatibleProvider } from '../../providers/openaiCompatible';\nexport { OpenAICompatibleProvider };\n" },
  { what: 'runtime → vscode', file: 'src/runtime/probe.ts', source: "import * as vscode from 'vscode';\nexport { vscode };\n" },
  { what: 'webview → extension', file: 'src/webview/probe.ts', source: "import { ChatController } from '../extension/chatController';\nexport { ChatController };\n" },
  { what: 'common → extension', file: 'src/common/probe.ts', source: "import { settings } from '../extension/settings';\nexport { settings };\n" },
  { what: 'providers → vscode', file: 'src/providers/probe.ts', source: "import * as vscode from 'vscode';\nexport { vscode };\n" },
  { what: 'runtime → vscode, type only', file: 'src/runtime/store/probe.ts', source: "import type * as vscode from 'vscode';\nexport type Api = typeof vscode;\n" },
  { what: 'server → vscode, type only', file: 'src/server/probe.ts', source: "import type { Uri } from 'vscode';\nexport type { Uri };\n" },
  { what: 'src → test', file: 'src/runtime/engine/probe.ts', source: "import { startFakeModel } from '../../../test/harness/fakeModel';\nexport { startFakeModel };\n" },

  { what: 'services → http', file: 'src/runtime/services/probe.ts', source: "import { threadRoutes } from '../http/routes/threads';\nexport { threadRoutes };\n" },
  { what: 'engine → the edge (ApiError)', file: 'src/runtime/engine/probe.ts', source: "import { ApiError } from '../http/apiError';\nexport { ApiError };\n" },
  { what: 'engine → services', file: 'src/runtime/engine/probe.ts', source: "import { Conversation } from '../services/threads';\nexport { Conversation };\n" },
  { what: 'tools → the edge, type only', file: 'src/runtime/tools/codeInterpreter/probe.ts', source: "import type { RouteDeps } from '../../http/routeContext';\nexport type { RouteDeps };\n" },
  { what: 'tools → engine', file: 'src/runtime/tools/probe.ts', source: "import { RunEngine } from '../engine/runEngine';\nexport { RunEngine };\n" },
  { what: 'fileSearch → tools', file: 'src/runtime/fileSearch/probe.ts', source: "import { fileSearchTool } from '../tools/fileSearchTool';\nexport { fileSearchTool };\n" },
  { what: 'store → engine', file: 'src/runtime/store/probe.ts', source: "import { RunEngine } from '../engine/runEngine';\nexport { RunEngine };\n" },
  { what: 'store → a service', file: 'src/runtime/store/probe.ts', source: "import { VectorStoreService } from '../services/vectorStores/service';\nexport { VectorStoreService };\n" },
  { what: 'store → fileSearch', file: 'src/runtime/store/probe.ts', source: "import { ChunkIndex } from '../fileSearch/chunkIndex';\nexport { ChunkIndex };\n" },
  { what: 'domain → store', file: 'src/runtime/domain/probe.ts', source: "import type { Store } from '../store/types';\nexport type { Store };\n" },
  { what: 'runtime → the provider factory', file: 'src/runtime/probe.ts', source: "import { createProvider } from '../providers/factory';\nexport { createProvider };\n" },
  { what: 'runtime → extension', file: 'src/runtime/probe.ts', source: "import { settings } from '../extension/settings';\nexport { settings };\n" },
  { what: 'runtime → common', file: 'src/runtime/engine/probe.ts', source: "import type { ReplyEnvelope } from '../../common/protocol';\nexport type { ReplyEnvelope };\n" },
  { what: 'server → common', file: 'src/server/probe.ts', source: "import { Messenger } from '../common/messenger';\nexport { Messenger };\n" },
  { what: 'runtime → server', file: 'src/runtime/probe.ts', source: "import { serve } from '../server/serve';\nexport { serve };\n" },
  { what: 'webview → runtime', file: 'src/webview/probe.ts', source: "import { ids } from '../runtime/domain/ids';\nexport { ids };\n" },
  { what: 'webview → vscode', file: 'src/webview/probe.ts', source: "import type * as vscode from 'vscode';\nexport type Api = typeof vscode;\n" },
  { what: 'webview → node:*', file: 'src/webview/render/probe.ts', source: "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n" },
  { what: 'common → a bare Node module', file: 'src/common/probe.ts', source: "import path from 'path';\nexport { path };\n" },
  { what: 'common → vscode, type only', file: 'src/common/probe.ts', source: "import type * as vscode from 'vscode';\nexport type Api = typeof vscode;\n" },
  { what: 'common → runtime', file: 'src/common/probe.ts', source: "import type { Store } from '../runtime/store/types';\nexport type { Store };\n" },
  { what: 'extension → webview', file: 'src/extension/probe.ts', source: "import { main } from '../webview/main';\nexport { main };\n" },
  { what: 'extension → harness', file: 'src/extension/chat/probe.ts', source: "import { fakeModel } from '../../../harness/fakeModel';\nexport { fakeModel };\n" },
  { what: 'server → bench', file: 'src/server/probe.ts', source: "import { run } from '../../bench/run';\nexport { run };\n" },
  { what: 'webview → scripts', file: 'src/webview/probe.ts', source: "import { start } from '../../scripts/start';\nexport { start };\n" },
  { what: 'extension top level → a room past its index', file: 'src/extension/probe.ts', source: "import { ChatController } from './chat/chatController';\nexport { ChatController };\n" },
  { what: 'an extension room → another room past its index', file: 'src/extension/knowledge/probe.ts', source: "import { insertAtCursor } from '../editor/insertAtCursor';\nexport { insertAtCursor };\n" },
  { what: 'activation → the lmTools room past its index', file: 'src/extension/probe.ts', source: "import { registerTutorLmTools } from './lmTools/tutorLmTools';\nexport { registerTutorLmTools };\n" },
  { what: 'the lmTools room → the chat room', file: 'src/extension/lmTools/probe.ts', source: "import { TutorParticipant } from '../chat';\nexport { TutorParticipant };\n" },
  { what: 'an extension room → the chat room', file: 'src/extension/setup/probe.ts', source: "import { ChatController } from '../chat';\nexport { ChatController };\n" },
  { what: 'a file outside every layer folder', file: 'src/helpers.ts', source: 'export const x = 1;\n', rule: LAYER_RULE },
  { what: 'a folder that is not a layer', file: 'src/shared/util.ts', source: 'export const x = 1;\n', rule: LAYER_RULE },
];

const allowed: Probe[] = [
  { what: 'runtime → providers/types', file: 'src/runtime/engine/probe.ts', source: "import type { ChatProvider } from '../../providers/types';\nexport type { ChatProvider };\n" },
  { what: 'server → the concrete adapter and the runtime', file: 'src/server/probe.ts', source: "import { OpenAICompatibleProvider } from '../providers/openaiCompatible';\nimport { openRuntime } from '../runtime/open';\nexport { OpenAICompatibleProvider, openRuntime };\n" },
  { what: 'extension → vscode, runtime, providers, common', file: 'src/extension/probe.ts', source: "import * as vscode from 'vscode';\nimport { openRuntime } from '../runtime/open';\nimport { createProvider } from '../providers/factory';\nimport { Messenger } from '../common/messenger';\nexport { vscode, openRuntime, createProvider, Messenger };\n" },
  { what: 'webview → common and browser packages', file: 'src/webview/render/probe.ts', source: "import { Messenger } from '../../common/messenger';\nimport DOMPurify from 'dompurify';\nexport { Messenger, DOMPurify };\n" },
  { what: 'common → common and a plain package', file: 'src/common/probe.ts', source: "import ignore from 'ignore';\nimport type { ReplyEnvelope } from './protocol';\nexport { ignore };\nexport type { ReplyEnvelope };\n" },
  { what: 'providers → the openai package', file: 'src/providers/probe.ts', source: "import OpenAI from 'openai';\nimport type { ChatProvider } from './types';\nexport { OpenAI };\nexport type { ChatProvider };\n" },
  { what: 'the edge → services and engine', file: 'src/runtime/http/routes/probe.ts', source: "import { VectorStoreService } from '../../services/vectorStores/service';\nimport { RunEngine } from '../../engine/runEngine';\nexport { VectorStoreService, RunEngine };\n" },
  { what: 'engine → tools, store and domain', file: 'src/runtime/engine/probe.ts', source: "import { fileSearchTool } from '../tools/fileSearchTool';\nimport type { Store } from '../store/types';\nimport { DomainError } from '../domain/errors';\nexport { fileSearchTool, DomainError };\nexport type { Store };\n" },
  { what: 'store → domain', file: 'src/runtime/store/probe.ts', source: "import { newId } from '../domain/ids';\nexport { newId };\n" },
  { what: 'a tool file named engine.ts beside it is not the engine', file: 'src/runtime/tools/codeInterpreter/probe.ts', source: "import type { PythonEngine } from './engine';\nexport type { PythonEngine };\n" },
  { what: 'the runtime root assembles every folder', file: 'src/runtime/probe.ts', source: "import { httpApp } from './http/app';\nimport { RunEngine } from './engine/runEngine';\nexport { httpApp, RunEngine };\n" },
  { what: 'an extension room → another through its index', file: 'src/extension/chat/probe.ts', source: "import { copyCode } from '../editor';\nimport { WorkspaceFunctions } from '../functions/index';\nexport { copyCode, WorkspaceFunctions };\n" },
  { what: 'activation → the type of the verifyMath bundle', file: 'src/extension/probe.ts', source: "import type * as VerifyMath from '../runtime/tools/verifyMath/verifyMath';\nexport type { VerifyMath };\n" },
  { what: 'the lmTools room → the runtime toolbox', file: 'src/extension/lmTools/probe.ts', source: "import { TOOLBOX_SPECS } from '../../runtime/tools/toolbox';\nexport { TOOLBOX_SPECS };\n" },
  { what: 'tests → src', file: 'test/runtime/probe.test.ts', source: "import { createRuntime } from '../../src/runtime/runtime';\nexport { createRuntime };\n" },
];

describe('walls between layers (ARCHITECTURE.md)', function () {
  this.timeout(300_000);

  describe('lint stops every forbidden import', () => {
    for (const probe of forbidden) {
      it(`${probe.what} (${probe.file})`, async () => {
        const errors = wallRules(await lintErrors(probe.file, probe.source));
        const rule = probe.rule ?? IMPORT_RULE;
        assert.ok(errors.some((e) => e.ruleId === rule && e.line === 1), `expected ${rule} on line 1, got ${JSON.stringify(errors)}`);
      });
    }
  });

  describe('lint lets the allowed arrows through', () => {
    for (const probe of allowed) {
      it(`${probe.what} (${probe.file})`, async () => {
        assert.deepEqual(wallRules(await lintErrors(probe.file, probe.source)), []);
      });
    }
  });

  it("today's src/ breaks no wall (zero lint errors)", async () => {
    const results = await eslint.lintFiles(['src']);
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    assert.deepEqual(errors, []);
    assert.ok(results.some((r) => r.filePath.endsWith(path.join('src', 'runtime', 'runtime.ts'))), 'lint reached src/');
  });

  // No layer but the extension has the VS Code API's types loaded, yet the compiler would still
  // resolve an explicit `import type … from 'vscode'` through node_modules/@types: lint is that wall.
  describe("each layer's tsconfig gives it only its environment's types", () => {
    // [layer, probe source, must compile]
    const cases: Array<[string, string, boolean]> = [
      ['webview', 'export const t = document.title;', true],
      ['webview', 'export const cwd = process.cwd();', false],
      ['webview', "import { readFileSync } from 'node:fs';\nexport { readFileSync };", false],
      ['common', 'export const timer = setTimeout(() => undefined, 1);', true],
      ['common', 'export const t = document.title;', false],
      ['common', 'export const cwd = process.cwd();', false],
      ['extension', "import type * as vscode from 'vscode';\nexport type Api = typeof vscode;\nexport const cwd = process.cwd();", true],
      ['extension', 'export const t = document.title;', false],
      ...['runtime', 'providers', 'server'].flatMap((layer): Array<[string, string, boolean]> => [
        [layer, 'export const cwd = process.cwd();\nexport const f = fetch;', true],
        [layer, 'export const t = document.title;', false],
        [layer, 'export const el: HTMLElement | undefined = undefined;', false],
      ]),
    ];
    const layers = [...new Set(cases.map(([layer]) => layer))];
    for (const layer of layers) {
      it(layer, () => {
        const mine = cases.filter(([l]) => l === layer);
        const diagnostics = typeErrorsPerProbe(layer, mine.map(([, source]) => source));
        mine.forEach(([, source, compiles], i) => {
          const errors = diagnostics[i] ?? [];
          if (compiles) assert.deepEqual(errors, [], `src/${layer} should compile:\n${source}`);
          else assert.ok(errors.length > 0, `src/${layer} should not compile:\n${source}`);
        });
      });
    }
  });
});

/**
 * Compiles each source as a file of its own inside src/<layer>, next to all of that layer's files,
 * with the layer's tsconfig.json, and returns each probe's errors.
 */
function typeErrorsPerProbe(layer: string, sources: string[]): string[][] {
  const configPath = path.join(repoRoot, 'src', layer, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  assert.ok(parsed, `cannot read ${configPath}`);
  const probes = new Map(sources.map((source, i) => [path.join(repoRoot, 'src', layer, `wallProbe${i}.ts`).split(path.sep).join('/'), source]));
  const host = ts.createCompilerHost(parsed.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const source = probes.get(name);
    return source === undefined ? getSourceFile.call(host, name, language, ...rest) : ts.createSourceFile(name, source, language);
  };
  host.fileExists = (name) => probes.has(name) || fileExists.call(host, name);
  host.readFile = (name) => probes.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...probes.keys()], options: parsed.options, host });
  assert.deepEqual(program.getGlobalDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
  return [...probes.keys()].map((name) => {
    const file = program.getSourceFile(name);
    assert.ok(file, `probe ${name} not in the program`);
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  });
}
