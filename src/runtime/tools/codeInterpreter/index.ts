/**
 * The code interpreter tool (issue #5 §2). Wire it as:
 *
 *   const tool = createCodeInterpreterTool({ store, blobs, ids, clock, logger });
 *   void tool.prewarm?.();                         // Pyodide loads in the background
 *   createRuntime({ ..., tools: [tool] });          // and tool.close() on shutdown
 *
 * or, with the user's own Python (not sandboxed; asks before each call):
 *
 *   createCodeInterpreterTool({ store, blobs, engine: new LocalPythonEngine({ pythonPath }), approve });
 */
export { createCodeInterpreterTool, LOCAL_DENIED, type ApprovalRequest, type CodeInterpreterDeps } from './tool';
export { DEFAULT_ENGINE_LIMITS, type EngineLimits, type InputFile, type OutputFile, type PythonEngine, type PythonRunResult, type RunStatus } from './engine';
export { PyodideEngine, type PyodideEngineOptions, type PyodideStats } from './pyodideEngine';
export { LocalPythonEngine, type LocalEngineOptions } from './localEngine';
export { defaultPyodidePaths, type PyodidePaths } from './workerSpawn';
export { storeGeneratedFile, type FileStoreDeps } from './generatedFiles';
