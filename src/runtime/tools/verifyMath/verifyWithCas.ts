// verify_math's two checks, written against CasAdapter: symbolic (simplify left − right) and
// numeric (seeded random points); decideVerdict.ts turns their findings into the verdict. They
// cover each other's gaps: simplification proves identities exactly but gives up on many;
// sampling rarely gives up but only samples. Nothing here throws to the caller.
import type { CasAdapter } from './casAdapter';
import { at, decide, describeAgreedValue, relationNote, undefinedSide, undefinedValue, type SymbolicDecision } from './decideVerdict';
import { describeSides, describeValue, sampleRelations, type NumericRelation } from './numericCheck';
import { splitRelations, splitSystem, type RelationOperator } from './relations';
import type { EquivalentRequest, SolvesRequest, VerifyMathRequest, VerifyResult } from './verifyMathTypes';

const NOTATION_HINT = 'Write plain math such as 2(x+1)^2 - sqrt(x)/3 or LaTeX such as 2\\left(x+1\\right)^{2} - \\frac{\\sqrt{x}}{3}.';

export function verifyWithCas<E>(cas: CasAdapter<E>, request: VerifyMathRequest): VerifyResult {
  try {
    return cas.isolated(() => (request.kind === 'equivalent' ? checkEquivalent(cas, request) : checkSolves(cas, request)));
  } catch (error) {
    if (error instanceof UnreadableInput) return unknown(error.message);
    return unknown(`The check failed unexpectedly (${error instanceof Error ? error.message : String(error)}). Try writing the input more simply.`);
  }
}

/** Input the model must fix; the message is the reason it sees. */
class UnreadableInput extends Error {}

function checkEquivalent<E>(cas: CasAdapter<E>, request: EquivalentRequest): VerifyResult {
  const declared = request.variables ?? [];
  for (const [side, text] of [['left', request.left], ['right', request.right]] as const) {
    const { operators } = splitRelations(text);
    if (operators.length > 0) {
      throw new UnreadableInput(`The ${side} side '${text}' contains '${operators[0]}'. kind 'equivalent' compares two expressions; to check a value against an equation use kind 'solves'.`);
    }
  }
  const left = parseSide(cas, request.left, 'left side', declared);
  const right = parseSide(cas, request.right, 'right side', declared);
  const variables = union(cas.variables(left), cas.variables(right), declared);

  const difference = tryExactDifference(cas, left, right);
  const symbolic: SymbolicDecision | undefined = difference === undefined || Number.isNaN(difference) ? undefined
    : difference === 0 ? { holds: true, detail: 'left − right simplifies to 0' }
    : { holds: false, detail: `left − right simplifies to the constant ${describeValue(difference)}` };
  const relation: NumericRelation = { left: cas.numeric(left), right: cas.numeric(right), operator: '=', index: 0 };
  const sampling = sampleRelations([relation], variables);

  return decide(symbolic, sampling, {
    verdicts: { holds: 'equivalent', fails: 'not_equivalent' },
    headline: (holds) => (holds ? 'Equivalent' : 'Not equivalent'),
    sampled: variables.length > 0,
    agreement: ({ checkedPoints, example }) => variables.length > 0
      ? `both sides agree at ${checkedPoints} random points`
      : `both sides equal ${describeAgreedValue(example!)}`,
    failure: (seen) => `${at(seen.point)}${describeSides(seen.left, seen.right)}`,
    noComparison: (seen) => variables.length === 0 && seen
      ? `the ${undefinedSide(seen)} side is ${describeValue(undefinedValue(seen))}`
      : 'no random point gave real values on both sides',
  });
}

