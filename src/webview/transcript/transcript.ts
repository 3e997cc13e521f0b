import type { ChatNotice, CitationView, ErrorAction, FileLinkView, ThreadView, ToolCallView, TranscriptMessage } from '../../common/protocol';
import { el } from '../dom';
import { t } from '../l10n';
import type { ApprovalDecision } from '../tools/approvalSection';
import { AssistantEntry } from './assistantEntry';
import type { Entry } from './entry';
import { NoticeEntry, ToolEntry, UserEntry } from './simpleEntries';
import { VirtualList } from './virtualList';

/** A page of older messages, or undefined when the host refused it (the thread changed meanwhile). */
export type OlderPage = { messages: TranscriptMessage[]; hasOlder: boolean } | undefined;

export interface TranscriptCallbacks {
  onAction(action: ErrorAction): void;
  onCodeAction(action: 'copy' | 'insert', code: string, language: string): void;
  onLink(href: string): void;
  /** An approval card was answered; resolves false when the answer did not reach the host. */
  onApprove(callId: string, decision: ApprovalDecision): Promise<boolean>;
  onOpenCitation(messageId: string, n: number): void;
  onSaveFile(fileId: string): void;
  /** Content changed (for scrolling). */
  onChange(): void;
  /** True while the view follows the newest message. */
  followingBottom(): boolean;
  /** Stop following the newest message (the transcript is taking the reader elsewhere). */
  unfollow(): void;
  /** Older messages of the thread (`chat/older`). */
  loadOlder(threadId: string, before: string, options: { limit?: number; through?: string }): Promise<OlderPage>;
}

/** The page asked for when everything older is wanted (Ctrl+Home): big enough for few round trips, small enough to take in one short task. */
const ALL_PAGE = 100;

/**
 * The conversation: questions as plain text (never HTML), answers through the sanitising
 * Markdown/math renderer, tool calls as cards updated in place, and notices with the action that
 * fixes them — as a feed whose entries exist in the DOM only near the viewport (VirtualList).
 * The data of every loaded message stays here; older messages come from the host page by page
 * as the reader scrolls up, jumps to the start or finds something in them.
 */
