#!/usr/bin/env bash
# Local single-node search engine (OpenSearch, Elasticsearch-compatible REST API) for development
# and CI. Assembled from Maven Central artifacts by scripts/search-engine/ (see
# scripts/README-search-engine.md). No Docker, no distribution tarball, no mock.
#
#   scripts/search_engine.sh start [--port N] [--dir DIR] [-- key=value ...]
#   scripts/search_engine.sh stop
#   scripts/search_engine.sh status
#
# start prints the URL as its last stdout line and writes ELASTICSEARCH_URL / SEARCH_ENGINE_PID
# into the state file (default <repo>/.run/search-engine.env), so callers can do:
#   url=$(scripts/search_engine.sh start | tail -n1)      or      . .run/search-engine.env
#
# Environment knobs (all optional):
#   SEARCH_ENGINE_STATE_FILE     state file path            (default <repo>/.run/search-engine.env)
#   SEARCH_ENGINE_USER           unprivileged user when run as root  (default: opensearch)
#   SEARCH_ENGINE_HEAP           JVM heap, -Xms = -Xmx      (default: 512m)
#   SEARCH_ENGINE_START_TIMEOUT  seconds to wait for the node (default: 180)
#   SEARCH_ENGINE_JAVA_HOME      JDK to use (17+); otherwise one is found or installed
#   SEARCH_ENGINE_JAVA_OPTS      extra JVM flags for the engine (whitespace-separated)
#   SEARCH_ENGINE_CONFIG_DIR     files copied into the node's config/ dir (synonym lists,
#                                hyphenation patterns) so analysis settings can reference them
set -euo pipefail

# --- locations (independent of the caller's cwd) --------------------------------------------
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
ENGINE_SRC="$SCRIPT_DIR/search-engine"
BUILD_DIR="$ENGINE_SRC/target"
LAUNCHER_JAR="$BUILD_DIR/search-engine-launcher.jar"
BUILD_STAMP="$BUILD_DIR/.build-stamp"
MAIN_CLASS="intranet.searchengine.SearchEngine"

STATE_FILE="${SEARCH_ENGINE_STATE_FILE:-$REPO_ROOT/.run/search-engine.env}"
RUN_USER="${SEARCH_ENGINE_USER:-opensearch}"
HEAP="${SEARCH_ENGINE_HEAP:-512m}"
START_TIMEOUT="${SEARCH_ENGINE_START_TIMEOUT:-180}"

log() { printf 'search-engine: %s\n' "$*" >&2; }
die() { printf 'search-engine: ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- tiny HTTP client: curl if present, python3 otherwise (a fresh Debian may lack curl) ------
# http METHOD URL [JSON_BODY] -> prints the body; returns non-zero on connection error or >= 400.
http() {
    local method="$1" url="$2" body="${3:-}"
    if command -v curl >/dev/null 2>&1; then
        # Status code appended on its own line (no --fail-with-body: too new for some curls).
        local args=(-sS --max-time 30 -X "$method" -H 'Content-Type: application/json' -w '\n%{http_code}')
        [ -n "$body" ] && args+=(--data-binary "$body")
        local resp code
        resp="$(curl "${args[@]}" "$url")" || return 7
        code="${resp##*$'\n'}"
        printf '%s' "${resp%$'\n'*}"
        [ "$code" -lt 400 ]
    elif command -v python3 >/dev/null 2>&1; then
        python3 - "$method" "$url" "$body" <<'PY'
import sys, urllib.request, urllib.error
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=30) as r:
        sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    sys.stdout.write(e.read().decode()); sys.exit(22)
except Exception as e:
    sys.stderr.write(str(e) + "\n"); sys.exit(7)
PY
    else
        die "need curl or python3 to talk to the engine (apt-get install curl)"
    fi
}

# --- package installation (only when something is missing) ---------------------------------
APT_UPDATED=0
apt_install() {
    is_root || die "'$*' is missing and installing it needs root (run as root or: sudo apt-get install $*)"
    command -v apt-get >/dev/null 2>&1 || die "'$*' is missing and this is not a Debian/Ubuntu system; install it by hand"
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 \
        || die "apt-get install $* failed"
}

