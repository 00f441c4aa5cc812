#!/usr/bin/env bash
# Metering benchmark, end to end on this machine:
#   builds command-service and bench, starts PostgreSQL (embedded binaries, random port), starts the command
#   service on a free port against it, waits for /actuator/health to be UP, runs both scenarios of
#   io.creditcast.bench.MeteringBenchmark, stops everything. Output is also written to target/bench-metering.log.
#
# Usage: scripts/bench-metering.sh [benchmark options, e.g. --viewers 2000 --duration-s 30 --in-flight 64]
# Environment (all optional):
#   SKIP_BUILD=1          use the jars already in */target
#   SERVICE_JAR=path      run this command-service jar instead of command-service/target/*-exec.jar
#   MVN_ARGS="-o"         extra Maven arguments for the build
#   HEALTH_TIMEOUT_S=180  how long to wait for the command service to report UP
#   SERVICE_JAVA_OPTS     JVM options for the command service (e.g. "-Xmx1g")
#   BENCH_JAVA_OPTS       JVM options for the load generator
# The per-user API rate limits are switched off: the benchmark measures raw metering throughput.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/find-jdk.sh
source "$ROOT/scripts/lib/find-jdk.sh"
# shellcheck source=lib/bench-stack.sh
source "$ROOT/scripts/lib/bench-stack.sh"

VERSION="0.1.0-SNAPSHOT"
SERVICE_JAR="${SERVICE_JAR:-$ROOT/command-service/target/command-service-$VERSION-exec.jar}"
BENCH_JAR="$ROOT/bench/target/bench-$VERSION-all.jar"
OUT_DIR="$ROOT/target"
LOG="$OUT_DIR/bench-metering.log"
PG_LOG="$OUT_DIR/bench-metering-postgres.log"
SERVICE_LOG="$OUT_DIR/bench-metering-command-service.log"
PG_TIMEOUT_S="${PG_TIMEOUT_S:-90}"
HEALTH_TIMEOUT_S="${HEALTH_TIMEOUT_S:-180}"
STOP_TIMEOUT_S=30
NAME=bench-metering
PG_PID=""
SERVICE_PID=""

mkdir -p "$OUT_DIR"
exec > >(tee "$LOG") 2>&1

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_process "$SERVICE_PID" "command service"
  stop_process "$PG_PID" "PostgreSQL"
  echo "bench-metering: log in $LOG"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

JDK_HOME="$(find_jdk21)" || exit 1
JAVA="$JDK_HOME/bin/java"
command -v curl >/dev/null 2>&1 || fail "curl is needed to poll /actuator/health"
echo "bench-metering: JDK $JDK_HOME"

build_jars
start_postgres

PORT="$(free_port)"
BASE_URL="http://127.0.0.1:$PORT"
echo "bench-metering: starting the command service on port $PORT (log: $SERVICE_LOG)"
# shellcheck disable=SC2086
SPRING_DATASOURCE_URL="$PG_URL" \
  SPRING_DATASOURCE_USERNAME=postgres \
  SPRING_DATASOURCE_PASSWORD=postgres \
  AXONIQ_UPDATE_CHECKER_DISABLED=true \
  "$JAVA" ${SERVICE_JAVA_OPTS:-} -jar "$SERVICE_JAR" --server.port="$PORT" --management.server.port="$PORT" \
  --creditcast.rate-limits.enabled=false --creditcast.security.mode=dev-headers \
  >"$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!

deadline=$((SECONDS + HEALTH_TIMEOUT_S))
until curl -fsS --max-time 2 "$BASE_URL/actuator/health" 2>/dev/null | grep -q '"status" *: *"UP"'; do
  kill -0 "$SERVICE_PID" 2>/dev/null || { show_tail "$SERVICE_LOG"; fail "the command service exited during startup"; }
  if [ "$SECONDS" -ge "$deadline" ]; then
    show_tail "$SERVICE_LOG"
    fail "the command service did not report UP on $BASE_URL/actuator/health within ${HEALTH_TIMEOUT_S}s"
  fi
  sleep 1
done
echo "bench-metering: command service is UP"

bench_args=("$@")
case " $* " in
  *" --scenario "* | *" --scenario="*) ;;
  *) bench_args+=(--scenario both) ;;
esac
# shellcheck disable=SC2086
"$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" --base-url "$BASE_URL" "${bench_args[@]}"
