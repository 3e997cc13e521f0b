/** The lmTools room: Tutor's tools (CAS check, sandboxed Python, Knowledge search) for any VS Code chat participant or agent. */
export { LM_TOOL_PREFIX, lmToolName, registerTutorLmTools, type LmToolsDeps } from './tutorLmTools';
