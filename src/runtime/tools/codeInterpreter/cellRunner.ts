/**
 * Python source shared by both engines: runs one cell the way a notebook does and reports how it
 * ended as a JSON string. Exceptions are caught here, in Python, so the host only ever reads a
 * result (an interrupt or MemoryError never has to cross into JavaScript as an exception).
 *
 * `run_cell(code, ns, name, repr_limit)`:
 * - registers the source with linecache, so tracebacks show the offending lines;
 * - runs every statement, then evaluates a final expression and returns its repr (unless None or
 *   the cell ends with `;`), storing it in `_`;
 * - drops the runner's own frames from tracebacks;
 * - after a MemoryError, frees the cell's namespace only if memory is still exhausted (a probe
 *   allocation fails): otherwise the next call could not even print.
 */
export const CELL_RUNNER_PY = String.raw`
import ast as _ast
import gc as _gc
import json as _json
import linecache as _linecache
import sys as _sys
import time as _time
import traceback as _traceback

SANDBOX_FILE = "<sandbox>"


def _interruptible_sleep(original):
    # Pyodide's time.sleep blocks in one wait that the interrupt buffer cannot break; short
    # slices let a timeout or a cancel stop a sleeping cell like any other.
    def sleep(seconds):
        if seconds < 0:
            return original(seconds)
        end = _time.monotonic() + seconds
        while True:
            left = end - _time.monotonic()
            if left <= 0:
                return
            original(min(left, 0.05))

    sleep.__doc__ = original.__doc__
    return sleep


def _memory_exhausted():
    _gc.collect()
    try:
        bytearray(16 << 20)
        return False
    except MemoryError:
        return True


def _format(exc, name):
    # Frames before the cell's own (this runner, ast.parse) and frames of the sandbox's helpers
    # (the sliced sleep) are noise to the reader.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != name:
        tb = tb.tb_next
    if tb is None:
        return "".join(_traceback.format_exception_only(type(exc), exc))
    te = _traceback.TracebackException(type(exc), exc, tb)
    te.stack = _traceback.StackSummary.from_list([f for f in te.stack if f.filename != SANDBOX_FILE])
    return "".join(te.format())


def run_cell(code, ns, name, repr_limit):
    result = {"status": "ok", "value": None, "error": None, "freed": False}
    _linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    try:
        tree = _ast.parse(code, name, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], _ast.Expr) and not code.rstrip().endswith(";"):
            last = _ast.Expression(tree.body.pop().value)
        exec(compile(tree, name, "exec"), ns)
        if last is not None:
            value = eval(compile(last, name, "eval"), ns)
            if value is not None:
                ns["_"] = value
                text = repr(value)
                result["value"] = text if len(text) <= repr_limit else text[:repr_limit] + " ..."
    except SystemExit as exc:
        result["status"] = "exit"
        result["value"] = repr(exc.code)
    except BaseException as exc:
        if isinstance(exc, MemoryError):
            result["status"] = "memory"
        elif isinstance(exc, KeyboardInterrupt):
            result["status"] = "interrupt"
        else:
            result["status"] = "error"
        try:
            message = str(exc)
            trace = _format(exc, name)
        except BaseException:
            message, trace = "", type(exc).__name__
        result["error"] = {"type": type(exc).__name__, "message": message, "traceback": trace}
        # The traceback's frames may hold the memory (a function's locals); drop them first.
        exc.__traceback__ = None
        if result["status"] == "memory" and _memory_exhausted():
            ns.clear()
            ns["__name__"] = "__main__"
            _gc.collect()
            result["freed"] = True
    finally:
        for stream in (_sys.stdout, _sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
    return _json.dumps(result)
`;
