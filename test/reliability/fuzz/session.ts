/**
 * One fuzzing session against one standalone server: the pool of known objects, the counts, the
 * valid objects it starts from, and the property that sends batches of generated requests at
 * once and fails on the first bad answer (fast-check then shrinks the batch).
 */
import fc from 'fast-check';
import type { Standalone } from './standalone';
import { exchange, Stats } from './oracle';
import { Pool } from './pool';
import { type HttpRequest, type RequestPlan, resolve } from './requests';

/** Requests sent at once per property run: concurrency finds races a single client never does. */
const MAX_BATCH = 5;
/** Batches sent while shrinking one failure, at most. */
const MAX_SHRINK_TRIES = 300;

export class FuzzSession {
  readonly pool = new Pool();
  readonly stats = new Stats();

  constructor(
    readonly server: Standalone,
    private readonly token: string,
    /** Called after every batch (the suite clears the fake model's request log there). */
    private readonly afterBatch: () => void = () => {},
  ) {}

  private exitText = (): string | undefined => (this.server.exit ? `exit code ${this.server.exit.code}, signal ${this.server.exit.signal}\n${this.server.output().slice(-3000)}` : undefined);

  /** A well-formed request outside any property, e.g. to build the starting state; throws on a bad answer. */
  async call(method: string, path: string, endpoint: string, body?: unknown, contentType = 'application/json'): Promise<void> {
    const request: HttpRequest = {
      method,
      url: `${this.server.url}${path}`,
      headers: { authorization: `Bearer ${this.token}`, 'openai-beta': 'assistants=v2', 'content-type': contentType },
      ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
      tags: ['starting state'],
    };
    const problems = await exchange(request, endpoint, this.pool, this.stats, this.exitText);
    if (problems.length) throw new Error(`${method} ${path}: ${problems.join('\n')}`);
  }

  /** Sends plans concurrently; returns each request's problems, labelled with the request. */
  async sendBatch(plans: RequestPlan[]): Promise<string[]> {
    const before = this.server.problems().length;
    const requests = plans.map((p) => ({ plan: p, request: resolve(p, this.pool, this.server.url, this.token) }));
    const answers = await Promise.all(requests.map(({ plan, request }) => exchange(request, plan.endpoint.name, this.pool, this.stats, this.exitText)));
    this.afterBatch();
    const problems = answers.flatMap((found, i) => (found.length ? [`${oneLine(requests[i]!.request)}\n    ${found.join('\n    ')}`] : []));
    // Logged internal errors count against the batch that was in flight (background work may lag a little).
    const logged = this.server.problems().slice(before);
    if (logged.length) problems.push(`the server logged:\n    ${logged.join('\n    ')}`);
    return problems;
  }

  /**
   * Runs `numRuns` batches of plans from `arb` with this seed. Resolves to undefined when every
   * answer was right, else to a report with the shrunk counterexample and how to replay it.
   */
  async fuzz(arb: fc.Arbitrary<RequestPlan>, numRuns: number, seed: number): Promise<string | undefined> {
    let died = false;
    let shrinkTries: number | undefined;
    const property = fc.asyncProperty(fc.array(arb, { minLength: 1, maxLength: MAX_BATCH }), async (plans) => {
      // A dead server fails everything, and shrinking against a live server costs real requests:
      // past either point every try passes, so fast-check keeps the smallest failure found so far.
      if (died || (shrinkTries !== undefined && ++shrinkTries > MAX_SHRINK_TRIES)) return;
      const problems = await this.sendBatch(plans);
      if (this.server.exit) died = true;
      if (problems.length) {
        shrinkTries ??= 0;
        throw new Error(problems.join('\n'));
      }
    });
    const details = await fc.check(property, { numRuns, seed });
    if (!details.failed) return undefined;
    const shown = (details.counterexample?.[0] ?? []).map((p) => `  ${describePlan(p)}`).join('\n');
    return [
      `failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s); fast-check seed ${seed} (FUZZ_SEED plus the group's index), path "${details.counterexamplePath}"`,
      `what went wrong (shrunk batch, as last sent):\n${(details.errorInstance as Error | undefined)?.message ?? String(details.errorInstance)}`,
      `the shrunk batch of plans:\n${shown}`,
    ].join('\n');
  }
}

/** A request in one line, long parts cut. */
function oneLine(r: HttpRequest): string {
  const body = r.body === undefined ? '' : typeof r.body === 'string' ? ` ${cut(r.body, 300)}` : ` <${r.body.length} bytes>`;
  return `${r.method} ${cut(r.url, 200)} [${r.tags.join(', ')}]${body}`;
}

function describePlan(plan: RequestPlan): string {
  return cut(JSON.stringify({ ...plan, endpoint: plan.endpoint.name }, (_k, v: unknown) => {
    if (typeof v === 'string') return cut(v, 120);
    if (v instanceof Uint8Array) return `<${v.length} bytes>`;
    return v;
  }), 1_500);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
}