# java_major JAVA_BIN -> prints the feature version (17, 21, 25, ...)
java_major() {
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

# Picks a JDK (java + javac, version >= 17) and exports JAVA_HOME. OpenSearch 2.19 runs on 17-21+;
# 17 is Debian bookworm's default, so it is preferred for reproducibility.
select_jdk() {
    local need_javac="$1" c candidates=()
    [ -n "${SEARCH_ENGINE_JAVA_HOME:-}" ] && candidates+=("$SEARCH_ENGINE_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    candidates+=(/usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-21-openjdk-*)
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    candidates+=(/usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-openjdk-* /usr/lib/jvm/temurin-21-jdk-*)
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] || continue
        [ "$need_javac" = 1 ] && [ ! -x "$c/bin/javac" ] && continue
        local major; major="$(java_major "$c/bin/java")"
        if [ -n "$major" ] && [ "$major" -ge 17 ]; then
            export JAVA_HOME="$c"
            return 0
        fi
    done
    return 1
}

ensure_jdk() {
    local need_javac="$1"
    select_jdk "$need_javac" && return 0
    # bookworm ships 17, trixie 21/25: take the first one the archive has.
    local pkg
    for pkg in openjdk-17-jdk-headless openjdk-21-jdk-headless openjdk-25-jdk-headless; do
        if [ "$APT_UPDATED" -eq 0 ] && is_root && command -v apt-get >/dev/null 2>&1; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
            APT_UPDATED=1
        fi
        if apt-cache show "$pkg" >/dev/null 2>&1; then
            apt_install "$pkg"
            select_jdk "$need_javac" && return 0
        fi
    done
    die "no JDK >= 17 found or installable (set SEARCH_ENGINE_JAVA_HOME to one)"
}

# --- build: resolve artifacts + compile the launcher, skipped while up to date ---------------
# The stamp covers everything that changes the output: pom, launcher sources, JDK major version.
build_inputs_hash() {
    {
        cat "$ENGINE_SRC/pom.xml"
        find "$ENGINE_SRC/src" -type f | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done
        echo "java=$(java_major "$JAVA_HOME/bin/java")"
    } | sha256sum | cut -d' ' -f1
}

ensure_build() {
    # Any JDK that can run the jar will do if the build is current; javac only for a rebuild.
    ensure_jdk 0
    local want; want="$(build_inputs_hash)"
    if [ -f "$LAUNCHER_JAR" ] && [ -d "$BUILD_DIR/lib" ] && [ "$(cat "$BUILD_STAMP" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    ensure_jdk 1
    want="$(build_inputs_hash)"
    command -v mvn >/dev/null 2>&1 || apt_install maven
    log "building launcher and resolving artifacts with Maven (first run downloads ~50 MB into ~/.m2)"
    rm -rf "$BUILD_DIR"
    # -B -q: no progress noise in CI logs (sed strips the ANSI resets Debian's Maven still
    # prints); output goes to stderr so stdout stays the URL. pipefail keeps mvn's status.
    if ! (cd "$ENGINE_SRC" && mvn -B -q package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2); then
        die "Maven build failed (see output above); is Maven Central reachable?"
    fi
    [ -f "$LAUNCHER_JAR" ] || die "Maven finished but $LAUNCHER_JAR is missing"
    echo "$want" > "$BUILD_STAMP"
}

# --- state file ------------------------------------------------------------------------------
load_state() {
    ELASTICSEARCH_URL="" SEARCH_ENGINE_PID="" SEARCH_ENGINE_PGID="" SEARCH_ENGINE_DIR=""
    SEARCH_ENGINE_DIR_CREATED=0 SEARCH_ENGINE_LOG=""
    # shellcheck disable=SC1090
    [ -f "$STATE_FILE" ] && . "$STATE_FILE"
    return 0
}

# True if PID is alive and really is our engine (guards against PID reuse after a reboot).
engine_alive() {
    local pid="$1"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "$MAIN_CLASS"
}

# True while any non-zombie process of process group PGID exists (runuser, java).
group_alive() {
    local pgid="$1" f rest
    [ -n "$pgid" ] || return 1
    for f in /proc/[0-9]*/stat; do
        rest="$(cat "$f" 2>/dev/null)" || continue
        rest="${rest##*) }"          # drop "pid (comm) "; comm may contain spaces
        # shellcheck disable=SC2086
        set -- $rest                 # $1 = state, $2 = ppid, $3 = pgrp
        [ "${3:-}" = "$pgid" ] && [ "$1" != Z ] && return 0
    done
    return 1
}

engine_healthy() {
    [ -n "$1" ] && http GET "$1/_cluster/health" >/dev/null 2>&1
}

# --- ports -----------------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_free_port() {
    local p
    # Ask the kernel for an ephemeral port when python3 exists; otherwise scan a quiet range.
    if command -v python3 >/dev/null 2>&1; then
        p="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        port_in_use "$p" || { echo "$p"; return; }
    fi
    for p in $(seq 9250 9399); do
        port_in_use "$p" || { echo "$p"; return; }
    done
    die "no free port found"
}

# --- unprivileged user -----------------------------------------------------------------------
# OpenSearch refuses to run as root, so as root we start it as a system user.
ensure_run_user() {
    if ! is_root; then
        RUN_USER="$(id -un)"
        return
    fi
    if ! id -u "$RUN_USER" >/dev/null 2>&1; then
        if useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            --user-group "$RUN_USER" >/dev/null 2>&1; then
            log "created system user $RUN_USER"
        else
            log "could not create user $RUN_USER, using nobody"
            RUN_USER=nobody
        fi
    fi
}

# --- commands --------------------------------------------------------------------------------
cmd_status() {
    load_state
    if engine_alive "$SEARCH_ENGINE_PID"; then
        if engine_healthy "$ELASTICSEARCH_URL"; then
            echo "running: $ELASTICSEARCH_URL (pid $SEARCH_ENGINE_PID, dir $SEARCH_ENGINE_DIR)"
        else
            echo "running but not answering: $ELASTICSEARCH_URL (pid $SEARCH_ENGINE_PID, log $SEARCH_ENGINE_LOG)"
        fi
        return 0
    fi
    echo "not running"
    return 3
}

cmd_stop() {
    load_state
    if [ ! -f "$STATE_FILE" ]; then
        log "not running (no state file $STATE_FILE)"
        return 0
    fi
    if engine_alive "$SEARCH_ENGINE_PID"; then
        log "stopping pid $SEARCH_ENGINE_PID"
        # SIGTERM to the whole process group (runuser + java): the JVM's shutdown hook closes the
        # node cleanly. Escalate to SIGKILL if it does not go away.
        kill -TERM -- "-${SEARCH_ENGINE_PGID:-$SEARCH_ENGINE_PID}" 2>/dev/null || kill -TERM "$SEARCH_ENGINE_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 60); do
            engine_alive "$SEARCH_ENGINE_PID" || group_alive "$SEARCH_ENGINE_PGID" || break
            sleep 0.5
        done
        if engine_alive "$SEARCH_ENGINE_PID" || group_alive "$SEARCH_ENGINE_PGID"; then
            log "still alive after 30s, sending SIGKILL"
            kill -KILL -- "-${SEARCH_ENGINE_PGID:-$SEARCH_ENGINE_PID}" 2>/dev/null || kill -KILL "$SEARCH_ENGINE_PID" 2>/dev/null || true
            sleep 1
        fi
    else
        log "not running (stale state file)"
    fi
    cleanup_run_dir "$SEARCH_ENGINE_DIR" "$SEARCH_ENGINE_DIR_CREATED"
    rm -f "$STATE_FILE"
    return 0
}

# Removes the throwaway directory; a --dir the caller already had is only emptied of our files.
cleanup_run_dir() {
    local dir="$1" created="$2"
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    if [ "$created" = 1 ]; then
        rm -rf -- "$dir"
    else
        rm -rf -- "$dir/data" "$dir/logs" "$dir/config" "$dir/lib" "$dir/tmp" "$dir/engine.log" "$dir/engine.pid"
    fi
}

# Creates an index whose analysis uses edge_ngram + asciifolding + the german analyzer, checks
# the tokens, and drops it. Without analysis-common the create call fails, so this proves the
# module is really loaded (the Elasticsearch Maven artifact fails exactly here).
prove_analysis() {
    local url="$1" index="search-engine-selftest-$$" out
    local settings='{
      "settings": {
        "number_of_shards": 1, "number_of_replicas": 0,
        "analysis": {
          "filter": {
            "autocomplete": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15}
          },
          "analyzer": {
            "autocomplete": {"type": "custom", "tokenizer": "standard",
                             "filter": ["lowercase", "asciifolding", "autocomplete"]},
            "de": {"type": "german"}
          }
        }
      },
      "mappings": {"properties": {"title": {"type": "text", "analyzer": "de",
        "fields": {"ac": {"type": "text", "analyzer": "autocomplete", "search_analyzer": "standard"}}}}}
    }'
    http DELETE "$url/$index" >/dev/null 2>&1 || true
    if ! out="$(http PUT "$url/$index" "$settings" 2>&1)"; then
        die "self-test FAILED: cannot create an index using edge_ngram/asciifolding/german: $out"
    fi
    out="$(http POST "$url/$index/_analyze" '{"analyzer": "autocomplete", "text": "Größe"}' 2>&1)" \
        || die "self-test FAILED: _analyze with edge_ngram/asciifolding: $out"
    case "$out" in
        *'"grosse"'*) ;;  # asciifolding turned ö/ß into o/ss and edge_ngram kept the full word
        *) die "self-test FAILED: unexpected autocomplete tokens: $out" ;;
    esac
    out="$(http POST "$url/$index/_analyze" '{"analyzer": "de", "text": "Häuser"}' 2>&1)" \
        || die "self-test FAILED: _analyze with german: $out"
    case "$out" in
        *'"haus"'*) ;;    # german normalisation + light stemming
        *) die "self-test FAILED: unexpected german tokens: $out" ;;
    esac
    http DELETE "$url/$index" >/dev/null 2>&1 || die "self-test FAILED: cannot delete index $index"
}

