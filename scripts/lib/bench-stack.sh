# Shared pieces of the end-to-end benchmark scripts (sourced; not run on its own): messages, stopping the
# processes a script started, free ports, the build of the command-service and bench jars, and PostgreSQL from
# the embedded binaries on a random port. The caller sets NAME (message prefix), ROOT, JAVA, SERVICE_JAR,
# BENCH_JAR, PG_LOG, PG_TIMEOUT_S and STOP_TIMEOUT_S first.

fail() {
  echo "$NAME: error: $*" >&2
  exit 1
}

# Stops one process the script started: TERM, then KILL after STOP_TIMEOUT_S.
stop_process() {
  local pid="$1" name="$2" waited=0
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  echo "$NAME: stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((STOP_TIMEOUT_S * 5)) ]; then
      echo "$NAME: $name did not stop in ${STOP_TIMEOUT_S}s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    "$JAVA" -cp "$BENCH_JAR" io.creditcast.bench.FreePort
  fi
}

show_tail() {
  echo "---- last lines of $1 ----" >&2
  tail -n 40 "$1" >&2 || true
  echo "----" >&2
}

# Builds the command-service and bench jars unless SKIP_BUILD=1, and checks that both exist.
build_jars() {
  if [ "${SKIP_BUILD:-0}" != "1" ]; then
    echo "$NAME: building command-service and bench"
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -q ${MVN_ARGS:-} -pl command-service,bench -am package -DskipTests -Dspotless.check.skip=true) \
      || fail "the build failed (see above)"
  fi
  [ -f "$SERVICE_JAR" ] || fail "no $SERVICE_JAR; build it with: mvn -pl command-service -am package -DskipTests"
  [ -f "$BENCH_JAR" ] || fail "no $BENCH_JAR; build it with: mvn -pl bench package -DskipTests"
}

# Starts PostgreSQL in the background; sets PG_PID, and PG_URL once it is ready.
start_postgres() {
  echo "$NAME: starting PostgreSQL"
  "$JAVA" -cp "$BENCH_JAR" io.creditcast.bench.BenchPostgres >"$PG_LOG" 2>&1 &
  PG_PID=$!
  PG_URL=""
  local deadline=$((SECONDS + PG_TIMEOUT_S))
  while [ -z "$PG_URL" ]; do
    kill -0 "$PG_PID" 2>/dev/null || { show_tail "$PG_LOG"; fail "PostgreSQL exited before it was ready"; }
    [ "$SECONDS" -lt "$deadline" ] || { show_tail "$PG_LOG"; fail "PostgreSQL not ready after ${PG_TIMEOUT_S}s"; }
    PG_URL="$(sed -n 's/^PG_URL=//p' "$PG_LOG" | head -n 1)"
    [ -n "$PG_URL" ] || sleep 0.2
  done
  echo "$NAME: PostgreSQL at $PG_URL"
}