export function createTranscript(root: HTMLElement, cb: TranscriptCallbacks) {
  const head = el('div', 'transcript-head');
  root.replaceChildren(head);
  const list = new VirtualList(root, head, {
    followingBottom: cb.followingBottom,
    unfollow: cb.unfollow,
    onLayout: cb.onChange,
    onNearTop: () => void loadOlder(),
  });
  let threadId: string | null = null;
  let hasOlder = false;
  let oldestId: string | undefined;
  let loading: Promise<void> | undefined;
  /** Counts resets: a page that arrives after the thread changed is dropped. */
  let generation = 0;
  let keys = 0;
  /** Annotations that arrived before their answer was shown. */
  const early = new Map<string, { citations: CitationView[]; files: FileLinkView[] }>();
  /** verify_math calls that passed before any answer of the run began: the next answer gets their badge. */
  const awaitingAnswer = new Set<string>();
  /** The answer each tool call belongs to, from the first update that named one (later updates may not). */
  const callOwners = new Map<string, string>();
  /** What each entry was made from, so a reset with the same message keeps its rendered element. */
  const madeFrom = new WeakMap<Entry, TranscriptMessage>();

  const copy = (text: string) => cb.onCodeAction('copy', text, 'markdown');
  const assistantActions = {
    onCodeAction: cb.onCodeAction,
    onLink: cb.onLink,
    onOpenCitation: cb.onOpenCitation,
    onSaveFile: cb.onSaveFile,
    onApprove: cb.onApprove,
    onChange: () => list.schedule(),
  };

  /** Which head is shown: rebuilt only when that changes (it is asked after every question and card). */
  let headShows = '';
  function renderHead(): void {
    const shows = !list.entries.length ? 'empty' : hasOlder ? (loading ? 'loading' : 'older') : 'start';
    if (shows === headShows) return;
    headShows = shows;
    root.setAttribute('aria-busy', String(!!loading));
    if (!list.entries.length) {
      head.replaceChildren(el('p', 'empty', t('Ask a question about math or code. Tutor gives hints first; ask for the full solution when you want it.')));
    } else if (hasOlder) {
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'load-older';
      more.textContent = loading ? t('Loading older messages…') : t('Load older messages');
      more.disabled = !!loading;
      more.addEventListener('click', () => void loadOlder());
      head.replaceChildren(more);
    } else head.replaceChildren(el('div', 'transcript-start', t('Beginning of the conversation')));
  }

  function fromMessage(m: TranscriptMessage, reuse = false): Entry {
    const existing = reuse ? list.get(m.id) : undefined;
    const was = existing && madeFrom.get(existing);
    if (existing && was && (was === m || JSON.stringify(was) === JSON.stringify(m))) return existing;
    const entry = m.role === 'user' ? new UserEntry(m.id, m.text, copy) : new AssistantEntry(m.id, m, assistantActions);
    madeFrom.set(entry, m);
    return entry;
  }

  function assistant(id: string): AssistantEntry | undefined {
    const entry = list.get(id);
    return entry instanceof AssistantEntry ? entry : undefined;
  }

  function toolEntry(callId: string): ToolEntry | undefined {
    const entry = list.get(`tool-${callId}`);
    return entry instanceof ToolEntry ? entry : undefined;
  }

  /** Asks for the page before the oldest loaded message (or every message back to `through`). */
  function loadOlder(options: { limit?: number; through?: string } = {}): Promise<void> {
    if (loading) return loading.then(() => (options.through && !list.get(options.through) ? loadOlder(options) : undefined));
    if (!threadId || !hasOlder || !oldestId) return Promise.resolve();
    const forGeneration = generation;
    loading = cb
      .loadOlder(threadId, oldestId, options)
      .then((page) => {
        if (!page || forGeneration !== generation) return;
        const known = new Set(list.entries.map((e) => e.key));
        const older = page.messages.filter((m) => !known.has(m.id));
        for (const m of older) for (const call of m.toolCalls ?? []) callOwners.set(call.id, m.id);
        list.prepend(older.map((m) => fromMessage(m)));
        hasOlder = page.hasOlder;
        oldestId = page.messages[0]?.id ?? oldestId;
      })
      .finally(() => {
        if (forGeneration === generation) loading = undefined;
        renderHead();
      });
    renderHead();
    return loading;
  }

  async function loadAll(): Promise<void> {
    while (hasOlder && threadId) {
      const before = oldestId;
      await loadOlder({ limit: ALL_PAGE });
      if (oldestId === before) return;
      // A frame between pages: each page's work is a task of its own, and the view stays responsive.
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  /** Loads the message if it is older than what is here, then scrolls it into view; resolves to its element. */
  async function reveal(id: string, align: 'start' | 'center' | 'end' = 'center'): Promise<HTMLElement | undefined> {
    if (!list.get(id)) await loadOlder({ through: id });
    return list.reveal(id, align);
  }

  function addUser(text: string, id?: string): void {
    awaitingAnswer.clear();
    list.append(new UserEntry(id ?? `user-${++keys}`, text, copy));
    renderHead();
  }

  function startAssistant(id: string): void {
    const entry = new AssistantEntry(id, { text: '', status: 'streaming' }, assistantActions);
    for (const callId of awaitingAnswer) entry.setVerified(callId, true);
    awaitingAnswer.clear();
    const annotations = early.get(id);
    if (annotations) entry.annotate(annotations.citations, annotations.files);
    list.append(entry);
    renderHead();
  }

  function looseTool(call: ToolCallView): ToolEntry {
    return new ToolEntry(call, { onApprove: cb.onApprove, onSaveFile: cb.onSaveFile, onCodeAction: cb.onCodeAction });
  }

  function upsertTool(call: ToolCallView, messageId?: string): void {
    if (messageId && !callOwners.has(call.id)) callOwners.set(call.id, messageId);
    const ownerId = callOwners.get(call.id);
    const owner = ownerId ? assistant(ownerId) : undefined;
    const loose = toolEntry(call.id);
    if (loose) {
      loose.update(call);
      owner?.setVerified(call.id, call.verified === true);
    } else if (owner) owner.upsertTool(call);
    else list.append(looseTool(call));
    if (!owner) {
      if (call.verified) awaitingAnswer.add(call.id);
      else awaitingAnswer.delete(call.id);
    }
    list.schedule();
    renderHead();
  }

  renderHead();

  return {
    /**
     * Shows the thread's newest page. The same thread again (the host's sync after the first
     * paint from saved state): older pages already loaded stay, and so does the reading position.
     */
    reset(view: ThreadView): void {
      const same = view.threadId !== null && view.threadId === threadId;
      const overlap = same && view.messages.length ? list.indexOf(view.messages[0]!.id) : -1;
      const older = overlap > 0 ? list.entries.slice(0, overlap).filter((e) => e.kind === 'user' || e.kind === 'assistant') : [];
      // A page still coming for the same oldest message stays welcome.
      const keepLoaded = older.length > 0 || (same && view.messages[0]?.id === oldestId);
      if (!keepLoaded) {
        generation++;
        loading = undefined;
        hasOlder = view.hasOlder;
        oldestId = view.messages[0]?.id;
      }
      threadId = view.threadId;
      early.clear();
      awaitingAnswer.clear();
      if (!keepLoaded) callOwners.clear();
      for (const m of view.messages) for (const call of m.toolCalls ?? []) callOwners.set(call.id, m.id);
      const entries = [...older, ...view.messages.map((m) => fromMessage(m, same))];
      // The running answer's calls that no message holds yet, where live ones would be: last.
      for (const call of view.pendingCalls ?? []) {
        entries.push(looseTool(call));
        if (call.verified) awaitingAnswer.add(call.id);
      }
      if (view.notice) entries.push(new NoticeEntry(`notice-${++keys}`, view.notice, cb.onAction));
      list.reset(entries, same);
      renderHead();
    },
    addUser,
    startAssistant,
    delta(id: string, text: string): void {
      assistant(id)?.append(text);
    },
    endAssistant(id: string, status: 'complete' | 'incomplete'): void {
      assistant(id)?.end(status);
      list.schedule();
    },
    addNotice(notice: ChatNotice): void {
      list.append(new NoticeEntry(`notice-${++keys}`, notice, cb.onAction));
      renderHead();
    },
    upsertTool,
    annotate(messageId: string, citations: CitationView[], files: FileLinkView[]): void {
      const entry = assistant(messageId);
      if (entry) entry.annotate(citations, files);
      else early.set(messageId, { citations, files });
    },
    lastUserText(): string | undefined {
      return list.entries.findLast((e) => e.kind === 'user')?.text();
    },
    /** What the transcript holds, as the user reads it (rendered text where the entry is rendered). */
    entries: () =>
      list.entries
        .filter((e) => e.kind !== 'tool')
        .map((e) => ({
          kind: e.kind as 'user' | 'assistant' | 'notice',
          text: (e.kind === 'assistant' ? e.element?.querySelector('.body')?.textContent : undefined) ?? e.text(),
        })),
    /** The thread shown, and whether messages older than the loaded ones exist. */
    get threadId() {
      return threadId;
    },
    list,
    reveal,
    /** The message at the top of the viewport and its offset there (for restoring the position later). */
    position(): { messageId: string; offset: number } | undefined {
      const at = list.anchor();
      return at && /^(?!user-|notice-|tool-)/.test(at.key) ? { messageId: at.key, offset: at.offset } : undefined;
    },
    /** Back to a saved position: the message loaded if it is older than what is here, at the same offset. */
    async restorePosition(messageId: string, offset: number): Promise<void> {
      if (!list.get(messageId)) await loadOlder({ through: messageId });
      await list.reveal(messageId, 'start', offset);
    },
    loadOlder,
    loadAll,
    /** Resolves once the window around the current position is rendered. */
    settled: () => list.settled(),
  };
}

export type Transcript = ReturnType<typeof createTranscript>;
