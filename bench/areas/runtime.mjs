// The Assistants runtime (bench/runtime.bench.ts), once per storage driver: sql.js on this Node,
// node:sqlite on Node 24 (code-server's, and current VS Code's), and PostgreSQL.
import { runOnEveryDriver } from '../lib/exec.mjs';
import { at, fmt, row } from '../lib/table.mjs';

export const name = 'runtime';

export function measure({ node24 }) {
  return runOnEveryDriver('runtime.bench.ts', node24);
}

export function rows(data) {
  return Object.entries(data).flatMap(([driver, r]) => {
    const on = `(${driver}, Node ${r.node.split('.')[0]})`;
    const area = `runtime ${driver}`;
    const storage = driver === 'sql.js'
      ? row({
        area, figure: `storage flush, 10k-message database ${on}`, value: r.flush_10k_p50_ms / r.atomic_write_p50_ms, unit: '×', target: at('≤', 2, '×'),
        baseline: `p50 ${fmt(r.flush_10k_p50_ms, ' ms')} vs ${fmt(r.atomic_write_p50_ms, ' ms')} for an atomic write (temp, fsync, rename) of the same ${fmt(r.db_mb, ' MB')} already in memory`,
        note: `the difference is export(); message write p50 ${fmt(r.write_p50_ms, ' ms')}, on disk with the next flush`,
      })
      : driver === 'postgres'
      ? row({
        area, figure: `storage: durable message write (commit) ${on}`, value: r.write_p50_ms / r.atomic_write_p50_ms, unit: '×', target: at('≤', 0.1, '×'),
        baseline: `p50 ${fmt(r.write_p50_ms, ' ms')} vs ${fmt(r.atomic_write_p50_ms, ' ms')} for an atomic snapshot write of a 10k-message database`,
        note: 'each statement commits to PostgreSQL\'s WAL before the request is answered; flush() has nothing to do',
      })
      : row({
        area, figure: `storage: durable message write (WAL) ${on}`, value: r.write_p50_ms / r.atomic_write_p50_ms, unit: '×', target: at('≤', 0.1, '×'),
        baseline: `p50 ${fmt(r.write_p50_ms, ' ms')} vs ${fmt(r.atomic_write_p50_ms, ' ms')} for an atomic snapshot write of the ${fmt(r.db_mb, ' MB')} database`,
        note: `flush() is a no-op here (${fmt(r.flush_10k_p50_ms, ' ms')}): each statement commits to the WAL`,
      });
    return [
      row({
        area, figure: `SDK call vs raw runtime.fetch ${on}`, value: r.sdk_call_us / r.raw_fetch_us, unit: '×', target: at('≤', 2, '×'),
        baseline: `assistants.retrieve ${fmt(r.sdk_call_us, ' µs')} vs ${fmt(r.raw_fetch_us, ' µs')}`,
        note: `the SDK alone (a fetch that answers at once) ${fmt(r.sdk_alone_us, ' µs')}`,
      }),
      row({
        area, figure: `SDK call minus the SDK's own cost vs raw runtime.fetch ${on}`, value: (r.sdk_call_us - r.sdk_alone_us) / r.raw_fetch_us, unit: '×', target: at('≤', 1.2, '×'),
        baseline: `${fmt(r.sdk_call_us - r.sdk_alone_us, ' µs')} vs ${fmt(r.raw_fetch_us, ' µs')}`,
        note: 'what the in-process bridge adds on top of the handler: ~1× means nothing',
      }),
      row({
        area, figure: `model delta → SDK textDelta latency, p50, vs the model's delta interval ${on}`, value: r.delta_latency_p50_ms / r.stream_interval_p50_ms, unit: '×', target: at('<', 1, '×'),
        baseline: `${fmt(r.delta_latency_p50_ms, ' ms')} (p95 ${fmt(r.delta_latency_p95_ms, ' ms')}) vs a delta every ${fmt(r.stream_interval_p50_ms, ' ms')}`,
        note: 'below 1×: each delta reaches the SDK before the model sends the next, no backlog',
      }),
      row({
        area, figure: `streamed run, events/s vs the SDK alone parsing the same events ${on}`, value: r.stream_vs_sdk_alone ?? r.events_per_s / r.sdk_alone_events_per_s, unit: '×', target: at('≥', 0.5, '×'),
        baseline: `${fmt(r.events_per_s, ' events/s')} (${r.stream_events} events, ${fmt(r.stream_ms, ' ms')}) vs ${fmt(r.sdk_alone_events_per_s, ' events/s')}`,
        note: '≥ 0.5×: model and runtime together cost no more per event than the SDK parsing it',
      }),
      row({
        area, figure: `engine cost per streamed event vs the SDK's cost to parse one ${on}`, value: r.engine_us_per_event / r.sdk_parse_us_per_event, unit: '×', target: at('≤', 1, '×'),
        baseline: `${fmt(r.engine_us_per_event, ' µs')} vs ${fmt(r.sdk_parse_us_per_event, ' µs')}`,
        note: 'a raw streamed run minus the model alone, per event, the run\'s own start and end included; ≤ 1×: the engine adds less per event than the SDK spends reading it',
      }),
      row({
        area, figure: `streamed response vs streamed run, same 1,000-delta answer ${on}`, value: r.response_vs_run_stream, unit: '×', target: at('≤', 1.1, '×'),
        baseline: `responses.stream ${fmt(r.stream_response_ms, ' ms')} vs runs.stream ${fmt(r.stream_run_ms, ' ms')}`,
        note: `the Responses API on the same store and provider as Assistants; medians of seven interleaved pairs. Split: runtime (raw handler) ${fmt(r.response_vs_run_raw, '×')}, the SDK parsing the same bodies from a buffer ${fmt(r.response_vs_run_sdk_parse, '×')}`,
      }),
      row({
        area, figure: `streamed response vs streamed run, the runtime's part (raw handler) ${on}`, value: r.response_vs_run_raw, unit: '×', target: at('≤', 1.1, '×'),
        baseline: `${fmt(r.stream_response_raw_ms, ' ms')} vs ${fmt(r.stream_run_raw_ms, ' ms')}; the SDK alone parses them in ${fmt(r.sdk_parse_response_ms, ' ms')} (ResponseStream) vs ${fmt(r.sdk_parse_run_ms, ' ms')} (AssistantStream)`,
        note: 'what the runtime controls: the same answer served as a Responses stream and as a run stream, bodies read whole',
      }),
      row({
        area, figure: `one page of a 10k-message thread vs the same page of a 40-message one ${on}`, value: r.page_10k_raw_p50_ms / r.page_small_raw_p50_ms, unit: '×', target: at('≤', 1.5, '×'),
        baseline: `p50 ${fmt(r.page_10k_raw_p50_ms, ' ms')} vs ${fmt(r.page_small_raw_p50_ms, ' ms')}`,
        note: `through the SDK ${fmt(r.page_10k_sdk_p50_ms, ' ms')}; 10k inserts ${fmt(r.insert_10k_messages_ms / 1000, ' s')}`,
      }),
      storage,
    ];
  });
}
