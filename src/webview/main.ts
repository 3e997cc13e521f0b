// First: the page's translations are read before any module translates at load time.
import './l10n';
// VS Code's look for controls (theme-aware web components); they register themselves on import.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { ChatMode, ThreadView, TranscriptMessage } from '../common/protocol';
import { createAnnouncer } from './announcer';
import { connectToHost } from './host';
import { followScroll } from './scrollFollow';
import { createFindBar } from './transcript/findBar';
import { navigateWithKeyboard } from './transcript/keyboardNav';
import { createTranscript } from './transcript/transcript';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const scroller = $('transcript');
const input = $<HTMLTextAreaElement>('question');
const sendButton = $('send');
const stopButton = $('stop');
const title = $('thread-title');
const modeToggle = $<HTMLElement & { checked: boolean }>('mode-solve');
const scroll = followScroll(scroller, $('jump'));
const announcer = createAnnouncer($('announcer'));

/**
 * Kept by VS Code across hide/show and reloads (getState/setState): the draft, the last view (its
 * newest page) for an instant first paint, and where the reader was when not at the end.
 */
interface SavedState {
  draft: string;
  view?: ThreadView;
  position?: { threadId: string; messageId: string; offset: number };
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
  followingBottom: () => scroll.following,
  unfollow: () => scroll.hold(),
  loadOlder: async (threadId, before, options) => {
    const reply = await host.request('chat/older', { threadId, before, ...options });
    return reply.ok ? reply.value : undefined;
  },
});
navigateWithKeyboard(scroller, transcript, (text) => void host.request('chat/code', { action: 'copy', code: text, language: 'markdown' }));
const find = createFindBar(document.querySelector<HTMLElement>('main.chat')!, {
  search: async (query) => {
    const reply = await host.request('chat/find', { query });
    return reply.ok && reply.value.threadId === transcript.threadId ? reply.value.messageIds : undefined;
  },
  reveal: (messageId) => transcript.reveal(messageId, 'center'),
});
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
    event.preventDefault();
    find.open();
  }
});

let resets = 0;

function applyView(view: ThreadView): void {
  const saved = (host.getState() as SavedState | undefined) ?? { draft: input.value };
  host.setState({ ...saved, view: withoutImages(view) });
  title.textContent = view.title;
  const sameThread = view.threadId !== null && transcript.threadId === view.threadId;
  transcript.reset(view);
  find.reset();
  setBusy(view.busy);
  setMode(view.mode);
  // The same thread again keeps its place (the transcript holds it); another one opens at the
  // saved position, or at its end.
  const position = sameThread ? undefined : saved.position?.threadId === view.threadId ? saved.position : undefined;
  if (position) scroll.hold();
  else if (!sameThread) scroll.reset();
  const reset = ++resets;
  void (async () => {
    if (position) await transcript.restorePosition(position.messageId, position.offset);
    await transcript.settled();
    // For benches and tests: the moment the opened conversation is on screen (the next frame).
    requestAnimationFrame(() => {
      if (reset === resets) performance.mark('tutor:view-painted', { detail: { threadId: view.threadId, messages: view.messages.length } });
    });
  })();
}

/** Where the reader is, saved (at most a few times a second) so hide/show or a reload comes back there. */
let savePending: ReturnType<typeof setTimeout> | undefined;
scroller.addEventListener('scroll', () => {
  savePending ??= setTimeout(() => {
    savePending = undefined;
    const saved = (host.getState() as SavedState | undefined) ?? { draft: input.value };
    const at = scroll.following ? undefined : transcript.position();
    const position = at && transcript.threadId ? { threadId: transcript.threadId, ...at } : undefined;
    host.setState({ ...saved, position });
  }, 250);
}, { passive: true });

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
// The box is read-only until here: text typed (or Enter pressed) before its handlers were
// attached was kept in the box unsent, and Enter left a stray newline in it.
input.readOnly = false;
if (saved?.view) applyView(saved.view);
host.notify('view/ready', { loadedAt: Date.now() });
void host.request('chat/sync', {}).then((reply) => {
  if (!reply.ok) return transcript.addNotice({ text: reply.error, level: 'error' });
  applyView(reply.value);
});
