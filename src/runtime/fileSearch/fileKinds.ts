/**
 * Which files file search reads, by extension: the kinds OpenAI's file search accepts that can be
 * read without a heavy parser, plus what a math or code student keeps beside them (LaTeX, notebooks,
 * data, config). Anything else is still read when its bytes look like text (see extract.ts).
 */

export type FileKind = 'text' | 'markdown' | 'latex' | 'json' | 'notebook' | 'csv' | 'html' | 'pdf';

const KINDS: Record<string, FileKind> = {};
const add = (kind: FileKind, extensions: string) => {
  for (const ext of extensions.split(' ')) KINDS[ext] = kind;
};

add('markdown', 'md markdown mdx rmd qmd');
add('latex', 'tex latex ltx sty cls bib bbl');
add('json', 'json jsonc geojson');
add('notebook', 'ipynb');
add('csv', 'csv tsv');
add('html', 'html htm xhtml');
add('pdf', 'pdf');
add(
  'text',
  // prose and notes
  'txt text rst adoc asciidoc org log me ' +
    // code
    'py pyw pyi ts tsx mts cts js jsx mjs cjs java kt kts scala groovy c h cc cpp cxx hpp hh hxx cs fs go rs rb php swift m mm ' +
    'r jl hs lhs ml mli ex exs erl clj cljs lisp scm rkt lua pl pm dart zig nim v sv vhd f f90 f95 for sage sql ' +
    'sh bash zsh fish ps1 bat cmd vue svelte astro ' +
    // markup, styles and config
    'css scss sass less xml svg yaml yml toml ini cfg conf properties env editorconfig gitignore gitattributes dockerfile makefile mk cmake gradle',
);

/** Kinds OpenAI's file search takes that Tutor cannot read yet, with what to do instead. */
const NOT_YET: Record<string, string> = {
  doc: 'Word documents are not supported yet; save the file as PDF or Markdown and add that.',
  docx: 'Word documents are not supported yet; save the file as PDF or Markdown and add that.',
  pptx: 'PowerPoint files are not supported yet; export the slides as PDF and add that.',
  odt: 'OpenDocument files are not supported yet; save the file as PDF or Markdown and add that.',
  rtf: 'RTF files are not supported yet; save the file as PDF or plain text and add that.',
  xlsx: 'Spreadsheets are not supported yet; export the sheet as CSV and add that.',
  xls: 'Spreadsheets are not supported yet; export the sheet as CSV and add that.',
  epub: 'E-books are not supported yet.',
};

/** The file's lower-cased extension; a dotfile or extensionless name counts as its whole name (`Makefile`). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return (dot <= 0 ? base.replace(/^\./, '') : base.slice(dot + 1)).toLowerCase();
}

/** The kind for a file name; undefined means "decide from the bytes". */
export function kindOf(fileName: string): FileKind | undefined {
  return KINDS[extensionOf(fileName)];
}

/** Why a known but unreadable kind is refused, or undefined. */
export function notYetSupported(fileName: string): string | undefined {
  return NOT_YET[extensionOf(fileName)];
}
