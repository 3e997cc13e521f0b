/** A place in a document, 0-based as VS Code counts; shown 1-based as its status bar does. */
export interface Place {
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** Replace the text between start and end; otherwise insert at start. */
  replace: boolean;
}

/** The places named at most, so a hundred cursors do not flood the approval card. */
const MAX_NAMED = 5;

/**
 * Where an insert_into_editor call will write, in words for the approval card and the model:
 * "Inserts at line 3, column 9 of notes.md." The positions are where the cursors were when the
 * call came in; the edit goes there and nowhere else.
 */
export function describeInsert(label: string, places: readonly Place[]): string {
  if (places.length === 1) {
    const [place] = places as [Place];
    return place.replace ? `Replaces ${span(place)} of ${label}.` : `Inserts at ${position(place.start)} of ${label}.`;
  }
  const named = places.slice(0, MAX_NAMED).map((p) => (p.replace ? `replaces ${span(p)}` : `inserts at ${position(p.start)}`));
  const more = places.length > MAX_NAMED ? `; and ${places.length - MAX_NAMED} more` : '';
  return `At ${places.length} places in ${label}: ${named.join('; ')}${more}.`;
}

/** The same places after the edit, for the model: "at line 3, column 9", "replacing …", "at 3 places". */
export function wherePlaced(places: readonly Place[]): string {
  if (places.length !== 1) return `at ${places.length} places`;
  const [place] = places as [Place];
  return place.replace ? `replacing ${span(place)}` : `at ${position(place.start)}`;
}

function position(p: { line: number; character: number }): string {
  return `line ${p.line + 1}, column ${p.character + 1}`;
}

function span(place: Place): string {
  return `${position(place.start)} to ${position(place.end)}`;
}
