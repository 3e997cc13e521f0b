import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { TOOLBOX_SPECS } from '../../../src/runtime/tools/toolbox';

// package.json is read by VS Code before any code runs, so the tools' schemas and descriptions are
// written there too; this holds the copy to the one source (the toolbox specs the MCP server serves).
interface ToolContribution { name: string; displayName: string; modelDescription: string; userDescription: string; inputSchema: unknown; toolReferenceName: string; canBeReferencedInPrompt: boolean }
// User-visible strings are %keys% of package.nls.json (VS Code's localisation): read in English here.
const english = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const manifest = JSON.parse(readFileSync('package.json', 'utf8'), (_key, value: unknown) => (typeof value === 'string' && /^%[^%]+%$/.test(value) ? english[value.slice(1, -1)] ?? value : value)) as { contributes: { languageModelTools: ToolContribution[]; chatParticipants: { id: string; name: string; commands: { name: string }[] }[] } };

describe('languageModelTools contribution', () => {
  it('contributes each toolbox tool under the tutor_ prefix with the toolbox schema and description', () => {
    const tools = manifest.contributes.languageModelTools;
    assert.deepEqual(tools.map((t) => t.name), TOOLBOX_SPECS.map((s) => `tutor_${s.name}`));
    for (const spec of TOOLBOX_SPECS) {
      const tool = tools.find((t) => t.name === `tutor_${spec.name}`)!;
      assert.deepEqual(tool.inputSchema, JSON.parse(JSON.stringify(spec.inputSchema)), `${tool.name}: inputSchema drifted from the toolbox spec`);
      assert.equal(tool.modelDescription, spec.description);
      assert.equal(tool.displayName, spec.title);
      assert.ok(tool.userDescription.length > 20);
      assert.match(tool.toolReferenceName, /^\w+$/);
      assert.equal(tool.canBeReferencedInPrompt, true);
      new Ajv({ strict: true }).compile(tool.inputSchema as object);
    }
  });

  it('contributes @tutor with the four commands the issue names and /continue', () => {
    const [tutor] = manifest.contributes.chatParticipants;
    assert.equal(tutor!.id, 'tutor.tutor');
    assert.equal(tutor!.name, 'tutor');
    assert.deepEqual(tutor!.commands.map((c) => c.name), ['hint', 'solve', 'explain', 'check', 'continue']);
  });
});
