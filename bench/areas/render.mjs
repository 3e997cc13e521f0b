// The chat webview's renderer in headless Chromium (bench/render.bench.ts): a long math-and-code
// answer streamed delta by delta, against the frame budget and a whole-message re-render.
import { runSuite } from '../lib/exec.mjs';
import { at, fmt, row } from '../lib/table.mjs';

export const name = 'render';

const FRAME_MS = 1000 / 60;

export function measure() {
  return runSuite(process.execPath, 'render.bench.ts');
}

export function rows(r) {
  const area = 'webview render';
  const paced = r.paced_60_per_s;
  return [
    row({
      area, figure: 'render per frame at 60 deltas/s, p95, vs the 16.7 ms frame budget', value: paced.render_p95_ms / FRAME_MS, unit: '×', target: at('≤', 0.25, '×'),
      baseline: `${fmt(paced.render_p95_ms, ' ms')} (p50 ${fmt(paced.render_p50_ms, ' ms')}) vs ${fmt(FRAME_MS, ' ms')}`,
      note: `${paced.deltas} deltas in ${paced.renders} renders; the rest of the frame is the browser's (style, layout, paint)`,
    }),
    row({
      area, figure: 'render per frame at 60 deltas/s, worst, vs the frame budget', value: paced.render_max_ms / FRAME_MS, unit: '×', target: at('≤', 1, '×'),
      baseline: `${fmt(paced.render_max_ms, ' ms')} vs ${fmt(FRAME_MS, ' ms')}`,
      note: `as fast as frames come (rAF): ${r.fast.renders} frames, worst ${fmt(r.fast.render_max_ms, ' ms')}`,
    }),
    row({
      area, figure: 'long tasks (> 50 ms) our render caused while streaming at 60 deltas/s', value: r.paced_60_per_s_long_tasks_from_render, target: at('=', 0),
      note: `long tasks of any cause (browser style, layout, GC, a busy machine): ${r.paced_60_per_s_long_tasks}; at full speed ${r.fast.long_tasks_from_render} from our render, ${r.fast.long_tasks} in all`,
    }),
    row({
      area, figure: `${r.deltas} deltas rendered one by one vs re-rendering the whole message per delta`, value: r.ratio_vs_baseline, unit: '× less', target: at('≥', 150, '× less'),
      baseline: `${fmt(r.per_delta_5000_total_ms + r.per_delta_5000_append_ms, ' ms')} vs ≈ ${fmt(r.baseline_whole_message_5000_est_ms / 1000, ' s')} (sampled every ${r.baseline_step ?? 50}th delta)`,
      note: `per render p50 ${fmt(r.per_delta_5000_p50_ms, ' ms')}, p95 ${fmt(r.per_delta_5000_p95_ms, ' ms')}; vs our own pipeline re-run whole ${fmt(r.ratio_vs_baseline_cached_katex, '× less')}`,
    }),
    row({
      area, figure: 'render time of 5,000 deltas vs 2,500 (linear would be 2×)', value: r.linearity_5000_over_2500, unit: '×', target: at('<', 2.5, '×'),
      baseline: `${fmt(r.per_delta_5000_total_ms, ' ms')} vs ${fmt(r.per_delta_2500_total_ms, ' ms')}`,
      note: `2,500 vs 1,250: ${fmt(r.linearity_2500_over_1250, '×')}`,
    }),
  ];
}
