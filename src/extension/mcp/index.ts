/**
 * The MCP room: Tutor's tools (verify_math, run_python, search_knowledge) offered to VS Code's
 * MCP support as a stdio server, `dist/tutor-assistants.js mcp`, with the workspace's Knowledge.
 */
export { mcpServerDefinition, registerTutorMcpServer, type McpKnowledge, type TutorMcpDeps } from './tutorMcpServer';