function checkSolves<E>(cas: CasAdapter<E>, request: SolvesRequest): VerifyResult {
  const declared = [...Object.keys(request.values ?? {}), ...(request.variable ? [request.variable] : [])];
  const equations = splitSystem(request.equation);
  if (equations.length === 0) throw new UnreadableInput(`The equation is empty. ${NOTATION_HINT}`);
  const system = equations.length > 1;
  const chains = equations.map((text, index) => {
    const chain = splitRelations(text);
    const what = system ? `equation ${index + 1}` : 'equation';
    // A bare expression means "expression = 0", as in "is 3 a root of x² − 9?".
    const sides = chain.operators.length === 0 ? [...chain.sides, '0'] : chain.sides;
    const operators: RelationOperator[] = chain.operators.length === 0 ? ['='] : chain.operators;
    return { text: chain.operators.length === 0 ? `${text} = 0` : text, operators, sides: sides.map((side) => parseSide(cas, side, what, declared)) };
  });
  const equationVariables = union(...chains.flatMap((chain) => chain.sides.map((side) => cas.variables(side))));
  const assignments = readAssignments(cas, request, equationVariables, declared);

  // Each operator of a chain (1 < x <= 3 has two) relates its neighbouring sides.
  const relations = chains.flatMap((chain) => chain.operators.map((operator, k) => ({
    text: chain.text,
    operator,
    left: cas.substitute(chain.sides[k]!, assignments.values),
    right: cas.substitute(chain.sides[k + 1]!, assignments.values),
  })));
  const remaining = union(...relations.flatMap((relation) => [cas.variables(relation.left), cas.variables(relation.right)]));
  const where = (index: number) => (system ? `in ${relations[index]!.text}, ` : '');

  const symbolic = decideSymbolically(cas, relations, remaining, system);
  const sampling = sampleRelations(relations.map((relation, index) => ({
    left: cas.numeric(relation.left), right: cas.numeric(relation.right), operator: relation.operator, index,
  })), remaining);

  const target = system ? 'the system' : 'it';
  // With every variable assigned, a side that is undefined there settles it: the value lies
  // outside the equation's domain (x = 1 in (x² − 1)/(x − 1) = 2), a classic trap.
  if (remaining.length === 0 && sampling.firstUndefined) {
    const seen = sampling.firstUndefined;
    return {
      verdict: 'does_not_solve',
      method: symbolic?.undefinedThere ? 'both' : 'numeric',
      detail: `${assignments.description} does not solve ${target}: ${where(seen.relation.index)}the ${undefinedSide(seen)} side is ${describeValue(undefinedValue(seen))} there, so the value is outside the equation's domain.`,
      checkedPoints: 0,
    };
  }
  const forEvery = remaining.length > 0 ? ` for every value of ${remaining.join(', ')} tried` : '';
  return decide(symbolic, sampling, {
    verdicts: { holds: 'solves', fails: 'does_not_solve' },
    headline: (holds) => `${assignments.description} ${holds ? `solves ${target}${forEvery}` : `does not solve ${target}`}`,
    sampled: remaining.length > 0,
    agreement: ({ checkedPoints, example }) => remaining.length > 0
      ? `the sides agree at ${checkedPoints} random points`
      : system ? 'every relation holds numerically'
      : example!.relation.operator === '=' ? `both sides equal ${describeAgreedValue(example!)}`
      : describeSides(example!.left, example!.right),
    failure: (seen, afterSymbolic) => `${afterSymbolic ? '' : where(seen.relation.index)}${at(seen.point)}${describeSides(seen.left, seen.right)}${afterSymbolic ? '' : relationNote(seen.relation.operator)}`,
    noComparison: () => 'no random point gave real values on both sides',
  });
}

interface SubstitutedRelation<E> {
  text: string;
  operator: RelationOperator;
  left: E;
  right: E;
}

