/**
 * Writes small, valid PDFs with a text layer (Helvetica, one line per string), so tests can feed
 * real PDF bytes to extraction without binary fixtures nobody can read. Also made the fixture
 * test/fixtures/knowledge/signals/fourier-series.pdf.
 *
 * @example
 *   const bytes = makePdf([['Page one, line one', 'line two'], ['Page two']]);
 */
export function makePdf(pages: string[][]): Uint8Array {
  // Object number n is objects[n - 1].
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
  };
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, filled in once the pages' numbers are known
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const lines of pages) {
    const escaped = lines.map((line) => `(${line.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj T*`).join('\n');
    const content = `BT /F1 11 Tf 72 740 Td 15 TL\n${escaped}\nET`;
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    const contentRef = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentRef} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  // Offsets in the cross-reference table are byte offsets; the text is ASCII, so characters.
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
