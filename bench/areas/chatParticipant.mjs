// @tutor in VS Code's Chat view vs Tutor's own view (bench/chatParticipant.bench.ts), issue #16
// §5: Enter → the first token on screen for the same scripted answer, in code-server + Chromium.
// The target is the Chat view's median at most 1.2× Tutor's view's, both measured side by side in
// one workbench (a ratio, steadier than either time on these shared machines). It installs the
// tutor.vsix of the checkout, which the packaging area has just built (a partial run,
// TUTOR_BENCH_ONLY=chat_participant, runs the one already there: run `npm run package` first).
import { runSuite } from '../lib/exec.mjs';
import { at, fmt, row } from '../lib/table.mjs';

export const name = 'chat_participant';

export function measure() {
  return runSuite(process.execPath, 'chatParticipant.bench.ts');
}

const ms = (n) => fmt(n, ' ms');
const spread = (s) => `median ${ms(s.median)}, p90 ${ms(s.p90)}, min ${ms(s.min)}, max ${ms(s.max)}`;
/** Where the time went: Enter → the model's request, the fake's first chunk, that chunk → screen. */
const split = (v) => `to the model ${ms(v.to_model.median)}, the model's first chunk ${ms(v.model_first_chunk.median)}, model → screen ${ms(v.model_to_screen.median)} (medians)`;

export function rows(r) {
  const area = 'chat participant';
  const chat = r.chat_view;
  const tutor = r.tutor_view;
  const echo = r.echo;
  const firstChat = r.warm_up.find((s) => s.view === 'chat');
  const firstTutor = r.warm_up.find((s) => s.view === 'tutor');
  return [
    row({
      area, figure: "Enter → first token on screen: @tutor in VS Code's Chat view vs Tutor's own view (medians)", value: chat.enter_to_screen.median / tutor.enter_to_screen.median, unit: '×', target: at('≤', 1.2, '×'),
      baseline: `Tutor's view ${ms(tutor.enter_to_screen.median)}`,
      note: `Chat view ${ms(chat.enter_to_screen.median)}; ${r.rounds} rounds each, alternating which goes first, after a warm-up round`,
    }),
    row({ area, figure: "Enter → first token on screen, Tutor's view", value: tutor.enter_to_screen.median, unit: ' ms', note: `${spread(tutor.enter_to_screen)}; ${split(tutor)}` }),
    row({ area, figure: 'Enter → first token on screen, Chat view (@tutor)', value: chat.enter_to_screen.median, unit: ' ms', note: `${spread(chat.enter_to_screen)}; ${split(chat)}` }),
    row({
      area, figure: "Enter → first token on screen, Chat view, @echo (answers at once: the Chat view's floor)", value: echo.enter_to_screen.median, unit: ' ms',
      note: `${spread(echo.enter_to_screen)}; Enter → its handler runs ${ms(echo.to_handler.median)}, handler → screen ${ms(echo.handler_to_screen.median)} (medians); the floor alone is ${fmt(echo.enter_to_screen.median / tutor.enter_to_screen.median, '×')} Tutor's view`,
    }),
    row({
      area, figure: 'the first @tutor question in the Chat view (warm-up): Enter → first token on screen', value: firstChat?.enter_to_screen_ms, unit: ' ms',
      note: `to the model ${ms(firstChat?.to_model_ms)}; the first question in Tutor's view ${ms(firstTutor?.enter_to_screen_ms)} (to the model ${ms(firstTutor?.to_model_ms)}); @echo, asked before both, ${ms(r.echo.warm_up[0]?.enter_to_screen_ms)}`,
    }),
  ];
}
