// Splits what the model calls an "equation" into its parts before any CAS sees it: a system into
// its equations, and each equation or inequality (`1 < x <= 3` included) into sides and operators.
// Doing it on the text keeps it independent of the CAS, whose parsers disagree on relations.

export type RelationOperator = '=' | '<' | '<=' | '>' | '>=' | '!=';

export interface RelationChain {
  /** The expressions between the operators: always one more than `operators`. */
  sides: string[];
  operators: RelationOperator[];
}

// Longest first, so `<=` is not read as `<` followed by `=`. LaTeX commands must end at a
// non-letter, or `\left(` would be read as `\le` + `ft(`.
const OPERATOR_PATTERNS: [RegExp, RelationOperator][] = [
  [/^(<=|≤|\\leqslant(?![A-Za-z])|\\leq(?![A-Za-z])|\\le(?![A-Za-z]))/, '<='],
  [/^(>=|≥|\\geqslant(?![A-Za-z])|\\geq(?![A-Za-z])|\\ge(?![A-Za-z]))/, '>='],
  [/^(!=|≠|\\neq(?![A-Za-z])|\\ne(?![A-Za-z]))/, '!='],
  [/^(==|=)/, '='],
  [/^(<|\\lt(?![A-Za-z]))/, '<'],
  [/^(>|\\gt(?![A-Za-z]))/, '>'],
];

const OPENERS = '([{';
const CLOSERS = ')]}';

/** Splits `text` at relation operators outside brackets. A plain expression gives one side. */
export function splitRelations(text: string): RelationChain {
  const sides: string[] = [];
  const operators: RelationOperator[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth--;
    else if (depth === 0) {
      const rest = text.slice(i);
      const match = OPERATOR_PATTERNS.find(([pattern]) => pattern.test(rest));
      if (match) {
        const length = match[0].exec(rest)![0].length;
        sides.push(text.slice(start, i).trim());
        operators.push(match[1]);
        i += length;
        start = i;
        continue;
      }
    }
    i++;
  }
  sides.push(text.slice(start).trim());
  return { sides, operators };
}

/**
 * Splits a system into its equations: at `;`, new lines and LaTeX `\\`, and at commas outside
 * brackets when every piece is itself a relation (so `log(8, 2)` and `1,000` stay whole).
 */
export function splitSystem(text: string): string[] {
  const cleaned = text.replace(/\\begin\{(cases|aligned|array)\}(\{[^}]*\})?|\\end\{(cases|aligned|array)\}|&/g, ' ');
  const parts = cleaned.split(/;|\n|\\\\/).map((part) => part.trim()).filter((part) => part !== '');
  return parts.flatMap((part) => {
    const pieces = splitTopLevelCommas(part);
    return pieces.length > 1 && pieces.every((piece) => splitRelations(piece).operators.length > 0) ? pieces : [part];
  });
}

function splitTopLevelCommas(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      pieces.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  pieces.push(text.slice(start).trim());
  return pieces;
}
