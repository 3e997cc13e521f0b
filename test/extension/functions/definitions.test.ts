import * as assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { SIDE_EFFECT_FUNCTIONS, TUTOR_FUNCTIONS, parseVerifyMathArguments } from '../../../src/extension/functions/definitions';
import { VERIFY_MATH_CASES } from '../../runtime/tools/verifyMath/verifyMathCases';

const parametersOf = (name: string) => TUTOR_FUNCTIONS.find((tool) => tool.function.name === name)!.function.parameters!;

describe('TUTOR_FUNCTIONS', () => {
  it('defines the six functions, each a function tool with a description', () => {
    assert.deepEqual(TUTOR_FUNCTIONS.map((tool) => tool.function.name), [
      'get_active_selection', 'read_workspace_file', 'list_workspace_files', 'get_diagnostics', 'verify_math', 'insert_into_editor',
    ]);
    for (const tool of TUTOR_FUNCTIONS) {
      assert.equal(tool.type, 'function');
      assert.ok((tool.function.description ?? '').length > 40, `${tool.function.name} needs a description the model can act on`);
    }
  });

  it('gives each valid JSON Schema parameters whose required fields exist', () => {
    const ajv = new Ajv({ strict: true });
    for (const tool of TUTOR_FUNCTIONS) {
      const schema = tool.function.parameters!;
      assert.equal(schema.type, 'object');
      ajv.compile(schema);
      for (const name of (schema.required as string[] | undefined) ?? []) {
        assert.ok(name in (schema.properties as object), `${tool.function.name}: required '${name}' is not a property`);
      }
    }
  });

  it('marks only insert_into_editor as a side effect', () => {
    assert.deepEqual([...SIDE_EFFECT_FUNCTIONS], ['insert_into_editor']);
  });
});

describe('parseVerifyMathArguments', () => {
  it('accepts every corpus request that the published schema accepts, unchanged', () => {
    const validate = new Ajv().compile(parametersOf('verify_math'));
    for (const { name, request } of VERIFY_MATH_CASES.filter((c) => c.expected !== 'unknown')) {
      assert.ok(validate(request), `${name}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(parseVerifyMathArguments(JSON.stringify(request)), request, name);
    }
  });

  it('takes what models send in practice: numbers, a missing kind, lists as strings', () => {
    assert.deepEqual(parseVerifyMathArguments('{"kind":"solves","equation":"3x+11=14","value":1}'), { kind: 'solves', equation: '3x+11=14', value: '1' });
    assert.deepEqual(parseVerifyMathArguments('{"left":"2(x+1)","right":"2x+2"}'), { kind: 'equivalent', left: '2(x+1)', right: '2x+2' });
    assert.deepEqual(parseVerifyMathArguments('{"equation":"x+y=10; x-y=2","values":"x = 6, y = 4"}'), { kind: 'solves', equation: 'x+y=10; x-y=2', values: { x: '6', y: '4' } });
    assert.deepEqual(parseVerifyMathArguments('{"kind":"equivalent","left":"st","right":"ts","variables":"s, t"}'), { kind: 'equivalent', left: 'st', right: 'ts', variables: ['s', 't'] });
  });

  it('answers bad arguments with an error the model can fix, never a throw', () => {
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      ['[1,2]', /must be a JSON object/],
      ['{"kind":"equivalent","left":"x"}', /'right' is missing/],
      ['{"kind":"equivalent","left":"x","right":"   "}', /'right' is empty/],
      ['{"kind":"simplify","left":"x","right":"x"}', /'kind' must be 'equivalent' or 'solves'/],
      ['{}', /'kind' must be 'equivalent' or 'solves'/],
      ['{"kind":"solves","equation":"x=1"}', /give 'value' \(the claimed solution\) or 'values'/],
      ['{"kind":"solves","equation":"x=1","value":"1","variable":"x+1"}', /'variable' must be a plain name/],
      [JSON.stringify({ kind: 'equivalent', left: 'x'.repeat(2001), right: 'x' }), /'left' is longer than 2000 characters/],
    ];
    for (const [json, expected] of cases) {
      const result = parseVerifyMathArguments(json);
      assert.equal(typeof result, 'string', json);
      assert.match(result as string, /^Error: verify_math's arguments/);
      assert.match(result as string, expected, `${json} → ${String(result)}`);
    }
  });
});
