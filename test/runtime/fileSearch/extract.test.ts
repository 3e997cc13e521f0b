import * as assert from 'node:assert/strict';
import { extractText, stripTexComments } from '../../../src/runtime/fileSearch/extract';
import { IngestError } from '../../../src/runtime/fileSearch/types';
import { corpusFiles } from './corpus';
import { makePdf } from './pdf';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Asserts that extraction fails with this IngestError code and a message matching `reason`. */
async function refuses(name: string, bytes: Uint8Array, code: IngestError['code'], reason: RegExp): Promise<void> {
  await assert.rejects(extractText(name, bytes), (err: unknown) => {
    assert.ok(err instanceof IngestError, `not an IngestError: ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, reason);
    return true;
  });
}

describe('extractText', () => {
  it('reads every file of the knowledge corpus', async () => {
    const files = corpusFiles();
    assert.ok(files.length >= 30, `${files.length} files`);
    for (const file of files) {
      const text = await extractText(file.path, file.bytes);
      assert.ok(text.trim().length > 100, file.path);
      assert.doesNotMatch(text, /\r/, `${file.path}: line endings normalised`);
    }
  });

  it('passes text, code, Markdown and CSV through, with \\n line endings', async () => {
    assert.equal(await extractText('notes.md', utf8('# Title\r\n\r\nBody\r\n')), '# Title\n\nBody\n');
    assert.equal(await extractText('src/main.py', utf8('def f(x):\n    return x  # identity\n')), 'def f(x):\n    return x  # identity\n');
    assert.equal(await extractText('data.csv', utf8('a,b\n1,2\n')), 'a,b\n1,2\n');
    assert.equal(await extractText('Makefile', utf8('all:\n\tcc main.c\n')), 'all:\n\tcc main.c\n');
  });

  it('reads text of unknown kinds by its bytes, and refuses what is not text', async () => {
    assert.equal(await extractText('notes.weird', utf8('plain words')), 'plain words');
    await refuses('blob.weird', new Uint8Array([0xc3, 0x28, 0xa0, 0xa1, 0xff]), 'unsupported_file', /not valid UTF-8/);
    await refuses('a.txt', new Uint8Array([0x68, 0x69, 0x00, 0x01, 0x02]), 'unsupported_file', /a\.txt is a binary file/);
    await refuses('photo.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'unsupported_file', /PNG image/);
    await refuses('report.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'unsupported_file', /Word documents are not supported yet; save the file as PDF/);
    await refuses('archive.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'unsupported_file', /ZIP archive/);
  });

  it('decodes byte order marks and falls back to Windows-1252 for old text files', async () => {
    assert.equal(await extractText('bom.md', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('héllo')])), 'héllo');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Σ = sum\n', 'utf16le')]);
    assert.equal(await extractText('greek.txt', utf16), 'Σ = sum\n');
    // "Théorème" in Latin-1, as an old LaTeX file would be saved.
    assert.equal(await extractText('old.tex', new Uint8Array([0x54, 0x68, 0xe9, 0x6f, 0x72, 0xe8, 0x6d, 0x65])), 'Théorème');
  });

  it('says why an empty file cannot be searched', async () => {
    await refuses('empty.md', new Uint8Array(0), 'invalid_file', /empty\.md is empty/);
    await refuses('blank.txt', utf8(' \n\n\t'), 'invalid_file', /blank\.txt contains no text/);
    await refuses('/home/ann/secret/notes.md', new Uint8Array(0), 'invalid_file', /^notes\.md is empty/);
  });

  it('strips LaTeX comments, keeping \\% and listings', () => {
    const tex = [
      '\\section{Rates} % draft',
      '% a whole comment line',
      'Growth of 5\\% a year.\\\\% comment after a line break',
      '\\begin{lstlisting}',
      'x = 7 % 2  # Python modulo',
      '\\end{lstlisting}',
      'end',
    ].join('\n');
    assert.equal(stripTexComments(tex), '\\section{Rates}\nGrowth of 5\\% a year.\\\\\n\\begin{lstlisting}\nx = 7 % 2  # Python modulo\n\\end{lstlisting}\nend');
  });

  it('pretty-prints JSON, keeps JSON with comments as it is, and refuses broken JSON', async () => {
    assert.equal(await extractText('a.json', utf8('{"a":[1,2],"b":{"c":"d"}}')), '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": "d"\n  }\n}');
    assert.equal(await extractText('settings.json', utf8('// editor\n{"tabSize": 2}')), '// editor\n{"tabSize": 2}');
    await refuses('broken.json', utf8('{"a": [1, 2'), 'invalid_file', /broken\.json is not valid JSON \(/);
  });

  it('reads a notebook\'s Markdown and code cells, not its outputs', async () => {
    const notebook = {
      cells: [
        { cell_type: 'markdown', source: ['# Title\n', 'Some prose.'] },
        { cell_type: 'code', source: 'print(1 + 1)', outputs: [{ data: { 'image/png': 'iVBORw0KGgo=' } }] },
        { cell_type: 'code', source: [] },
      ],
    };
    assert.equal(await extractText('lab.ipynb', utf8(JSON.stringify(notebook))), '# Title\nSome prose.\n\nprint(1 + 1)');
    await refuses('lab.ipynb', utf8('{"nbformat": 4}'), 'invalid_file', /no cells/);
  });

  it('reduces HTML to its visible text: no scripts, styles, link targets or images; tables kept', async () => {
    const html = `<html><head><title>T</title><style>p{}</style><script>var secret = 1;</script></head>
      <body><h1>Fourier series</h1><p>A <a href="https://example.com/x">periodic</a> function.<img src="x.png" alt="plot"></p>
      <table><tr><th>n</th><th>b_n</th></tr><tr><td>1</td><td>4/pi</td></tr></table></body></html>`;
    const text = await extractText('page.html', utf8(html));
    assert.match(text, /^Fourier series\n/);
    assert.match(text, /A periodic function\./);
    assert.match(text, /n +b_n\n1 +4\/pi/);
    assert.doesNotMatch(text, /secret|example\.com|x\.png|p\{\}/);
  });

  it('reads the text layer of PDFs, page by page, whatever the file is called', async () => {
    const pdf = makePdf([['Bayes: P(A|B) = P(B|A) P(A) / P(B)', 'second line'], ['Page two']]);
    assert.equal(await extractText('handout.pdf', pdf), 'Bayes: P(A|B) = P(B|A) P(A) / P(B)\nsecond line\n\nPage two');
    assert.equal(await extractText('handout', pdf), await extractText('handout.pdf', pdf));
    const fixture = corpusFiles().find((f) => f.path.endsWith('.pdf'))!;
    assert.match(await extractText(fixture.path, fixture.bytes), /square wave[\s\S]*Gibbs phenomenon/);
  });

  it('says why a PDF cannot be read', async () => {
    await refuses('broken.pdf', utf8('%PDF-1.4\nnot really a pdf'), 'invalid_file', /broken\.pdf could not be read as a PDF \(/);
    await refuses('scan.pdf', makePdf([[]]), 'unsupported_file', /no text layer \(a scanned PDF\?\)/);
    await refuses('photo.pdf', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'invalid_file', /could not be read as a PDF/);
  });
});
