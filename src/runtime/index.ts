/**
 * The runtime as its own bundle (dist/runtime.js). The extension loads it on first use, so
 * activating Tutor never pays for the tokenizer, SQLite and the HTTP router.
 */
export { openRuntime, type OpenRuntimeOptions } from './open';
export type { Runtime } from './runtime';
export { TutorToolbox, TOOLBOX_SPECS, toolboxSpec, type KnowledgeSearch, type ToolboxOutput, type ToolboxToolName, type ToolboxToolSpec, type ToolImage } from './tools/toolbox';
