/** The lm room: VS Code's language models (vscode.lm) as a chat provider for the runtime. */
export { createVsCodeLmProvider, type VsCodeLmOptions, type VsCodeLmProvider } from './vscodeLmProvider';
export { registerTutorChatModel, TUTOR_LM_VENDOR, type TutorChatModelDeps } from './tutorChatModel';
