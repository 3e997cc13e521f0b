// What the launcher exits with once the workbench reports the test run's end.

/**
 * The process exit code for what the workbench passed to codeAutomationExit: an integer 0–255
 * as it is; anything else (undefined, NaN, a string, a fraction) is a run that did not report a
 * result, so a failure — never a pass.
 */
export function exactExitCode(reported) {
  return Number.isInteger(reported) && reported >= 0 && reported <= 255 ? reported : 1;
}
