import { CELL_RUNNER_PY } from './cellRunner';

/**
 * The Python side of LocalPythonEngine, passed to `python -c`. It speaks JSON lines: one request
 * per line on stdin (`{id, code, name, repr_limit, output_limit}`), one reply per line on a
 * private copy of the original stdout. File descriptor 1 is then pointed at stderr, so a child
 * process or C code writing to fd 1 cannot corrupt the protocol (the host adds what arrives on
 * stderr during a cell to its output).
 *
 * Print output is caught at the Python level (sys.stdout/sys.stderr) up to the output limit. The
 * memory limit is RLIMIT_AS where the OS has it (Linux; macOS ignores it, Windows lacks it).
 */
export const LOCAL_DRIVER_PY = `${CELL_RUNNER_PY}

import io as _io
import os as _os

_proto = _os.fdopen(_os.dup(1), "w", encoding="utf-8", buffering=1)
_os.dup2(2, 1)


class _Capture(_io.TextIOBase):
    def __init__(self, limit):
        self.parts, self.kept, self.omitted, self.limit = [], 0, 0, limit

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        text = str(text)
        room = self.limit - self.kept
        if len(text) <= room:
            self.parts.append(text)
            self.kept += len(text)
        else:
            self.parts.append(text[:max(room, 0)])
            self.kept = self.limit
            self.omitted += len(text[max(room, 0):].encode("utf-8", "replace"))
        return len(text)


def _limit_memory(megabytes):
    try:
        import resource
        cap = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except Exception:
        pass


def _serve():
    data_dir = _os.environ["TUTOR_DATA_DIR"]
    _limit_memory(int(_os.environ.get("TUTOR_MEMORY_MB", "0")) or 2048)
    ns = {"__name__": "__main__", "DATA_DIR": data_dir}
    out, err = _sys.stdout, _sys.stderr
    _proto.write(_json.dumps({"ready": True, "version": _sys.version.split()[0]}) + "\\n")
    while True:
        try:
            line = _sys.stdin.readline()
            if not line:
                return
            request = _json.loads(line)
            capture = _Capture(request["output_limit"])
            _sys.stdout = _sys.stderr = capture
            try:
                _os.chdir(data_dir)
                reply = _json.loads(run_cell(request["code"], ns, request["name"], request["repr_limit"]))
            finally:
                _sys.stdout, _sys.stderr = out, err
            reply.update(id=request["id"], output="".join(capture.parts), omitted=capture.omitted)
            _proto.write(_json.dumps(reply) + "\\n")
        except KeyboardInterrupt:
            # An interrupt that arrives between cells: nothing to stop.
            continue


_serve()
`;
