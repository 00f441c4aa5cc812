#!/usr/bin/env bash
# Chat fan-out benchmark, end to end on this machine, with the clients in their own process:
#   builds command-service and bench, starts PostgreSQL (embedded binaries, random port), starts INSTANCES
#   command services on free ports against it, waits for /actuator/health to be UP, runs
#   io.creditcast.bench.ChatFanoutBenchmark against them (clients spread over the instances), stops
#   everything. Output is also written to target/bench-chat.log.
#
# Usage: scripts/bench-chat.sh [benchmark options, e.g. --clients 2000 --rate 50 --duration-s 20]
# Environment (all optional):
#   INSTANCES=1           command services to start (2: fan-out crosses instances through PostgreSQL NOTIFY)
#   SKIP_BUILD=1          use the jars already in */target
#   SERVICE_JAR=path      run this command-service jar instead of command-service/target/*-exec.jar
#   MVN_ARGS="-o"         extra Maven arguments for the build
#   HEALTH_TIMEOUT_S=180  how long to wait for a command service to report UP
#   SERVICE_JAVA_OPTS     JVM options for the command services (e.g. "-Xmx1g")
#   BENCH_JAVA_OPTS       JVM options for the load generator
# The chat's per-user and per-IP connection caps and its flood limits are raised: every client is the same
# user from one IP, and the one sender sends far more than a person may.
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
LOG="$OUT_DIR/bench-chat.log"
PG_LOG="$OUT_DIR/bench-chat-postgres.log"
INSTANCES="${INSTANCES:-1}"
PG_TIMEOUT_S="${PG_TIMEOUT_S:-90}"
HEALTH_TIMEOUT_S="${HEALTH_TIMEOUT_S:-180}"
STOP_TIMEOUT_S=30
NAME=bench-chat
PG_PID=""
SERVICE_PIDS=()

mkdir -p "$OUT_DIR"
exec > >(tee "$LOG") 2>&1

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local p
  for p in "${SERVICE_PIDS[@]}"; do stop_process "$p" "command service"; done
  stop_process "$PG_PID" "PostgreSQL"
  echo "bench-chat: log in $LOG"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

JDK_HOME="$(find_jdk21)" || exit 1
JAVA="$JDK_HOME/bin/java"
command -v curl >/dev/null 2>&1 || fail "curl is needed to poll /actuator/health"
echo "bench-chat: JDK $JDK_HOME"

build_jars
start_postgres

BASE_URLS=()
for n in $(seq 1 "$INSTANCES"); do
  PORT="$(free_port)"
  SERVICE_LOG="$OUT_DIR/bench-chat-command-service-$n.log"
  echo "bench-chat: starting command service $n on port $PORT (log: $SERVICE_LOG)"
  # shellcheck disable=SC2086
  SPRING_DATASOURCE_URL="$PG_URL" \
    SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=postgres \
    AXONIQ_UPDATE_CHECKER_DISABLED=true \
    "$JAVA" ${SERVICE_JAVA_OPTS:-} -jar "$SERVICE_JAR" --server.port="$PORT" --management.server.port="$PORT" \
    --creditcast.rate-limits.enabled=false --creditcast.security.mode=dev-headers \
    --creditcast.settlement.enabled=false \
    --creditcast.chat.max-connections-per-user=100000 --creditcast.chat.max-connections-per-ip=100000 \
    --creditcast.chat.rate-limit-messages=100000 --creditcast.chat.duplicate-window-s=0 \
    >"$SERVICE_LOG" 2>&1 &
  pid=$!
  SERVICE_PIDS+=("$pid")
  BASE_URL="http://127.0.0.1:$PORT"
  deadline=$((SECONDS + HEALTH_TIMEOUT_S))
  until curl -fsS --max-time 2 "$BASE_URL/actuator/health" 2>/dev/null | grep -q '"status" *: *"UP"'; do
    kill -0 "$pid" 2>/dev/null || { show_tail "$SERVICE_LOG"; fail "command service $n exited during startup"; }
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_tail "$SERVICE_LOG"
      fail "command service $n did not report UP on $BASE_URL/actuator/health within ${HEALTH_TIMEOUT_S}s"
    fi
    sleep 1
  done
  echo "bench-chat: command service $n is UP (pid $pid)"
  BASE_URLS+=("$BASE_URL")
done

IFS=, ; urls="${BASE_URLS[*]}"; pids="${SERVICE_PIDS[*]}"; unset IFS
# shellcheck disable=SC2086
"$JAVA" ${BENCH_JAVA_OPTS:-} -cp "$BENCH_JAR" io.creditcast.bench.ChatFanoutBenchmark \
  --base-url "$urls" --service-pids "$pids" "$@"
