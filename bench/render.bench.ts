// Renderer figures for `npm run bench`: a long math-and-code answer streamed into the chat
// renderer in headless Chromium, on the test page with the webview's CSP
// (harness/render/testPage.ts). All times are measured in the page with performance.now()
// around our render callbacks; long tasks come from a PerformanceObserver. Prints one JSON object
// on stdout (progress goes to stderr).
import { cpus, loadavg } from 'node:os';
import { answerDeltas } from '../harness/render/streamCorpus';
import { openRenderPage } from '../harness/render/testPage';

const FULL = 5_000;
const PACED = 1_200; // 20 s at 60 deltas/s
// The whole-message baseline is timed at every 100th delta (its cost grows with the text, so
// evenly spaced samples give the same mean as all of them; 100 keeps the bench under 10 minutes).
const BASELINE_STEP = 100;

const log = (message: string) => process.stderr.write(`[render.bench] ${message}\n`);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

type Run = { renderMs: number[]; appendMs: number; wallMs: number; frames: number; longTasks: Array<{ duration: number; renderMs: number }> };

function summarise(run: Run) {
  return {
    renders: run.renderMs.length,
    render_total_ms: round(sum(run.renderMs)),
    append_total_ms: round(run.appendMs),
    render_p50_ms: round(pct(run.renderMs, 50), 3),
    render_p95_ms: round(pct(run.renderMs, 95), 3),
    render_max_ms: round(Math.max(0, ...run.renderMs), 3),
    frames: run.frames,
    wall_ms: round(run.wallMs, 0),
    long_tasks: run.longTasks.length,
    longest_task_ms: round(Math.max(0, ...run.longTasks.map((t) => t.duration)), 0),
    // Of those long tasks, how many our render callbacks made long (> 50 ms of their own).
    long_tasks_from_render: run.longTasks.filter((t) => t.renderMs > 50).length,
    render_ms_in_long_tasks: round(sum(run.longTasks.map((t) => t.renderMs)), 1),
  };
}

