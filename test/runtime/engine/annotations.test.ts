import * as assert from 'node:assert/strict';
import { annotate } from '../../../src/runtime/engine/annotations';
import type { ToolSource } from '../../../src/runtime/tools/builtinTool';
import { citationMarker } from '../../../src/runtime/tools/fileSearchTool';
import { specErrors } from '../../harness/spec';

const cite = (marker: string, file_id: string): ToolSource => ({ kind: 'citation', marker, file_id, quote: 'q' });

describe('annotate', () => {
  it('turns every occurrence of a citation marker into a file_citation whose indices slice out the marker', () => {
    const a = citationMarker(1, 0, 'notes.md');
    const b = citationMarker(1, 1, 'räume.pdf');
    // Astral and combining characters before the markers: indices are UTF-16 offsets, as JS strings.
    const text = `The slope is 3 𝑥 ✓ ${a}. By Vieta 🧮 the roots sum to 5 ${b}, again ${a}`;
    const found = annotate(text, [cite(a, 'file-a'), cite(b, 'file-b')]);
    assert.deepEqual(found.map((x) => [x.type, x.text, x.type === 'file_citation' ? x.file_citation.file_id : '']), [
      ['file_citation', a, 'file-a'],
      ['file_citation', b, 'file-b'],
      ['file_citation', a, 'file-a'],
    ]);
    for (const x of found) {
      assert.equal(text.slice(x.start_index, x.end_index), x.text);
      assert.deepEqual(specErrors('MessageContentTextAnnotationsFileCitationObject', x), []);
    }
    assert.ok(found[0]!.start_index < found[1]!.start_index && found[1]!.start_index < found[2]!.start_index, 'sorted by position');
  });

  it('accepts markers the model wrote slightly differently, and ignores numbers no result carries', () => {
    const marker = citationMarker(2, 3, 'notes.md');
    const text = 'One [2:3†notes.md], two 【2:3】, three 【2:3†source】, not a citation [3:2] or 【9:9†notes.md】.';
    const found = annotate(text, [cite(marker, 'file-n')]);
    assert.deepEqual(found.map((x) => x.text), ['[2:3†notes.md]', '【2:3】', '【2:3†source】']);
    for (const x of found) assert.equal(text.slice(x.start_index, x.end_index), x.text);
  });

  it('matches markers of another shape exactly', () => {
    const text = 'see <<ref-1>> and <<ref-1>>';
    const found = annotate(text, [cite('<<ref-1>>', 'file-r')]);
    assert.deepEqual(found.map((x) => [x.start_index, x.end_index]), [[4, 13], [18, 27]]);
  });

  it('turns sandbox links to files the code interpreter wrote into file_path annotations', () => {
    const sources: ToolSource[] = [
      { kind: 'file', path: '/mnt/data/plot.png', file_id: 'file-old' },
      { kind: 'file', path: 'plot.png', file_id: 'file-plot' },
      { kind: 'file', path: '/mnt/data/data.csv', file_id: 'file-csv' },
      { kind: 'file', path: '/mnt/data/my table.csv', file_id: 'file-space' },
    ];
    const text = 'Ünïcödé 𝛼: [plot](sandbox:/mnt/data/plot.png). Data: sandbox:/mnt/data/data.csv. '
      + 'Not this: sandbox:/mnt/data/data.csv.bak nor sandbox:/mnt/data/other.csv. [t](sandbox:/mnt/data/my%20table.csv)';
    const found = annotate(text, sources);
    assert.deepEqual(found.map((x) => [x.text, x.type === 'file_path' ? x.file_path.file_id : '']), [
      ['sandbox:/mnt/data/plot.png', 'file-plot'],
      ['sandbox:/mnt/data/data.csv', 'file-csv'],
      ['sandbox:/mnt/data/my%20table.csv', 'file-space'],
    ]);
    for (const x of found) {
      assert.equal(text.slice(x.start_index, x.end_index), x.text);
      assert.deepEqual(specErrors('MessageContentTextAnnotationsFilePathObject', x), []);
    }
  });

  it('returns nothing without sources or references', () => {
    assert.deepEqual(annotate('plain text 【1:0†a.md】', []), []);
    assert.deepEqual(annotate('', [cite('【1:0†a.md】', 'file-a')]), []);
  });
});
