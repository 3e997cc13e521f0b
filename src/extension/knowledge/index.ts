/**
 * The knowledge room: the workspace's files indexed into one vector store, and the way from a
 * citation back to its passage in the file.
 */
export { Knowledge, registerKnowledge, summarize, type KnowledgeDeps, type KnowledgeHit, type KnowledgeReport } from './knowledge';
