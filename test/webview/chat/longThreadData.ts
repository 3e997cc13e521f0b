// A long conversation for the webview's component tests: questions and math-heavy answers,
// each different, and a phrase only the first question holds.
import type { TranscriptMessage } from '../../../src/common/protocol';
import { sampleAnswer } from '../render/sampleAnswer';

export const TOTAL = 1_000;
export const FIRST_PAGE = 40;
export const PHRASE = "the aardvark's lemma";

/** Questions and math-heavy answers, each different; only the first question holds PHRASE. */
export function thread(): TranscriptMessage[] {
  return Array.from({ length: TOTAL }, (_, i) => {
    const n = Math.floor(i / 2) + 1;
    const text = i % 2 === 0 ? `Question ${n}: how do I solve $x^2 - ${n + 4}x + ${n * 3} = 0$${i === 0 ? `, using ${PHRASE}` : ''}?` : `Answer ${n}.\n\n${sampleAnswer}`;
    return { id: `msg_${String(i).padStart(4, '0')}`, role: i % 2 === 0 ? 'user' : 'assistant', text, status: 'complete', createdAt: 1_700_000_000_000 + i * 1000 };
  });
}