cmd_start() {
    local port="" dir="" extra=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) port="${2:?--port needs a value}"; shift 2 ;;
            --port=*) port="${1#*=}"; shift ;;
            --dir) dir="${2:?--dir needs a value}"; shift 2 ;;
            --dir=*) dir="${1#*=}"; shift ;;
            --) shift; extra=("$@"); break ;;   # extra node settings, key=value
            *) die "unknown option for start: $1" ;;
        esac
    done

    mkdir -p "$(dirname "$STATE_FILE")"
    # Serialise concurrent starts/stops on the same state file (e.g. parallel CI steps).
    exec 9>"$STATE_FILE.lock"
    command -v flock >/dev/null 2>&1 && flock 9

    # Idempotent: a healthy engine from the state file is reused as is.
    load_state
    if engine_alive "$SEARCH_ENGINE_PID"; then
        if engine_healthy "$ELASTICSEARCH_URL"; then
            log "already running (pid $SEARCH_ENGINE_PID)"
            echo "$ELASTICSEARCH_URL"
            return 0
        fi
        log "engine pid $SEARCH_ENGINE_PID is not answering; restarting it"
    fi
    [ -f "$STATE_FILE" ] && cmd_stop

    ensure_build
    ensure_run_user

    if [ -n "$port" ]; then
        [[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
        port_in_use "$port" && die "port $port on 127.0.0.1 is already in use"
    else
        port="$(pick_free_port)"
    fi

    local created=0
    if [ -z "$dir" ]; then
        dir="$(mktemp -d /tmp/search-engine.XXXXXX)"
        created=1
    elif [ ! -e "$dir" ]; then
        mkdir -p "$dir"
        created=1
    fi
    dir="$(cd "$dir" && pwd)"
    mkdir -p "$dir/data" "$dir/logs" "$dir/config" "$dir/tmp"
    if [ -n "${SEARCH_ENGINE_CONFIG_DIR:-}" ]; then
        cp -r "$SEARCH_ENGINE_CONFIG_DIR"/. "$dir/config/"
    fi

    # The jars normally sit in the work tree, readable by everyone. If the work tree is not
    # readable by the run user (e.g. it lives under /root), give the engine its own copy.
    local jar="$LAUNCHER_JAR" lib="$BUILD_DIR/lib"
    if is_root && ! runuser -u "$RUN_USER" -- test -r "$LAUNCHER_JAR" -a -r "$lib/$(ls "$lib" | head -n1)"; then
        cp -r "$lib" "$dir/lib"
        cp "$LAUNCHER_JAR" "$dir/lib/"
        jar="$dir/lib/search-engine-launcher.jar" lib="$dir/lib"
    fi
    if is_root; then
        chmod 755 "$dir"
        chown -R "$RUN_USER:" "$dir"
    fi

    local logfile="$dir/engine.log" pidfile="$dir/engine.pid"
    local jvm_opts=(
        "-Xms$HEAP" "-Xmx$HEAP"
        -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
        # C1 only: start-up is ~40% faster on a busy 2-core box; throughput is irrelevant for
        # dev/CI-sized data. Override with SEARCH_ENGINE_JAVA_OPTS=-XX:TieredStopAtLevel=4.
        -XX:TieredStopAtLevel=1
        -Djava.awt.headless=true -Dfile.encoding=UTF-8
        "-Djava.io.tmpdir=$dir/tmp"   # Netty/JNA unpack native bits here, not in a shared /tmp
    )
    # shellcheck disable=SC2206
    jvm_opts+=(${SEARCH_ENGINE_JAVA_OPTS:-})   # extra JVM flags, whitespace-separated
    local node_settings=(
        "path.home=$dir" "path.data=$dir/data" "path.logs=$dir/logs"
        cluster.name=intranet-dev node.name=dev-node
        network.host=127.0.0.1 "http.port=$port"
        discovery.type=single-node
        cluster.default_number_of_replicas=0                # one node: keep indices green
        cluster.routing.allocation.disk.threshold_enabled=false  # a full-ish /tmp must not make indices read-only
    )

    log "starting OpenSearch as $RUN_USER on 127.0.0.1:$port (java $(java_major "$JAVA_HOME/bin/java"), dir $dir)"
    local as_user=()
    is_root && as_user=(runuser -u "$RUN_USER" --)
    # setsid: the engine gets its own process group (runuser + java), so stop can signal both
    # and a Ctrl-C in the calling shell does not reach it. The inner sh records the JVM's own
    # PID and then execs java. 9>&-: the engine must not inherit (and so hold) the start lock.
    setsid "${as_user[@]}" sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" \
        "$JAVA_HOME/bin/java" "${jvm_opts[@]}" -cp "$jar:$lib/*" "$MAIN_CLASS" \
        "${node_settings[@]}" "${extra[@]}" >"$logfile" 2>&1 </dev/null 9>&- &
    local launcher=$!

    local url="http://127.0.0.1:$port" pid="" pgid="" t0=$SECONDS
    while :; do
        if [ -z "$pid" ] && [ -s "$pidfile" ]; then
            pid="$(cat "$pidfile")"
            pgid="$(awk '{print $5}' "/proc/$pid/stat" 2>/dev/null || true)"
        fi
        if [ -n "$pid" ] && engine_healthy "$url"; then break; fi
        if { [ -n "$pid" ] && ! engine_alive "$pid"; } || { [ -z "$pid" ] && ! kill -0 "$launcher" 2>/dev/null; }; then
            log "the engine exited during start-up; last lines of $logfile:"
            tail -n 40 "$logfile" >&2 || true
            cleanup_run_dir "$dir" "$created"
            die "engine failed to start"
        fi
        if [ $((SECONDS - t0)) -ge "$START_TIMEOUT" ]; then
            log "no answer from $url after ${START_TIMEOUT}s; last lines of $logfile:"
            tail -n 40 "$logfile" >&2 || true
            [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null || true
            [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
            cleanup_run_dir "$dir" "$created"
            die "engine did not start within ${START_TIMEOUT}s (raise SEARCH_ENGINE_START_TIMEOUT?)"
        fi
        sleep 0.5
    done

    # Record state before the self-test so that a failing self-test can still be stopped.
    {
        printf '# written by scripts/search_engine.sh start; source it or read it line by line\n'
        printf 'ELASTICSEARCH_URL=%q\n' "$url"
        printf 'SEARCH_ENGINE_PID=%q\n' "$pid"
        printf 'SEARCH_ENGINE_PGID=%q\n' "$pgid"
        printf 'SEARCH_ENGINE_DIR=%q\n' "$dir"
        printf 'SEARCH_ENGINE_DIR_CREATED=%q\n' "$created"
        printf 'SEARCH_ENGINE_LOG=%q\n' "$logfile"
    } > "$STATE_FILE.tmp"
    mv "$STATE_FILE.tmp" "$STATE_FILE"

    if ! (prove_analysis "$url"); then
        log "stopping the engine because the analysis self-test failed (log: $logfile)"
        cp "$logfile" "$STATE_FILE.failed.log" 2>/dev/null || true
        cmd_stop
        die "analysis modules not usable; engine stopped (log kept at $STATE_FILE.failed.log)"
    fi

    log "ready in $((SECONDS - t0))s (pid $pid); analysis self-test passed; state in $STATE_FILE"
    echo "$url"
}

usage() {
    sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    [ $# -ge 1 ] || usage
    local cmd="$1"; shift
    case "$cmd" in
        start) cmd_start "$@" ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        -h|--help|help) usage ;;
        *) usage ;;
    esac
}

main "$@"
