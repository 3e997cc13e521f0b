import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { tutor, useProvider, waitFor } from './util';

async function tutorModels(): Promise<vscode.LanguageModelChat[]> {
  return vscode.lm.selectChatModels({ vendor: 'tutor' });
}

async function collect(response: vscode.LanguageModelChatResponse): Promise<unknown[]> {
  const parts: unknown[] = [];
  for await (const part of response.stream) parts.push(part);
  return parts;
}

// Tutor's provider as a VS Code chat model: what makes VS Code's Chat view usable (and so @tutor)
// on a machine without Copilot.
describe("Tutor's own chat model in VS Code's model list (extension host)", function () {
  this.timeout(60_000);
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url, model: 'fake-model' });
    await tutor();
  });
  after(async () => {
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    await fake.close();
  });

  it("is listed under vendor 'tutor' with the configured model's name, and streams that model's answer", async () => {
    await waitFor("Tutor's chat model to be listed", async () => (await tutorModels()).length === 1);
    const [model] = await tutorModels();
    assert.equal(model!.name, 'Tutor (fake-model)');
    fake.script({ text: ['The derivative ', 'of $x^2$ is $2x$.'] });
    const source = new vscode.CancellationTokenSource();
    const parts = await collect(await model!.sendRequest([vscode.LanguageModelChatMessage.User('d/dx x^2?')], {}, source.token));
    assert.equal(parts.map((p) => (p as vscode.LanguageModelTextPart).value).join(''), 'The derivative of $x^2$ is $2x$.');
    const sent = fake.requests.at(-1)!.body;
    assert.equal(sent.model, 'fake-model');
    assert.deepEqual(sent.messages, [{ role: 'user', content: 'd/dx x^2?' }]);
  });

  it('passes tools to the provider, returns its tool calls, and sends tool results back', async () => {
    const [model] = await tutorModels();
    const tools: vscode.LanguageModelChatTool[] = [{ name: 'tutor_verify_math', description: 'Checks math.', inputSchema: { type: 'object', properties: { kind: { type: 'string' } } } }];
    fake.script({ toolCalls: [{ id: 'call_1', name: 'tutor_verify_math', arguments: '{"kind":"equivalent","left":"2x","right":"x+x"}' }] });
    const source = new vscode.CancellationTokenSource();
    const parts = await collect(await model!.sendRequest([vscode.LanguageModelChatMessage.User('check 2x = x + x')], { tools }, source.token));
    const call = parts.find((p) => p instanceof vscode.LanguageModelToolCallPart) as vscode.LanguageModelToolCallPart;
    assert.equal(call.name, 'tutor_verify_math');
    assert.deepEqual(call.input, { kind: 'equivalent', left: '2x', right: 'x+x' });
    assert.equal((fake.requests.at(-1)!.body.tools as unknown[]).length, 1);

    fake.script({ text: ['Yes, they are equal.'] });
    const followUp = [
      vscode.LanguageModelChatMessage.User('check 2x = x + x'),
      vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelToolCallPart('call_1', 'tutor_verify_math', call.input)]),
      vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart('call_1', [new vscode.LanguageModelTextPart('Verified: equivalent.')])]),
    ];
    const answer = await collect(await model!.sendRequest(followUp, { tools }, source.token));
    assert.equal((answer[0] as vscode.LanguageModelTextPart).value, 'Yes, they are equal.');
    const messages = fake.requests.at(-1)!.body.messages as { role: string; tool_call_id?: string; content?: unknown; tool_calls?: unknown[] }[];
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.equal(messages[2]!.tool_call_id, 'call_1');
    assert.equal(messages[2]!.content, 'Verified: equivalent.');
  });

  it('lists nothing while Tutor itself uses VS Code models (it would only hand them back)', async () => {
    await useProvider({ provider: 'vscode-lm', model: 'fake-tutor' });
    await waitFor("Tutor's chat model to be withdrawn", async () => (await tutorModels()).length === 0);
    await useProvider({ provider: 'custom', providerUrl: fake.url, model: 'fake-model' });
    await waitFor("Tutor's chat model to come back", async () => (await tutorModels()).length === 1);
  });
});
