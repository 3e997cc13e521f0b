import * as assert from 'node:assert/strict';
import { Messenger } from '../../src/common/messenger';
import type { ReplyMessage } from '../../src/common/protocol';

type A = { 'a/echo': [{ n: number }, { n: number }]; 'a/fail': [{}, never] };

/** Two real messengers wired back to back, as host and webview are. */
function pair(timeoutMs = 1_000) {
  const peers: { left?: Messenger<A, A>; right?: Messenger<A, A> } = {};
  const deliver = (to: () => Messenger<A, A>) => (m: unknown) => {
    const msg = m as { kind: string; id: number; method: keyof A; params: never };
    queueMicrotask(() => {
      if (msg.kind === 'reply') to().settle(m as ReplyMessage);
      else void to().answer(msg.id, msg.method, msg.params);
    });
  };
  const handlers = { 'a/echo': ({ n }: { n: number }) => ({ n: n * 2 }), 'a/fail': () => { throw new Error('boom'); } };
  const left = new Messenger<A, A>(deliver(() => peers.right!), handlers, timeoutMs);
  const right = new Messenger<A, A>(deliver(() => peers.left!), handlers, timeoutMs);
  Object.assign(peers, { left, right });
  return { left, right };
}

describe('Messenger', () => {
  it('matches concurrent replies to their requests', async () => {
    const { left } = pair();
    const replies = await Promise.all([1, 2, 3].map((n) => left.request('a/echo', { n })));
    assert.deepEqual(replies, [2, 4, 6].map((n) => ({ ok: true, value: { n } })));
  });

  it('turns a thrown handler error into an error envelope', async () => {
    const { left } = pair();
    assert.deepEqual(await left.request('a/fail', {}), { ok: false, error: 'boom' });
  });

  it('times out when nobody answers, and failPending fails what is waiting', async () => {
    const silent = new Messenger<A, A>(() => {}, { 'a/echo': (p) => p, 'a/fail': () => { throw new Error(); } }, 30);
    assert.deepEqual(await silent.request('a/echo', { n: 1 }), { ok: false, error: 'No reply to a/echo within 30 ms' });
    const later = new Messenger<A, A>(() => {}, { 'a/echo': (p) => p, 'a/fail': () => { throw new Error(); } }, 10_000);
    const waiting = later.request('a/echo', { n: 1 });
    later.failPending('gone');
    assert.deepEqual(await waiting, { ok: false, error: 'gone' });
  });
});
