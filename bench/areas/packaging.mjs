// Packaging: `npm run package` builds the production bundles and tutor.vsix; the VSIX is unpacked
// into a temp folder (`extension_dir`) that the later areas run: the code interpreter's worker and
// Pyodide files, the extension in code-server. Its size is compared with the last bench run that
// recorded one, or else with a production tutor.vsix that was here before.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageExtension, root } from '../lib/exec.mjs';
import { previousResult } from '../lib/results.mjs';
import { at, fmt, row } from '../lib/table.mjs';
import { extractExtension, isProductionVsix } from '../lib/vsix.mjs';

export const name = 'package';

export async function measure() {
  const vsix = path.join(root, 'tutor.vsix');
  const before = (await isProductionVsix(vsix)) ? statSync(vsix).size : undefined;
  const started = performance.now();
  await packageExtension(() => isProductionVsix(vsix));
  const packageMs = performance.now() - started;
  const previous = previousResult((r) => r.package?.vsix_bytes);
  const vsixBytes = statSync(vsix).size;
  const extensionDir = await extractExtension(vsix, mkdtempSync(path.join(tmpdir(), 'tutor-bench-vsix-')));
  return {
    vsix_bytes: vsixBytes,
    extension_dir: extensionDir,
    package_ms: packageMs,
    previous_vsix_bytes: previous?.value ?? before ?? null,
    previous_from: previous ? `bench/results/${previous.file}` : before !== undefined ? 'the tutor.vsix present before this run' : null,
  };
}

export function rows(p) {
  const mb = (b) => fmt(b / 1024 / 1024, ' MB');
  return [
    row({
      area: 'package', figure: 'VSIX size vs the previous result', value: p.previous_vsix_bytes ? p.vsix_bytes / p.previous_vsix_bytes : undefined, unit: '×', target: at('≤', 1.1, '×'),
      baseline: p.previous_vsix_bytes ? `${mb(p.vsix_bytes)} vs ${mb(p.previous_vsix_bytes)} (${p.previous_from})` : `${mb(p.vsix_bytes)}; no earlier size to compare with (first measurement)`,
      note: `production bundles checked; npm run package took ${fmt(p.package_ms / 1000, ' s')}`,
    }),
  ];
}
