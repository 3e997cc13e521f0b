import * as assert from 'node:assert/strict';
import { MAX_MESSAGE_CHARS, parseToHostMessage } from '../../src/common/protocol';

describe('parseToHostMessage (the edge check on webview input)', () => {
  it('accepts each known message with exactly its fields', () => {
    assert.deepEqual(parseToHostMessage({ kind: 'request', id: 1, method: 'app/ping', params: { sentAt: 5, extra: 'dropped' } }), {
      kind: 'request', id: 1, method: 'app/ping', params: { sentAt: 5 },
    });
    assert.deepEqual(parseToHostMessage({ kind: 'notify', method: 'view/ready', params: { loadedAt: 1 } }), {
      kind: 'notify', method: 'view/ready', params: { loadedAt: 1 },
    });
    assert.deepEqual(parseToHostMessage({ kind: 'reply', id: 3, ok: false, error: 'no' }), { kind: 'reply', id: 3, ok: false, error: 'no' });
  });

  it('rejects unknown methods, wrong types and oversized text', () => {
    const bad: unknown[] = [
      null, 'str', [], { kind: 'request', id: '1', method: 'app/ping', params: { sentAt: 1 } },
      { kind: 'request', id: 1, method: 'app/exec', params: {} },
      { kind: 'request', id: 1, method: 'chat/send', params: { text: 42 } },
      { kind: 'request', id: 1, method: 'chat/send', params: { text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) } },
      { kind: 'notify', method: 'view/ready', params: {} },
      { kind: 'reply', id: 1, ok: false },
      { kind: 'request', id: 1, method: '__proto__', params: {} },
    ];
    for (const raw of bad) assert.equal(parseToHostMessage(raw), undefined, JSON.stringify(raw)?.slice(0, 80));
  });
});
