// Rows, targets and the printed table of `npm run bench`.
//
// A row is one figure: where the run measured a baseline for it, the figure is the ratio to that
// baseline (timings on these shared 2-core machines move by 2× from one minute to the next; a
// ratio of two things measured side by side moves much less), and the note gives both absolute
// values. Every row carries its target, and met / MISSED is computed from it.

/** A target for a figure: `at('≤', 2, '×')` reads "≤ 2×" and is met by 2 or less. */
export function at(op, limit, unit = '') {
  const test = { '<': (v) => v < limit, '≤': (v) => v <= limit, '≥': (v) => v >= limit, '>': (v) => v > limit, '=': (v) => v === limit }[op];
  if (!test) throw new Error(`unknown target operator ${op}`);
  return { text: `${op} ${limit}${unit}`, test };
}

/** Short, fixed-ish precision: 1234.5 → "1235", 12.34 → "12.3", 1.234 → "1.23", 0.01234 → "0.012"; integers whole. */
export function fmt(n, unit = '') {
  if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return `${n}${unit}`;
  const a = Math.abs(n);
  const s = a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : a >= 1 ? n.toFixed(2) : a >= 0.01 ? n.toFixed(3) : n.toPrecision(2);
  return `${s}${unit}`;
}

/**
 * One figure of the table.
 * @param {{ area: string, figure: string, value: number | undefined, unit?: string, target?: ReturnType<typeof at>, baseline?: string, note?: string }} r
 *   `value` is the ratio when `baseline` names what it is a ratio to; `target` is omitted only
 *   for figures kept for the record.
 */
export function row({ area, figure, value, unit = '', target, baseline = '', note = '' }) {
  const measured = typeof value === 'number' && Number.isFinite(value);
  return {
    area,
    figure,
    value: measured ? value : null,
    shown: measured ? fmt(value, unit) : 'n/a',
    baseline,
    target: target?.text ?? '—',
    met: target && measured ? target.test(value) : null,
    note,
  };
}

/** A row for an area that could not be measured at all. */
export function failedRow(area, error) {
  return { area, figure: `${area}: not measured`, value: null, shown: 'error', baseline: '', target: '—', met: false, note: String(error?.message ?? error).split('\n')[0] };
}

const status = (r) => (r.met === null ? '' : r.met ? 'met' : 'MISSED');

/** The table as text: figure, value, target, status; then what the value was compared with. */
export function renderTable(rows) {
  const cells = rows.map((r) => [r.figure, r.shown, r.target, status(r), [r.baseline, r.note].filter(Boolean).join('; ')]);
  const head = ['figure', 'value', 'target', 'status', 'measured (vs baseline); notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 4 ? 0 : c[i].length))));
  const line = (c) => c.map((x, i) => (i === 4 ? x : x.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)).concat('-'.repeat(30)))];
  let area;
  for (const [i, c] of cells.entries()) {
    if (rows[i].area !== area) {
      area = rows[i].area;
      if (i > 0) out.push('');
    }
    out.push(line(c));
  }
  return out.join('\n');
}