/** Exact verdict when every relation's difference reduces to a constant (or one fails exactly). */
function decideSymbolically<E>(cas: CasAdapter<E>, relations: SubstitutedRelation<E>[], remaining: string[], system: boolean): SymbolicDecision | undefined {
  let undecided = false;
  let lastDifference: number | undefined;
  for (const relation of relations) {
    const difference = tryExactDifference(cas, relation.left, relation.right);
    lastDifference = difference;
    if (difference === undefined || (Number.isNaN(difference) && remaining.length > 0)) {
      undecided = true;
      continue;
    }
    const where = system ? `in ${relation.text}, ` : '';
    if (Number.isNaN(difference)) return { holds: false, detail: `${where}a side is undefined there`, undefinedThere: true };
    if (!exactlyHolds(difference, relation.operator)) {
      return { holds: false, detail: `${where}left − right is exactly ${describeValue(difference)}${relationNote(relation.operator)}` };
    }
  }
  if (undecided) return undefined;
  if (relations.length > 1) return { holds: true, detail: 'every relation holds exactly after simplification' };
  return { holds: true, detail: relations[0]!.operator === '=' ? 'left − right simplifies to 0' : `left − right is exactly ${describeValue(lastDifference!)}` };
}

function exactlyHolds(difference: number, operator: RelationOperator): boolean {
  switch (operator) {
    case '=': return difference === 0;
    case '!=': return difference !== 0;
    case '<': return difference < 0;
    case '<=': return difference <= 0;
    case '>': return difference > 0;
    case '>=': return difference >= 0;
  }
}

interface Assignments<E> {
  values: Map<string, E>;
  /** `x = 1` or `x = 6, y = 4`, as the model wrote the values. */
  description: string;
}

function readAssignments<E>(cas: CasAdapter<E>, request: SolvesRequest, equationVariables: string[], declared: string[]): Assignments<E> {
  let texts: [string, string][];
  if (request.values && Object.keys(request.values).length > 0) {
    texts = Object.entries(request.values).map(([name, text]) => [name, stripAssignedName(text).text]);
  } else if (request.value !== undefined) {
    const value = stripAssignedName(request.value);
    const name = request.variable ?? value.name ?? (equationVariables.length === 1 ? equationVariables[0] : undefined);
    if (!name) {
      throw new UnreadableInput(equationVariables.length === 0
        ? 'The equation has no variable to put the value into.'
        : `The equation has the variables ${equationVariables.join(', ')}: say which one the value is for ('variable'), or give 'values' for several.`);
    }
    texts = [[name, value.text]];
  } else {
    throw new UnreadableInput("Give the value to check: 'value' (with 'variable' when the equation has several variables), or 'values' such as {\"x\": \"6\", \"y\": \"4\"}.");
  }
  const values = new Map<string, E>();
  for (const [name, text] of texts) {
    if (!equationVariables.includes(name)) {
      throw new UnreadableInput(`The equation has no variable '${name}'${equationVariables.length > 0 ? ` (its variables: ${equationVariables.join(', ')})` : ''}.`);
    }
    values.set(name, parseSide(cas, text, `value of ${name}`, declared));
  }
  return { values, description: texts.map(([name, text]) => `${name} = ${text}`).join(', ') };
}

/** Models often send the value as `x = 1`: keep the `1`, and the name when none was given. */
function stripAssignedName(text: string): { text: string; name?: string } {
  const { sides, operators } = splitRelations(text);
  if (operators.length === 1 && operators[0] === '=' && /^[A-Za-z]\w*$/.test(sides[0]!)) return { text: sides[1]!, name: sides[0]! };
  return { text: text.trim() };
}

function parseSide<E>(cas: CasAdapter<E>, text: string, what: string, declared: string[]): E {
  if (text.trim() === '') throw new UnreadableInput(`The ${what} is empty. ${NOTATION_HINT}`);
  try {
    return cas.parse(text, declared);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnreadableInput(`Could not read the ${what} '${text}': ${reason}. ${NOTATION_HINT}`);
  }
}

function tryExactDifference<E>(cas: CasAdapter<E>, a: E, b: E): number | undefined {
  try {
    return cas.exactDifference(a, b);
  } catch {
    // A simplifier that gives up by throwing leaves the decision to the numeric check.
    return undefined;
  }
}

function union(...lists: (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}

// 'both' for an undecided verdict: neither check settled it (or the input never reached them).
function unknown(detail: string): VerifyResult {
  return { verdict: 'unknown', method: 'both', detail, checkedPoints: 0 };
}
