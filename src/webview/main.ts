import { connectToHost } from './host';
import { createTranscript } from './transcript';

const transcript = createTranscript(document.getElementById('transcript') as HTMLElement);
const composer = document.getElementById('composer') as HTMLFormElement;
const input = document.getElementById('question') as HTMLTextAreaElement;

const host = connectToHost(
  {
    'view/ping': ({ nonce }) => ({ nonce, composerPresent: document.body.contains(input) }),
    'view/snapshot': () => ({ draft: input.value, entries: transcript.entries() }),
  },
  {
    'chat/question': ({ text }) => transcript.addUser(text),
    'chat/draft': ({ text }) => {
      input.value = text;
      input.focus();
      input.setSelectionRange(text.length, text.length);
    },
    'chat/notice': ({ text, level }) => transcript.addNotice(text, level),
  },
);

async function send(): Promise<void> {
  const text = input.value.trim();
  if (!text) return;
  transcript.addUser(text);
  input.value = '';
  const reply = await host.request('chat/send', { text });
  if (!reply.ok) transcript.addNotice(reply.error, 'error');
  else if (reply.value.notice) transcript.addNotice(reply.value.notice, reply.value.accepted ? 'info' : 'warning');
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  void send();
});

// Enter sends; Shift+Enter keeps the newline (IME composition must not send half-typed text).
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    void send();
  }
});

host.notify('view/ready', { loadedAt: Date.now() });
