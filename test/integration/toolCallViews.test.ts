import * as assert from 'node:assert/strict';
import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import { callsByMessage, recordedCallView, verdictOf } from '../../src/extension/chat/toolCallViews';

// Steps as the Assistants API records them (only the fields the card rebuild reads vary).
let created = 0;
function step(status: RunStep['status'], details: RunStep['step_details']): RunStep {
  return { id: `step_${++created}`, object: 'thread.run.step', created_at: created, run_id: 'run_1', thread_id: 'thread_1', assistant_id: 'asst_1', type: details.type, status, step_details: details, last_error: null, expired_at: null, cancelled_at: null, failed_at: null, completed_at: null, metadata: null, usage: null };
}
const message = (id: string) => step('completed', { type: 'message_creation', message_creation: { message_id: id } });
const tools = (status: RunStep['status'], ...tool_calls: ToolCall[]) => step(status, { type: 'tool_calls', tool_calls });
const fn = (id: string, name: string, output: string | null): ToolCall => ({ id, type: 'function', function: { name, arguments: '{}', output } });
const noImages = async (fileId: string) => ({ fileId, src: '' });

describe('tool-call cards rebuilt from run steps', () => {
  it('puts calls on the answer the live view put them on', () => {
    const owned = callsByMessage([
      tools('completed', fn('a', 'get_active_selection', 'x')),
      tools('completed', fn('b', 'verify_math', '{}')),
      message('msg_1'),
      tools('completed', fn('c', 'verify_math', '{}')),
      message('msg_2'),
      tools('failed', fn('d', 'verify_math', null)),
    ]);
    // Before any answer: the next one. After an answer began: that one, even once it has ended.
    assert.deepEqual([...owned].map(([id, calls]) => [id, calls.map((c) => c.call.id)]), [['msg_1', ['a', 'b', 'c']], ['msg_2', ['d']]]);
  });

  it('leaves out calls of a run that wrote no answer', () => {
    assert.equal(callsByMessage([tools('cancelled', fn('a', 'get_active_selection', null))]).size, 0);
  });

  it("shows a call by how its step ended, not as still waiting", async () => {
    assert.equal((await recordedCallView({ call: fn('a', 'insert_into_editor', null), step: 'expired' }, noImages)).status, 'cancelled');
    assert.equal((await recordedCallView({ call: fn('a', 'insert_into_editor', null), step: 'in_progress' }, noImages)).status, 'waiting');
    assert.equal((await recordedCallView({ call: fn('a', 'read_workspace_file', 'text'), step: 'failed' }, noImages)).status, 'failed');
    const done = await recordedCallView({ call: fn('a', 'verify_math', JSON.stringify({ verdict: 'equivalent' })), step: 'completed' }, noImages);
    assert.deepEqual({ status: done.status, verified: done.verified, name: done.name, kind: done.kind }, { status: 'done', verified: true, name: 'verify_math', kind: 'function' });
  });

  it("reads verify_math's verdict from its output, and nothing else's", () => {
    assert.equal(verdictOf('verify_math', '{"verdict":"solves"}'), true);
    assert.equal(verdictOf('verify_math', '{"verdict":"does_not_solve"}'), false);
    assert.equal(verdictOf('verify_math', '{"verdict":"unknown"}'), undefined);
    assert.equal(verdictOf('verify_math', 'Could not parse "3x +"'), undefined);
    assert.equal(verdictOf('read_workspace_file', '{"verdict":"solves"}'), undefined);
  });
});
