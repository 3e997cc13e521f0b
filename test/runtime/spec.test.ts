import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  assertMatchesSpec, assertStreamEventMatchesSpec, schemaForStreamEvent, schemaNames, specErrors, specPath,
} from '../harness/spec';

// Examples written by hand from the field lists in ../shared/openai-openapi.yaml (not taken from
// our runtime), shaped like what api.openai.com returns. Each test copies what it changes.
const T = 1718000000;

const assistant = {
  id: 'asst_abc123', object: 'assistant', created_at: T, name: 'Math Tutor', description: null, model: 'gpt-4o-mini',
  instructions: 'You are a patient math tutor. Give a hint before the answer.',
  tools: [
    { type: 'code_interpreter' },
    {
      type: 'function',
      function: {
        name: 'check_answer', description: 'Checks a proposed answer.', strict: false,
        parameters: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
      },
    },
  ],
  tool_resources: { code_interpreter: { file_ids: [] } }, metadata: {}, temperature: 1, top_p: 1, response_format: 'auto',
};

const thread = { id: 'thread_abc123', object: 'thread', created_at: T, tool_resources: {}, metadata: { topic: 'algebra' } };

const message = {
  id: 'msg_abc123', object: 'thread.message', created_at: T + 1, thread_id: 'thread_abc123', status: 'completed',
  incomplete_details: null, completed_at: T + 2, incomplete_at: null, role: 'assistant',
  content: [{ type: 'text', text: { value: 'What do you get if you subtract 3 from both sides?', annotations: [] } }],
  assistant_id: 'asst_abc123', run_id: 'run_abc123', attachments: [], metadata: {},
};

const messageDelta = {
  id: 'msg_abc123', object: 'thread.message.delta',
  delta: { role: 'assistant', content: [{ index: 0, type: 'text', text: { value: 'What do', annotations: [] } }] },
};

const queuedRun = {
  id: 'run_abc123', object: 'thread.run', created_at: T, thread_id: 'thread_abc123', assistant_id: 'asst_abc123',
  status: 'queued', required_action: null, last_error: null, expires_at: T + 600, started_at: null, cancelled_at: null,
  failed_at: null, completed_at: null, incomplete_details: null, model: 'gpt-4o-mini',
  instructions: 'You are a patient math tutor. Give a hint before the answer.', tools: assistant.tools, metadata: {},
  usage: null, temperature: 1, top_p: 1, max_prompt_tokens: null, max_completion_tokens: null,
  truncation_strategy: { type: 'auto', last_messages: null }, tool_choice: 'auto', parallel_tool_calls: true,
  response_format: 'auto',
};

const toolCall = { id: 'call_abc123', type: 'function', function: { name: 'check_answer', arguments: '{"answer":"x = 4"}' } };

const requiresActionRun = {
  ...queuedRun, status: 'requires_action', started_at: T + 1,
  required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [toolCall] } },
};

const completedRun = {
  ...queuedRun, status: 'completed', started_at: T + 1, expires_at: null, completed_at: T + 5,
  usage: { prompt_tokens: 120, completion_tokens: 42, total_tokens: 162 },
};

const failedRun = {
  ...queuedRun, status: 'failed', started_at: T + 1, expires_at: null, failed_at: T + 3,
  last_error: { code: 'server_error', message: 'The model provider did not answer.' },
};

const messageStep = {
  id: 'step_abc123', object: 'thread.run.step', created_at: T + 1, assistant_id: 'asst_abc123', thread_id: 'thread_abc123',
  run_id: 'run_abc123', type: 'message_creation', status: 'completed',
  step_details: { type: 'message_creation', message_creation: { message_id: 'msg_abc123' } },
  last_error: null, expired_at: null, cancelled_at: null, failed_at: null, completed_at: T + 2, metadata: {},
  usage: { prompt_tokens: 120, completion_tokens: 42, total_tokens: 162 },
};

const toolStep = {
  ...messageStep, id: 'step_abc456', type: 'tool_calls', status: 'in_progress', completed_at: null, usage: null,
  step_details: { type: 'tool_calls', tool_calls: [{ ...toolCall, function: { ...toolCall.function, output: null } }] },
};

// A later chunk of streamed arguments: only index and type are required on a delta.
const stepDelta = {
  id: 'step_abc456', object: 'thread.run.step.delta',
  delta: { step_details: { type: 'tool_calls', tool_calls: [{ index: 0, type: 'function', function: { arguments: '{"ans' } }] } },
};

const errorResponse = {
  error: { message: "No thread found with id 'thread_nope'.", type: 'invalid_request_error', param: null, code: null },
};

/** A copy of `value` without `key`: how a "missing field" object is made. */
function without<V extends object>(value: V, key: keyof V): Partial<V> {
  const copy: Partial<V> = { ...value };
  delete copy[key];
  return copy;
}

