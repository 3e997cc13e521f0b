// verify_math's parameters as the model sees them (one flat object, which models fill more
// reliably than a union) and the validator that turns its JSON into a VerifyMathRequest. They sit
// together so the schema and the rules cannot drift apart.
import { z } from 'zod';
import type { VerifyMathRequest } from './verifyMathTypes';

/** Long enough for any exercise; short enough that simplification stays quick. */
const MAX_EXPRESSION_LENGTH = 2000;

/** For the model: when to call it and what comes back (the function tool, the LM tool and the MCP tool say the same). */
export const VERIFY_MATH_DESCRIPTION =
  "Checks math with a computer algebra system instead of by hand: whether two expressions are equivalent (an algebra step, a simplification), or whether a value solves an equation, inequality or system. Call it before telling the student that their step or answer is right or wrong, and to check your own results. Accepts plain notation (3x, 2(x+1), x^2, sqrt(x), ln(x), |x|, pi) and LaTeX (\\frac{a}{b}, \\sqrt{x}, x^{2}, \\cdot, \\sin^2 x). Returns a verdict (equivalent, not_equivalent, solves, does_not_solve or unknown), how it was decided, and a detail with a counterexample when there is one.";

export const VERIFY_MATH_PARAMETERS = {
  type: 'object',
  properties: {
    kind: {
      type: 'string',
      enum: ['equivalent', 'solves'],
      description: "'equivalent': are left and right equal for every value of their variables (checks an algebra step, a simplification, a factorisation)? 'solves': does value (or values) satisfy equation?",
    },
    left: { type: 'string', description: "For 'equivalent': the first expression, e.g. (x+1)^2 or \\frac{x^2-1}{x-1}." },
    right: { type: 'string', description: "For 'equivalent': the second expression, e.g. x^2+2x+1." },
    variables: {
      type: 'array',
      items: { type: 'string' },
      description: "Optional: multi-letter variable names to keep whole, e.g. [\"speed\"]. Without this, 'xy' is read as x times y, as in algebra.",
    },
    equation: {
      type: 'string',
      description: "For 'solves': an equation or inequality, e.g. 3x + 11 = 14 or x^2 \\le 9; for a system, separate the equations with ';'.",
    },
    variable: { type: 'string', description: "For 'solves': the variable that value is for. Optional when the equation has a single variable." },
    value: { type: 'string', description: "For 'solves': the claimed solution, exact where possible: 1, -11/3, 1 - sqrt(2), \\frac{\\pi}{6}." },
    values: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: "For 'solves' with several variables (a system): one value per variable, e.g. {\"x\": \"6\", \"y\": \"4\"}.",
    },
  },
  required: ['kind'],
  additionalProperties: false,
} as const;

// Models send numbers where strings are asked (value: 1); accept them as written.
const expression = z.union([z.string(), z.number()]).transform(String).pipe(z.string().max(MAX_EXPRESSION_LENGTH, `is longer than ${MAX_EXPRESSION_LENGTH} characters`));
const nonEmptyExpression = expression.pipe(z.string().trim().min(1, 'is empty'));

const equivalentSchema = z.object({
  kind: z.literal('equivalent'),
  left: nonEmptyExpression,
  right: nonEmptyExpression,
  variables: z.preprocess(splitNameList, z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be plain names such as x or speed'))).optional(),
});

const solvesSchema = z.object({
  kind: z.literal('solves'),
  equation: nonEmptyExpression,
  variable: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a plain name such as x').optional(),
  value: nonEmptyExpression.optional(),
  values: z.preprocess(parseAssignmentList, z.record(z.string(), nonEmptyExpression)).optional(),
}).refine((args) => args.value !== undefined || (args.values !== undefined && Object.keys(args.values).length > 0), {
  message: "give 'value' (the claimed solution) or 'values' (one per variable)",
});

const requestSchema = z.discriminatedUnion('kind', [equivalentSchema, solvesSchema]);

/**
 * The model's raw arguments → a verify_math request, or an error the model reads and can fix.
 * Never throws.
 */
export function parseVerifyMathArguments(json: string): VerifyMathRequest | string {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return `Error: verify_math's arguments are not valid JSON: ${JSON.stringify(json.slice(0, 200))}.`;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'Error: verify_math\'s arguments must be a JSON object such as {"kind": "equivalent", "left": "(x+1)^2", "right": "x^2+2x+1"}.';
  const args = { ...(raw as Record<string, unknown>) };
  // A missing kind is obvious from the other fields; asking again would waste a turn.
  args.kind ??= 'equation' in args ? 'solves' : 'left' in args || 'right' in args ? 'equivalent' : undefined;

  const parsed = requestSchema.safeParse(args);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.path.length === 1 && issue.path[0] === 'kind') return "'kind' must be 'equivalent' or 'solves'";
      const where = issue.path.length > 0 ? `'${issue.path.join('.')}' ` : '';
      if (issue.path.length > 0 && valueAt(args, issue.path) === undefined) return `${where}is missing`;
      // The expression fields take a string or a number; zod reports that as a failed union.
      return issue.code === 'invalid_union' ? `${where}must be a string` : `${where}${issue.message}`;
    });
    return `Error: verify_math's arguments are not usable: ${[...new Set(problems)].join('; ')}. For kind 'equivalent' give left and right; for kind 'solves' give equation and value (or values).`;
  }
  const request = parsed.data;
  if (request.kind === 'equivalent') {
    return { kind: 'equivalent', left: request.left, right: request.right, ...(request.variables ? { variables: request.variables } : {}) };
  }
  return {
    kind: 'solves',
    equation: request.equation,
    ...(request.variable !== undefined ? { variable: request.variable } : {}),
    ...(request.value !== undefined ? { value: request.value } : {}),
    ...(request.values !== undefined ? { values: request.values } : {}),
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}

/** `"x, y"` → ['x', 'y']: models sometimes send a list as one string. */
function splitNameList(value: unknown): unknown {
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
}

/** `"x = 6, y = 4"` → { x: '6', y: '4' }: models sometimes send the assignments as one string. */
function parseAssignmentList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const pairs = value.split(/[;,]/).map((part) => /^\s*([A-Za-z]\w*)\s*=\s*(.+?)\s*$/.exec(part));
  return pairs.every(Boolean) ? Object.fromEntries(pairs.map((match) => [match![1], match![2]])) : value;
}
