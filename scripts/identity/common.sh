# Shared by the identity server scripts: free ports, waiting, running as nobody.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for URL SECONDS: until the URL answers 200.
wait_for() {
  local url=$1 seconds=${2:-30}
  for _ in $(seq $((seconds * 10))); do
    if python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# unprivileged CMD...: runs CMD as nobody when this is root (services never run as root).
unprivileged() {
  if [ "$(id -u)" = "0" ]; then
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
  else
    exec "$@"
  fi
}

# stop_pid FILE: ends the process in FILE (TERM, then KILL).
stop_pid() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  # PHP's built-in server forks workers (PHP_CLI_SERVER_WORKERS) that outlive
  # their parent: end the children first.
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