/** Asserts some error mentions `field` (a JSON pointer), and returns the errors for a closer look. */
function assertNames(schemaName: string, value: unknown, field: string): string[] {
  const errors = specErrors(schemaName, value);
  assert.ok(errors.some((e) => e.startsWith(`${schemaName}: ${field} `)), `no error names ${field}:\n${errors.join('\n')}`);
  return errors;
}

describe('spec conformance harness (test/harness/spec.ts)', () => {
  before(function () {
    this.timeout(60_000);
    schemaNames(); // parses the 3 MB spec once, outside any test's time
  });

  it('reads the spec from shared/ beside the repo (or beside the checkout it was cloned from)', () => {
    assert.equal(path.basename(specPath), 'openai-openapi.yaml');
    assert.equal(path.basename(path.dirname(specPath)), 'shared');
    assert.ok(existsSync(specPath));
  });

  it('knows the Assistants schema names (and that there is no thread list)', () => {
    const names = schemaNames();
    for (const name of ['AssistantObject', 'ThreadObject', 'MessageObject', 'MessageDeltaObject', 'RunObject',
      'RunStepObject', 'RunStepDeltaObject', 'ListAssistantsResponse', 'ListMessagesResponse', 'ListRunsResponse',
      'ListRunStepsResponse', 'DeleteAssistantResponse', 'DeleteThreadResponse', 'DeleteMessageResponse',
      'ErrorResponse', 'Error']) {
      assert.ok(names.includes(name), name);
    }
    assert.ok(!names.includes('ListThreadsResponse'));
    assert.throws(() => specErrors('RunObjekt', {}), /no schema "RunObjekt"/);
  });

  describe('valid objects pass', () => {
    const valid: [string, string, unknown][] = [
      ['an assistant with code_interpreter and a function tool', 'AssistantObject', assistant],
      ['a thread', 'ThreadObject', thread],
      ['a thread with null tool_resources and metadata', 'ThreadObject', { ...thread, tool_resources: null, metadata: null }],
      ['a text message with empty annotations', 'MessageObject', message],
      ['a user message made by hand (no assistant or run)', 'MessageObject', { ...message, role: 'user', assistant_id: null, run_id: null }],
      ['a message delta', 'MessageDeltaObject', messageDelta],
      ['a queued run', 'RunObject', queuedRun],
      ['a run waiting for tool outputs', 'RunObject', requiresActionRun],
      ['a completed run with usage', 'RunObject', completedRun],
      ['a failed run with last_error', 'RunObject', failedRun],
      ['a message_creation step', 'RunStepObject', messageStep],
      ['a tool_calls step with a function call', 'RunStepObject', toolStep],
      ['a step delta with a fragment of function arguments', 'RunStepDeltaObject', stepDelta],
      ['a list of messages', 'ListMessagesResponse', { object: 'list', data: [message], first_id: 'msg_abc123', last_id: 'msg_abc123', has_more: false }],
      ['a list of runs', 'ListRunsResponse', { object: 'list', data: [completedRun, failedRun], first_id: 'run_abc123', last_id: 'run_abc123', has_more: true }],
      ['a deleted thread', 'DeleteThreadResponse', { id: 'thread_abc123', object: 'thread.deleted', deleted: true }],
      ['an error response', 'ErrorResponse', errorResponse],
    ];
    for (const [what, schemaName, value] of valid) {
      it(`${what} (${schemaName})`, () => {
        assert.deepEqual(specErrors(schemaName, value), []);
        assertMatchesSpec(schemaName, value);
      });
    }

    it('null where the spec says nullable: true (plain, $ref and allOf forms)', () => {
      const nulls = { ...queuedRun, expires_at: null, temperature: null, truncation_strategy: null, tool_choice: null, response_format: null };
      assert.deepEqual(specErrors('RunObject', nulls), []);
    });

    it('extra properties, since the spec does not forbid them on these objects', () => {
      assert.deepEqual(specErrors('RunObject', { ...queuedRun, tutor_extra: 1 }), []);
    });
  });

  describe('broken objects are reported by field path', () => {
    it('a status outside the enum', () => {
      assert.deepEqual(specErrors('RunObject', { ...queuedRun, status: 'running' }), [
        'RunObject: /status must be one of "queued", "in_progress", "requires_action", "cancelling", "cancelled", '
        + '"failed", "completed", "incomplete", "expired" (got "running")',
      ]);
    });

    it('a missing required thread_id', () => {
      assert.deepEqual(specErrors('MessageObject', without(message, 'thread_id')), ['MessageObject: /thread_id is required']);
      assertNames('RunObject', without(queuedRun, 'thread_id'), '/thread_id');
    });

    it('created_at as a string, or in milliseconds', () => {
      assert.deepEqual(specErrors('ThreadObject', { ...thread, created_at: String(T) }), [
        `ThreadObject: /created_at must be integer (got "${T}")`,
      ]);
      assertNames('ThreadObject', { ...thread, created_at: T * 1000 }, '/created_at');
    });

    it('a function tool call without `function`, in a run and in a step', () => {
      const bare = without(toolCall, 'function');
      const run = { ...requiresActionRun, required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [bare] } } };
      assert.deepEqual(specErrors('RunObject', run), ['RunObject: /required_action/submit_tool_outputs/tool_calls/0/function is required']);
      // The step's tool calls are a oneOf of three kinds: only the function kind's problem is reported.
      const step = { ...toolStep, step_details: { type: 'tool_calls', tool_calls: [bare] } };
      assert.deepEqual(specErrors('RunStepObject', step), ['RunStepObject: /step_details/tool_calls/0/function is required']);
    });

    it('a wrong type for a nullable object', () => {
      assert.deepEqual(specErrors('RunObject', { ...queuedRun, required_action: 'x' }), [
        'RunObject: /required_action must be object or null (got "x")',
      ]);
    });

    it('an unknown content part type, by its tag', () => {
      const content = [{ type: 'markdown', text: { value: 'hi', annotations: [] } }];
      const errors = assertNames('MessageObject', { ...message, content }, '/content/0/type');
      assert.equal(errors.length, 1, errors.join('\n'));
    });

    it('each item of a oneOf array on its own, through nullable wrappers', () => {
      const tools = [{ type: 'function' }, { type: 'browser' }, 7];
      assert.deepEqual(specErrors('RunObject', { ...queuedRun, tools, tool_choice: 'always' }), [
        'RunObject: /tools/0/function is required',
        'RunObject: /tools/1/type must be one of "code_interpreter", "file_search", "function" (got "browser")',
        'RunObject: /tools/2 must be object (got 7)',
        'RunObject: /tool_choice must be one of "none", "auto", "required" (got "always")',
      ]);
    });

    it('a metadata value that is not a string (the spec declares the values)', () => {
      assertNames('ThreadObject', { ...thread, metadata: { attempts: 2 } }, '/metadata/attempts');
    });

    it('several problems at once, each with its own path', () => {
      const errors = specErrors('RunStepObject', { ...messageStep, status: 'done', usage: { prompt_tokens: 1 } });
      assert.ok(errors.some((e) => e.includes('/status must be one of')), errors.join('\n'));
      assert.ok(errors.includes('RunStepObject: /usage/completion_tokens is required'), errors.join('\n'));
      assert.ok(errors.includes('RunStepObject: /usage/total_tokens is required'), errors.join('\n'));
    });

    it('assertMatchesSpec throws an AssertionError listing every problem', () => {
      assert.throws(() => assertMatchesSpec('RunObject', { ...queuedRun, status: 'running', created_at: 'now' }), (err: unknown) => {
        assert.ok(err instanceof assert.AssertionError);
        assert.match(err.message, /\/status must be one of/);
        assert.match(err.message, /\/created_at must be integer/);
        return true;
      });
    });
  });

  describe('stream events', () => {
    it('maps each Assistants event to the schema of its data, as the spec defines them', () => {
      const expected: Record<string, string | undefined> = {
        'thread.created': 'ThreadObject', error: 'Error', done: undefined, 'thread.unknown': undefined,
        'thread.run.step.delta': 'RunStepDeltaObject', 'thread.message.delta': 'MessageDeltaObject',
      };
      for (const s of ['created', 'queued', 'in_progress', 'requires_action', 'completed', 'incomplete', 'failed', 'cancelling', 'cancelled', 'expired']) {
        expected[`thread.run.${s}`] = 'RunObject';
      }
      for (const s of ['created', 'in_progress', 'completed', 'failed', 'cancelled', 'expired']) expected[`thread.run.step.${s}`] = 'RunStepObject';
      for (const s of ['created', 'in_progress', 'completed', 'incomplete']) expected[`thread.message.${s}`] = 'MessageObject';
      for (const [event, schemaName] of Object.entries(expected)) assert.equal(schemaForStreamEvent(event), schemaName, event);
    });

    it('checks event data against that schema', () => {
      assertStreamEventMatchesSpec('thread.run.step.delta', stepDelta);
      assertStreamEventMatchesSpec('thread.message.delta', messageDelta);
      assertStreamEventMatchesSpec('thread.run.requires_action', requiresActionRun);
      assertStreamEventMatchesSpec('error', errorResponse.error);
      assertStreamEventMatchesSpec('done', '[DONE]');
      assert.throws(() => assertStreamEventMatchesSpec('thread.message.delta', message), /thread\.message\.delta.*\n.*\/delta is required/);
      assert.throws(() => assertStreamEventMatchesSpec('thread.run.exploded', queuedRun), /no data schema/);
    });
  });
});
