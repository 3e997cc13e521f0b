/**
 * Ingestion's first step: a file's bytes to the plain text that gets chunked and searched. Every
 * failure is an IngestError whose message says what is wrong with the file and, where there is
 * one, what to do; it becomes the vector store file's `last_error`. Nothing here throws anything
 * else for bad input.
 */
import { convert as htmlToText } from 'html-to-text';
import type * as Unpdf from 'unpdf';
import { extensionOf, kindOf, notYetSupported } from './fileKinds';
import { IngestError } from './types';

/** OpenAI's per-file limit is 5 million tokens; at ~4 characters a token this is the same size. */
export const MAX_TEXT_CHARS = 20_000_000;
/** Text files larger than this are refused before decoding (a decoded string takes twice the bytes). */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/**
 * Extracts the searchable text of a file. Line endings come out as `\n`.
 *
 * @example
 *   const text = await extractText('week3.tex', bytes);
 *   const chunks = chunkText(text, AUTO_CHUNKING);
 */
export async function extractText(fileName: string, bytes: Uint8Array): Promise<string> {
  const name = displayName(fileName);
  const unreadable = notYetSupported(fileName);
  if (unreadable) throw new IngestError('unsupported_file', `${name}: ${unreadable}`);
  if (bytes.length === 0) throw new IngestError('invalid_file', `${name} is empty.`);

  const binary = binaryKind(bytes);
  // A PDF is read as one whatever its name says.
  const kind = binary === 'PDF' ? 'pdf' : kindOf(fileName);
  if (kind === 'pdf') return finish(name, await pdfText(name, bytes));
  if (binary) throw new IngestError('unsupported_file', `${name} is ${binary}, not text; file search reads text, code, Markdown, LaTeX, HTML, JSON, CSV and PDF files.`);
  if (bytes.length > MAX_TEXT_BYTES) throw tooLarge(name);

  const text = decodeText(name, bytes, kind !== undefined);
  switch (kind ?? 'text') {
    case 'html': return finish(name, htmlText(text));
    case 'json': return finish(name, prettyJson(name, text, fileName));
    case 'notebook': return finish(name, notebookText(name, text));
    case 'latex': return finish(name, stripTexComments(text));
    default: return finish(name, text);
  }
}

function finish(name: string, text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') throw new IngestError('invalid_file', `${name} contains no text.`);
  if (normalised.length > MAX_TEXT_CHARS) throw tooLarge(name);
  return normalised;
}

function tooLarge(name: string): IngestError {
  return new IngestError('invalid_file', `${name} is too large to search: file search takes up to about 5 million tokens (20 million characters) of text per file.`);
}

/** Just the base name: error messages should not reveal where a file came from. */
function displayName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || 'The file';
}

/** Well-known binary signatures, so a photo called notes.txt gets a precise refusal. */
const SIGNATURES: [string, number[]][] = [
  ['PDF', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive (or an Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['a program (ELF)', [0x7f, 0x45, 0x4c, 0x46]],
  ['a WebAssembly module', [0x00, 0x61, 0x73, 0x6d]],
  ['a SQLite database', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66]],
];

function binaryKind(bytes: Uint8Array): string | undefined {
  for (const [label, magic] of SIGNATURES) {
    if (magic.every((b, i) => bytes[i] === b)) return label;
  }
  // UTF-16 text has NULs in every other byte but announces itself with a byte order mark.
  if (hasUtf16Bom(bytes)) return undefined;
  // Text never holds NUL; binaries of every kind do, usually within the first few kilobytes.
  return bytes.indexOf(0) >= 0 ? 'a binary file' : undefined;
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * UTF-8 (with or without BOM) or BOM-marked UTF-16. Invalid UTF-8 in a file whose extension says
 * text is read as Windows-1252 (old LaTeX and CSV exports often are); in a file of unknown kind it
 * means binary.
 */
function decodeText(name: string, bytes: Uint8Array, knownText: boolean): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    // `ignoreBOM: false` (the default) drops a UTF-8 byte order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (!knownText) throw new IngestError('unsupported_file', `${name} does not look like text (it is not valid UTF-8) and its type is not one file search reads.`);
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/** The page's visible text: headings as written, tables as tables, no link targets or images. */
function htmlText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      ...HEADINGS,
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
}

/** Minified or one-line JSON becomes indented text, so chunks break between values, not inside them. */
function prettyJson(name: string, text: string, fileName: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (err) {
    // JSON with comments (tsconfig, VS Code settings) is still good text.
    if (extensionOf(fileName) === 'jsonc' || /^\s*\/[/*]/m.test(text)) return text;
    throw new IngestError('invalid_file', `${name} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
}

/** A Jupyter notebook's Markdown and code cells, in order; outputs (often images) are left out. */
function notebookText(name: string, text: string): string {
  let cells: unknown;
  try {
    cells = (JSON.parse(text) as { cells?: unknown }).cells;
  } catch (err) {
    throw new IngestError('invalid_file', `${name} is not a valid notebook (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!Array.isArray(cells)) throw new IngestError('invalid_file', `${name} is not a valid notebook (it has no cells).`);
  return cells
    .map((cell: { source?: unknown }) => (Array.isArray(cell?.source) ? cell.source.join('') : typeof cell?.source === 'string' ? cell.source : ''))
    .filter((source) => source.trim() !== '')
    .join('\n\n');
}

/** Environments whose `%` is code, not a comment (a Python listing's `x % 2`). */
const VERBATIM = /\\(begin|end)\{(verbatim\*?|lstlisting|minted|Verbatim)\}/;

/**
 * LaTeX without its comments: `%` to the end of the line, unless escaped as `\%`. A line that was
 * only a comment disappears, so commented-out drafts do not match searches.
 */
export function stripTexComments(tex: string): string {
  let verbatim = false;
  return tex
    .split(/\r\n?|\n/)
    .flatMap((line) => {
      const marker = VERBATIM.exec(line);
      if (marker) verbatim = marker[1] === 'begin';
      const cut = verbatim ? -1 : commentStart(line);
      if (cut < 0) return [line];
      const kept = line.slice(0, cut).trimEnd();
      return kept.trim() === '' ? [] : [kept];
    })
    .join('\n');
}

/** Index of the `%` that starts a comment, or -1. `\\%` is a line break followed by a comment. */
function commentStart(line: string): number {
  for (let i = line.indexOf('%'); i >= 0; i = line.indexOf('%', i + 1)) {
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return -1;
}

let unpdf: Promise<typeof Unpdf> | undefined;

/** The text layer of every page, pages separated by a blank line. pdf.js loads on first use only. */
async function pdfText(name: string, bytes: Uint8Array): Promise<string> {
  unpdf ??= import('unpdf');
  const { getDocumentProxy, extractText: extractPdfText } = await unpdf;
  let pages: string[];
  try {
    // pdf.js may take ownership of (detach) the buffer it is given: hand it a copy.
    // verbosity 0: pdf.js would otherwise print warnings about odd but readable files to stdout.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      pages = (await extractPdfText(pdf, { mergePages: false })).text;
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch (err) {
    const kind = err instanceof Error ? err.name : '';
    if (kind === 'PasswordException') throw new IngestError('unsupported_file', `${name} is password-protected; save an unprotected copy and add that.`);
    throw new IngestError('invalid_file', `${name} could not be read as a PDF (${err instanceof Error ? err.message : String(err)}).`);
  }
  const text = pages.map((page) => page.trim()).filter(Boolean).join('\n\n');
  if (text === '') throw new IngestError('unsupported_file', `${name} has no text layer (a scanned PDF?); file search cannot read text in images.`);
  return text;
}
