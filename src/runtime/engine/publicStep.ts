import type { RunStep } from '../domain/objects';
import { stepShapeOfCall } from '../tools/stepShapes';

export { INCLUDE_SEARCH_CONTENT } from '../tools/stepShapes';

/**
 * A step as the API shows it: internal fields (the model's view of the call and its output)
 * removed, and each built-in call as its tool shows it for the run's `include[]`.
 */
export function publicStep(step: RunStep, include: readonly string[] = []): RunStep {
  if (step.step_details.type !== 'tool_calls') return step;
  return {
    ...step,
    step_details: {
      ...step.step_details,
      tool_calls: step.step_details.tool_calls.map(({ ...c }) => {
        delete (c as { model_output?: unknown }).model_output;
        delete (c as { model_call?: unknown }).model_call;
        return stepShapeOfCall(c)?.shown(c, include) ?? c;
      }),
    },
  };
}
