import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Two rules of ARCHITECTURE.md that lint does not hold: no import circles in src/, and no file in
// src/ over 300 lines unless ARCHITECTURE.md says why.
const repoRoot = path.resolve(__dirname, '..', '..');
const MAX_LINES = 300;

function sourceFiles(): string[] {
  return readdirSync(path.join(repoRoot, 'src'), { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|mts)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(repoRoot, 'src', f));
}

/** Each file's relative imports (type-only ones too: a circle of types is still a circle to read). */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const resolve = (from: string, spec: string): string | undefined => {
    const base = path.resolve(path.dirname(from), spec);
    return [`${base}.ts`, `${base}.mts`, path.join(base, 'index.ts')].find((f) => known.has(f));
  };
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolve(file, i.fileName));
      return [file, targets.filter((t): t is string => t !== undefined)];
    }),
  );
}

/** The first circle found by depth-first search, as a list of files, or undefined. */
function findCircle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...trail.slice(trail.indexOf(file)), file];
    state.set(file, 'open');
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    trail.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return undefined;
}

describe('the house (ARCHITECTURE.md)', () => {
  it('src/ has no import circles', () => {
    const graph = importGraph(sourceFiles());
    assert.ok(graph.size > 100, `read only ${graph.size} files`);
    const circle = findCircle(graph);
    assert.equal(circle, undefined, `import circle: ${circle?.map((f) => path.relative(repoRoot, f)).join(' → ')}`);
  });

  it('finds a circle when there is one', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    assert.deepEqual(findCircle(graph), ['a', 'b', 'c', 'a']);
    assert.equal(findCircle(new Map([['a', ['b']], ['b', []]])), undefined);
  });

  it(`every file in src/ over ${MAX_LINES} lines has its reason in ARCHITECTURE.md`, () => {
    const architecture = readFileSync(path.join(repoRoot, 'ARCHITECTURE.md'), 'utf8');
    const long = sourceFiles()
      .map((f) => ({ file: path.relative(repoRoot, f).split(path.sep).join('/'), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES);
    const unexplained = long.filter(({ file }) => !new RegExp(`^\\| \`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` \\| \\d+ \\| \\S`, 'm').test(architecture));
    assert.deepEqual(unexplained, [], 'long files without a row (file, lines, why) in ARCHITECTURE.md');
  });
});
