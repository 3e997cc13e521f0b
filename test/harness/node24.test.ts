import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureNode24 } from '../../harness/node24.mjs';
import { repoRoot } from '../../harness/repo.mjs';

// What broke `npm start` on a fresh machine: a nested npm under an outer `npm run` inherited the
// outer npm_config_user_agent (node/v20), and code-server's postinstall refused to build.
describe('nested npm runs under an outer npm run', function () {
  this.timeout(120_000);

  it('see the Node we put first on PATH, and none of the outer npm\'s variables', () => {
    const node24Bin = path.dirname(ensureNode24());
    const dir = mkdtempSync(path.join(tmpdir(), 'tutor-npm-env-'));
    const harness = pathToFileURL(path.join(repoRoot, 'harness', 'node24.mjs')).href;
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', scripts: { probe: 'node probe.mjs', agent: 'node -p process.env.npm_config_user_agent' } }));
    writeFileSync(path.join(dir, 'probe.mjs'), `
      import { execFileSync } from 'node:child_process';
      import path from 'node:path';
      import { withoutOuterNpm } from ${JSON.stringify(harness)};
      const node24 = (env) => ({ ...env, PATH: ${JSON.stringify(node24Bin)} + path.delimiter + env.PATH });
      // What an install script of the nested npm reads (code-server's postinstall.sh reads this).
      const agent = (env) => execFileSync('npm', ['run', '-s', 'agent'], { env, encoding: 'utf8' }).trim();
      const clean = withoutOuterNpm();
      console.log(JSON.stringify({
        outerKeys: Object.keys(process.env).filter((k) => /^npm_/i.test(k)),
        cleanKeys: Object.keys(clean).filter((k) => /^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE'),
        cleanPath: clean.PATH,
        inherited: agent(node24(process.env)),
        cleaned: agent(node24(clean)),
      }));`);
    const out = JSON.parse(execFileSync('npm', ['run', '-s', 'probe'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!);
    assert.ok(out.outerKeys.includes('npm_config_user_agent'), 'the outer npm exported its variables (else this test proves nothing)');
    assert.deepEqual(out.cleanKeys, []);
    assert.ok(!out.cleanPath.split(path.delimiter).some((d: string) => d.endsWith(`node_modules${path.sep}.bin`) || d.endsWith('node-gyp-bin')), out.cleanPath);
    assert.match(out.cleaned, /node\/v24\./);
    // With the outer variables left in, the nested npm reports the outer Node: the original bug.
    assert.doesNotMatch(out.inherited, /node\/v24\./);
  });
});
