import * as assert from 'node:assert/strict';
import { describeInsert, wherePlaced, type Place } from '../../../src/extension/functions/describeInsert';

const at = (line: number, character: number, replace = false, end = { line, character }): Place => ({ start: { line, character }, end, replace });

describe('describeInsert (where the approval card says the text goes)', () => {
  it('names the file and the 1-based position of an insert', () => {
    assert.equal(describeInsert('notes.md', [at(2, 8)]), 'Inserts at line 3, column 9 of notes.md.');
  });

  it('names both ends of a replaced selection', () => {
    assert.equal(describeInsert('src/a.py', [at(1, 0, true, { line: 3, character: 7 })]), 'Replaces line 2, column 1 to line 4, column 8 of src/a.py.');
  });

  it('says where the text went, for the model', () => {
    assert.equal(wherePlaced([at(2, 8)]), 'at line 3, column 9');
    assert.equal(wherePlaced([at(0, 0, true, { line: 0, character: 3 })]), 'replacing line 1, column 1 to line 1, column 4');
    assert.equal(wherePlaced([at(0, 0), at(1, 0)]), 'at 2 places');
  });

  it('lists several cursors, at most five', () => {
    const places = [at(0, 0), at(1, 0, true, { line: 1, character: 4 }), at(2, 0), at(3, 0), at(4, 0), at(5, 0), at(6, 0)];
    assert.equal(
      describeInsert('a.md', places),
      'At 7 places in a.md: inserts at line 1, column 1; replaces line 2, column 1 to line 2, column 5; inserts at line 3, column 1; inserts at line 4, column 1; inserts at line 5, column 1; and 2 more.',
    );
  });
});
