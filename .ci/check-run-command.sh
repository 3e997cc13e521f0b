#!/usr/bin/env bash
# Runs the README's run command as a newcomer would, from a clean checkout: waits for the URL it
# prints, opens it in Chromium and checks that Tutor's view is there, stops it as Ctrl+C would,
# and checks that no process of it is left. Any step that fails fails CI.
#   usage: .ci/check-run-command.sh 'npm ci && npm start'
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=$1
log=$(mktemp)
limit_s=${TUTOR_START_LIMIT_S:-1200}

# Its own session and process group, as a terminal gives it; the output goes to the CI log too.
setsid bash -c "$cmd" > >(tee "$log") 2>&1 &
pid=$!

url=''
for ((waited = 0; waited < limit_s; waited++)); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/?folder=[^[:space:]]*' "$log" | head -1 || true)
  [ -n "$url" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: '$cmd' exited before printing a URL"
    exit 1
  fi
  sleep 1
done
if [ -z "$url" ]; then
  echo "FAIL: '$cmd' printed no URL within ${limit_s} s"
  kill -KILL -- "-$pid" 2>/dev/null || true
  exit 1
fi
echo "== the run command printed $url after ${waited} s"

status=0
node .ci/open-workbench.mjs "$url" || status=$?

echo "== stopping it as Ctrl+C does (SIGINT to its process group)"
kill -INT -- "-$pid" 2>/dev/null || true
for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: the run command was still running 30 s after Ctrl+C"
  kill -KILL -- "-$pid" 2>/dev/null || true
  status=1
fi
sleep 2
# Whatever it started: its own group, and code-server, which runs in a session of its own.
left=$( (ps -eo pid=,pgid=,args= | awk -v g="$pid" '$2 == g'; pgrep -af "$PWD/.vscode-test/" || true) | grep -v -e "pgrep" -e "awk -v" || true)
if [ -n "$left" ]; then
  echo "FAIL: processes left after stopping it:"
  echo "$left"
  pkill -KILL -f "$PWD/.vscode-test/" || true
  status=1
fi
port=$(echo "$url" | sed -E 's#http://127\.0\.0\.1:([0-9]+)/.*#\1#')
if node -e "require('node:net').connect($port, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"; then
  echo "FAIL: port $port still answers after stopping it"
  status=1
fi
[ "$status" -eq 0 ] && echo "== run command: OK (URL printed, Tutor shown, stopped, nothing left)"
exit "$status"
