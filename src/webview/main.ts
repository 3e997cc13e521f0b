// VS Code's look for controls (theme-aware web components); they register themselves on import.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { ChatMode, ThreadView, TranscriptMessage } from '../common/protocol';
import { createAnnouncer } from './announcer';
import { connectToHost } from './host';
import { followScroll } from './scrollFollow';
import { createTranscript } from './transcript';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const scroller = $('transcript');
const input = $<HTMLTextAreaElement>('question');
const sendButton = $('send');
const stopButton = $('stop');
const title = $('thread-title');
const modeToggle = $<HTMLElement & { checked: boolean }>('mode-solve');
const scroll = followScroll(scroller, $('jump'));
const announcer = createAnnouncer($('announcer'));

/** Kept by VS Code across hide/show and reloads (getState/setState): the draft, and the last view for an instant first paint. */
interface SavedState {
  draft: string;
  view?: ThreadView;
}

const host = connectToHost(
  {
    'view/ping': ({ nonce }) => ({ nonce, composerPresent: document.body.contains(input) }),
    'view/snapshot': () => ({ draft: input.value, entries: transcript.entries() }),
  },
  {
    'chat/reset': (view) => applyView(view),
    'chat/question': ({ text, id }) => {
      transcript.addUser(text, id);
      scroll.reset();
    },
    'chat/draft': ({ text, ifEmpty }) => {
      if (ifEmpty && input.value.trim()) return;
      input.value = text;
      saveDraft();
      input.focus();
      input.setSelectionRange(text.length, text.length);
    },
    'chat/notice': (notice) => transcript.addNotice(notice),
    'chat/assistantStart': ({ messageId }) => {
      transcript.startAssistant(messageId);
      announcer.answerStarted();
    },
    'chat/delta': ({ messageId, text }) => transcript.delta(messageId, text),
    'chat/assistantEnd': ({ messageId, status }) => {
      transcript.endAssistant(messageId, status);
      announcer.answerEnded(status);
    },
    'chat/toolCall': ({ messageId, call }) => transcript.upsertTool(call, messageId),
    'chat/annotations': ({ messageId, citations, files }) => transcript.annotate(messageId, citations, files),
    'chat/busy': ({ busy }) => setBusy(busy),
    'chat/mode': ({ mode }) => setMode(mode),
    'chat/focus': () => input.focus(),
    'chat/title': ({ title: text }) => (title.textContent = text),
  },
);

const transcript = createTranscript(scroller, {
  onAction: (action) => void host.request('chat/action', { action }),
  onCodeAction: (action, code, language) => void host.request('chat/code', { action, code, language }),
  onLink: (href) => void host.request('chat/openLink', { href }),
  onApprove: async (callId, decision) => {
    const reply = await host.request('chat/approve', { callId, decision });
    return reply.ok && reply.value.done;
  },
  onOpenCitation: (messageId, n) => void host.request('chat/openCitation', { messageId, n }),
  onSaveFile: (fileId) => void host.request('chat/saveFile', { fileId }),
  onChange: () => scroll.update(),
});

function applyView(view: ThreadView): void {
  const saved = (host.getState() as SavedState | undefined) ?? { draft: input.value };
  host.setState({ ...saved, view: withoutImages(view) });
  title.textContent = view.title;
  transcript.reset(view);
  setBusy(view.busy);
  setMode(view.mode);
  scroll.reset();
}

/**
 * The view as saved for the first paint, without the images' bytes. The saved state is written
 * again on every keystroke in the draft, and a thread's plots as data URLs can be megabytes;
 * the host's sync, a moment after the first paint, brings the images back.
 */
function withoutImages(view: ThreadView): ThreadView {
  const light = (m: TranscriptMessage): TranscriptMessage =>
    m.toolCalls?.some((c) => c.images?.length) ? { ...m, toolCalls: m.toolCalls.map(({ images: _, ...c }) => c) } : m;
  return { ...view, messages: view.messages.map(light) };
}

function setBusy(busy: boolean): void {
  stopButton.hidden = !busy;
  sendButton.hidden = busy;
}

function setMode(mode: ChatMode): void {
  modeToggle.checked = mode === 'solve';
}

function saveDraft(): void {
  const saved = (host.getState() as SavedState | undefined) ?? { draft: '' };
  host.setState({ ...saved, draft: input.value });
}

async function send(): Promise<void> {
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  saveDraft();
  const reply = await host.request('chat/send', { text });
  if (!reply.ok) {
    // The host never saw it: nothing is lost if the question goes back into the box.
    transcript.addNotice({ text: reply.error, level: 'error' });
    if (!input.value) input.value = text;
    saveDraft();
  } else if (!reply.value.accepted && reply.value.notice) transcript.addNotice({ text: reply.value.notice, level: 'warning' });
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  void send();
});
stopButton.addEventListener('click', () => void host.request('chat/stop', {}));
modeToggle.addEventListener('change', () => void host.request('chat/setMode', { mode: modeToggle.checked ? 'solve' : 'tutor' }));
input.addEventListener('input', saveDraft);

// Enter sends; Shift+Enter keeps the newline (IME composition must not send half-typed text);
// Esc stops a streaming answer; Up in an empty box brings back the last question to edit.
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    void send();
  } else if (event.key === 'Escape' && !stopButton.hidden) {
    event.preventDefault();
    void host.request('chat/stop', {});
  } else if (event.key === 'ArrowUp' && input.value === '') {
    const last = transcript.lastUserText();
    if (last) {
      event.preventDefault();
      input.value = last;
      saveDraft();
    }
  }
});

// First paint from saved state, then the host's thread (which wins).
const saved = host.getState() as SavedState | undefined;
if (saved?.draft) input.value = saved.draft;
if (saved?.view) applyView(saved.view);
host.notify('view/ready', { loadedAt: Date.now() });
void host.request('chat/sync', {}).then((reply) => {
  if (!reply.ok) return transcript.addNotice({ text: reply.error, level: 'error' });
  applyView(reply.value);
});
