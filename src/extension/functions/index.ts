/**
 * The functions room: the tutor's function tools that run in the extension (workspace files,
 * insert into the editor, verify_math) and the ignore rules they and the knowledge index share.
 * verify_math's checker is not exported here: it is its own bundle (src/runtime/tools/verifyMath/verifyMath.ts, shared with the language-model tools and the MCP server),
 * loaded on first use.
 */
export { WorkspaceFunctions, type ApprovalDecision, type ApprovalRequest, type FunctionCall, type FunctionResult, type WorkspaceFunctionDeps } from './workspaceFunctions';
export { TUTOR_FUNCTIONS } from './definitions';
export { GitignoreFilter, isAlwaysExcluded } from './gitignore';
