/** A place in a document, 0-based as VS Code counts; shown 1-based as its status bar does. */
export interface Place {
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** Replace the text between start and end; otherwise insert at start. */
  replace: boolean;
}

/**
 * Translates a message with `{0}`-style placeholders: `vscode.l10n.t` in the extension host. This
 * module stays free of `vscode` (it is unit-tested on plain Node), so the host passes it in.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** The English messages themselves, placeholders filled: what the model reads, and the default. */
export const inEnglish: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

/** The places named at most, so a hundred cursors do not flood the approval card. */
const MAX_NAMED = 5;

/**
 * Where an insert_into_editor call will write, in words for the approval card (in the user's
 * language when `t` is `vscode.l10n.t`): "Inserts at line 3, column 9 of notes.md." The positions
 * are where the cursors were when the call came in; the edit goes there and nowhere else.
 */
export function describeInsert(label: string, places: readonly Place[], t: Translate = inEnglish): string {
  if (places.length === 1) {
    const [place] = places as [Place];
    return place.replace ? t('Replaces {0} of {1}.', span(place, t), label) : t('Inserts at {0} of {1}.', position(place.start, t), label);
  }
  const named = places.slice(0, MAX_NAMED).map((p) => (p.replace ? t('replaces {0}', span(p, t)) : t('inserts at {0}', position(p.start, t))));
  const list = named.join(t('; '));
  const all = places.length > MAX_NAMED ? t('{0}; and {1} more', list, places.length - MAX_NAMED) : list;
  return t('At {0} places in {1}: {2}.', places.length, label, all);
}

/** The same places after the edit, for the model (so in English): "at line 3, column 9", "replacing …", "at 3 places". */
export function wherePlaced(places: readonly Place[]): string {
  if (places.length !== 1) return `at ${places.length} places`;
  const [place] = places as [Place];
  return place.replace ? `replacing ${span(place, inEnglish)}` : `at ${position(place.start, inEnglish)}`;
}

function position(p: { line: number; character: number }, t: Translate): string {
  return t('line {0}, column {1}', p.line + 1, p.character + 1);
}

function span(place: Place, t: Translate): string {
  return t('{0} to {1}', position(place.start, t), position(place.end, t));
}
