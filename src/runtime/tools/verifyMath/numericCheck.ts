// The numeric half of verify_math: compare both sides of each relation at seeded random points.
// A CAS that cannot simplify an identity still evaluates it, and one concrete counterexample is
// the most useful thing a tutor can show. Seeded, so the same question always gets the same answer.
import type { NumericValue, Point } from './casAdapter';
import type { RelationOperator } from './relations';

export interface NumericRelation {
  left: (point: Point) => NumericValue;
  right: (point: Point) => NumericValue;
  operator: RelationOperator;
  /** Which relation of a system this is, for the detail text. */
  index: number;
}

export interface Observation {
  point: Point;
  relation: NumericRelation;
  left: NumericValue;
  right: NumericValue;
}

export interface SamplingOutcome {
  /** Points where every side was a real number and every relation was compared. */
  checkedPoints: number;
  /** The first point where a relation failed. */
  counterexample?: Observation;
  /** The first point where every relation held (the last relation's values), for the detail. */
  example?: Observation;
  /** The first point where one side was defined and the other was not: a domain difference. */
  domainMismatch?: Observation;
  /** The first point where a side was not a real number (with no variables, the only point). */
  firstUndefined?: Observation;
}

const TARGET_POINTS = 12;
const MAX_ATTEMPTS = 120;
const SEED = 0x7c3a9e1d;
// Relative tolerance for floating-point noise, with an absolute floor for values near zero
// (`1 - sqrt(2)` put into x² − 2x − 1 gives 4e-16, not 0). A rounded root such as 1.414 for √2
// is off by 1e-4 and must still fail.
const RELATIVE_TOLERANCE = 1e-9;
const ABSOLUTE_TOLERANCE = 1e-10;

export function sampleRelations(relations: readonly NumericRelation[], variables: readonly string[]): SamplingOutcome {
  const outcome: SamplingOutcome = { checkedPoints: 0 };
  const random = mulberry32(SEED);
  const attempts = variables.length === 0 ? 1 : MAX_ATTEMPTS;
  for (let attempt = 0; attempt < attempts && outcome.checkedPoints < TARGET_POINTS; attempt++) {
    const point = variables.length === 0 ? {} : samplePoint(variables, attempt, random);
    let comparable = true;
    let last: Observation | undefined;
    for (const relation of relations) {
      const observation: Observation = { point, relation, left: relation.left(point), right: relation.right(point) };
      last = observation;
      const leftReal = typeof observation.left === 'number';
      const rightReal = typeof observation.right === 'number';
      if (!leftReal || !rightReal) {
        outcome.firstUndefined ??= observation;
        if (leftReal !== rightReal) outcome.domainMismatch ??= observation;
        comparable = false;
        break;
      }
      if (!holds(observation.left as number, observation.right as number, relation.operator)) {
        outcome.counterexample = observation;
        outcome.checkedPoints++;
        return outcome;
      }
    }
    if (comparable) {
      outcome.checkedPoints++;
      outcome.example ??= last;
    }
  }
  return outcome;
}

function holds(left: number, right: number, operator: RelationOperator): boolean {
  const equal = Math.abs(left - right) <= RELATIVE_TOLERANCE * Math.max(Math.abs(left), Math.abs(right)) + ABSOLUTE_TOLERANCE;
  switch (operator) {
    case '=': return equal;
    case '!=': return !equal;
    case '<': return left < right && !equal;
    case '<=': return left < right || equal;
    case '>': return left > right && !equal;
    case '>=': return left > right || equal;
  }
}

// Even attempts put every variable in (0.1, 3) so ln, sqrt and friends get points where they
// are real even with several variables; odd attempts range over negatives too, or sqrt(x²) = x
// would pass. Two decimals keep counterexamples readable; integers are skipped because they
// are where removable holes (x = 1 in (x² − 1)/(x − 1)) and coincidences live.
function samplePoint(variables: readonly string[], attempt: number, random: () => number): Point {
  const point: Record<string, number> = {};
  for (const name of variables) {
    const [low, high] = attempt % 2 === 0 ? [0.1, 3] : attempt % 4 === 1 ? [-3, 3] : [-10, 10];
    let value: number;
    do value = Math.round((low + (high - low) * random()) * 100) / 100;
    while (Number.isInteger(value));
    point[name] = value;
  }
  return point;
}

// A small, well-mixed 32-bit generator: enough for picking test points, and seedable.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `x = 0.37, y = -1.2`, or '' with no variables. */
export function describePoint(point: Point): string {
  return Object.entries(point).map(([name, value]) => `${name} = ${value}`).join(', ');
}

/** `left = 1.2, right = 1.5`, with just enough digits to show that they differ. */
export function describeSides(left: NumericValue, right: NumericValue): string {
  let digits = 6;
  while (digits < 17 && typeof left === 'number' && typeof right === 'number' && left !== right
    && describeNumber(left, digits) === describeNumber(right, digits)) digits++;
  return `left = ${describeValue(left, digits)}, right = ${describeValue(right, digits)}`;
}

export function describeValue(value: NumericValue, digits = 6): string {
  switch (value) {
    case 'not real': return 'not a real number';
    case 'undefined': return 'undefined';
    case 'not finite': return 'infinite (or too large to evaluate)';
    default: return describeNumber(value, digits);
  }
}

function describeNumber(value: number, digits: number): string {
  return String(Number(value.toPrecision(digits)));
}