async function main() {
  const { page, close } = await openRenderPage({ width: 560, height: 900 });
  try {
    const deltas = answerDeltas(FULL);
    const text = deltas.join('');
    const formulas = await page.evaluate((t) => {
      const id = window.tutor.mount('manual');
      window.tutor.setText(id, t);
      const r = window.tutor.inspect(id);
      window.tutor.clear();
      return { katex: r.katex, display: r.display, errors: r.errors };
    }, text);
    log(`${deltas.length} deltas, ${text.length} characters, ${formulas.katex} formulas (${formulas.display} display)`);

    // Warm-up: JIT and KaTeX's font metrics, so the first measured run is not the cold one.
    await page.evaluate((d) => window.tutor.benchStream(d, 'sync'), answerDeltas(300, 2));

    // 1. A render after every delta: the most work the open-block approach can do for N deltas.
    // Median of three runs each: these 2-core machines are noisy.
    const linearity: Record<string, ReturnType<typeof summarise>> = {};
    for (const n of [1_250, 2_500, 5_000]) {
      log(`per-delta render, ${n} deltas (median of 3)`);
      const runs: Array<ReturnType<typeof summarise>> = [];
      for (let i = 0; i < 3; i++) runs.push(summarise(await page.evaluate(([d]) => window.tutor.benchStream(d, 'sync'), [deltas.slice(0, n)] as const)));
      linearity[n] = runs.sort((a, b) => a.render_total_ms - b.render_total_ms)[1]!;
    }

    // 2. Full speed: deltas as fast as tasks arrive, rendering driven by requestAnimationFrame.
    log('full speed, rAF');
    const fast = summarise(await page.evaluate(([d]) => window.tutor.benchStream(d, 'fast'), [deltas] as const));

    // 3. Realistic pace: 60 deltas/s, bounded to 1,200 deltas (20 s).
    log(`${PACED} deltas at 60/s (${PACED / 60} s)`);
    const paced = summarise(await page.evaluate(([d]) => window.tutor.benchStream(d, 'paced', 60), [deltas.slice(0, PACED)] as const));

    // 4. Baseline: the whole message re-rendered per delta (markdown-it + KaTeX + DOMPurify over
    // all the text so far). Timed at every BASELINE_STEP-th delta; mean × 5,000 estimates the total.
    log('baseline: whole-message re-render per delta (sampled)');
    const baselinePlain = await page.evaluate(([d, step]) => window.tutor.benchWholeMessage(d, step, 'plain-libraries'), [deltas, BASELINE_STEP] as const);
    const baselineOurs = await page.evaluate(([d, step]) => window.tutor.benchWholeMessage(d, step, 'our-pipeline'), [deltas, BASELINE_STEP] as const);
    const baselineTotal = (sum(baselinePlain) / baselinePlain.length) * FULL;
    const baselineOursTotal = (sum(baselineOurs) / baselineOurs.length) * FULL;
    const ours = linearity[FULL]!;
    const oursTotal = ours.render_total_ms + ours.append_total_ms;
    const pacedPerDelta = (paced.render_total_ms + paced.append_total_ms) / PACED;

    const result = {
      chromium: await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'unknown'),
      machine: { cpus: cpus().length, load_average_1m: round(loadavg()[0]!) },
      deltas: FULL,
      characters: text.length,
      formulas: formulas.katex,
      display_formulas: formulas.display,
      katex_errors: formulas.errors,
      per_delta_1250_total_ms: linearity[1_250]!.render_total_ms,
      per_delta_2500_total_ms: linearity[2_500]!.render_total_ms,
      per_delta_5000_total_ms: linearity[5_000]!.render_total_ms,
      per_delta_5000_append_ms: linearity[5_000]!.append_total_ms,
      per_delta_5000_p50_ms: ours.render_p50_ms,
      per_delta_5000_p95_ms: ours.render_p95_ms,
      per_delta_5000_max_ms: ours.render_max_ms,
      linearity_2500_over_1250: round(linearity[2_500]!.render_total_ms / linearity[1_250]!.render_total_ms),
      linearity_5000_over_2500: round(linearity[5_000]!.render_total_ms / linearity[2_500]!.render_total_ms),
      fast: fast,
      paced_60_per_s: { deltas: PACED, ...paced },
      paced_60_per_s_long_tasks: paced.long_tasks,
      paced_60_per_s_long_tasks_from_render: paced.long_tasks_from_render,
      paced_extrapolated_5000_ms: round(pacedPerDelta * FULL),
      baseline_step: BASELINE_STEP,
      baseline_samples: baselinePlain.length,
      baseline_sample_p50_ms: round(pct(baselinePlain, 50)),
      baseline_sample_max_ms: round(Math.max(...baselinePlain)),
      baseline_whole_message_5000_est_ms: round(baselineTotal, 0),
      baseline_whole_message_cached_katex_5000_est_ms: round(baselineOursTotal, 0),
      ratio_vs_baseline: round(baselineTotal / oursTotal, 1),
      ratio_vs_baseline_cached_katex: round(baselineOursTotal / oursTotal, 1),
      notes: [
        'per_delta_*: a render after every delta, all in one task (as many renders as one delta per frame; no layout in between, so each render is cheaper than at 60/s).',
        `paced_60_per_s: ${PACED} deltas at 60/s (${PACED / 60} s), rAF rendering; extrapolated linearly to ${FULL}.`,
        `baseline_*: markdown-it + @vscode/markdown-it-katex + DOMPurify over the whole text, timed at every ${BASELINE_STEP}th delta of the ${FULL}-delta stream; total = mean × ${FULL}.`,
        'ratio_vs_baseline: baseline total / (per-delta render + append total) for 5,000 deltas.',
        'long_tasks_from_render: long tasks in which our render callbacks took > 50 ms themselves; the others are the browser (style, layout, GC) or a busy machine.',
      ],
    };
    log(`ours ${oursTotal.toFixed(0)} ms vs baseline ≈ ${baselineTotal.toFixed(0)} ms → ${result.ratio_vs_baseline}×; long tasks at 60/s: ${paced.long_tasks}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
