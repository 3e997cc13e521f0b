/**
 * Tutor's tools for models other than its own assistant (VS Code language-model tools, the MCP
 * server): the same checker, sandbox and search the assistant's tools use, one spec each.
 */
export { TutorToolbox, type KnowledgeSearch, type ToolboxDeps, type ToolboxOutput, type ToolImage } from './toolbox';
export { DEFAULT_SEARCH_RESULTS, MAX_SEARCH_RESULTS, TOOLBOX_SPECS, toolboxSpec, type ToolboxToolName, type ToolboxToolSpec } from './specs';
