import * as assert from 'node:assert/strict';
import { DeltaThrottle } from '../../../src/extension/chat/deltaThrottle';

describe('DeltaThrottle', () => {
  const collect = () => {
    const posted: { messageId: string; text: string }[] = [];
    let onPost = () => {};
    const throttle = new DeltaThrottle((delta) => {
      posted.push(delta);
      onPost();
    });
    const nextPost = () => new Promise<void>((resolve) => (onPost = resolve));
    return { posted, throttle, nextPost };
  };

  it("posts a message's deltas together, once", () => {
    const { posted, throttle } = collect();
    throttle.queue('m1', 'Hel');
    throttle.queue('m1', 'lo');
    assert.deepEqual(posted, []);
    throttle.flush();
    throttle.flush();
    assert.deepEqual(posted, [{ messageId: 'm1', text: 'Hello' }]);
    throttle.dispose();
  });

  it("posts what it holds for one message before another message's delta, so the page keeps the order", () => {
    const { posted, throttle } = collect();
    throttle.queue('m1', 'a');
    throttle.queue('m2', 'b');
    throttle.flush();
    assert.deepEqual(posted, [{ messageId: 'm1', text: 'a' }, { messageId: 'm2', text: 'b' }]);
    throttle.dispose();
  });

  it('posts on its own when nobody flushes', async () => {
    const { posted, throttle, nextPost } = collect();
    const posting = nextPost();
    throttle.queue('m1', 'x');
    await posting;
    assert.deepEqual(posted, [{ messageId: 'm1', text: 'x' }]);
  });
});
