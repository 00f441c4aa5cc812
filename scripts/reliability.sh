#!/usr/bin/env bash
# Reliability campaigns (issue 7) against real processes: builds command-service, query-service and
# reliability, then runs io.creditcast.reliability.ReliabilityMain, which starts PostgreSQL (zonky binaries,
# own data dir, random port), the command-service and the query-service exec jars as separate processes,
# SIGKILLs and restarts them, and checks the event store and the read models. Prints per campaign the seed, any violations and the FIGURE lines; exits 1 on a violation.
#
# Usage: scripts/reliability.sh [--long] [--seed N]
#                               [--campaigns bad_input,limits,overload,duplicates,webhooks,crash,rebuild]
#                               [--pings N] [--cycles N] [--overload-rate REQUESTS_PER_S] [--overload-seconds S]
#   (no flags)  the CI sizes (also run by `mvn verify` as ReliabilityIT, except overload)
#   --long      crash: 100 kill/restart cycles (command service, PostgreSQL, query service in turn);
#               duplicates: 1M pings; webhooks: 600 payments; overload: 60 s (CI: 15 s) at 2 x 5,000/s
# Environment (optional): SKIP_BUILD=1 (use the jars in */target), MVN_ARGS="-o", RELIABILITY_JAVA_OPTS,
#   RELIABILITY_JAR_DIR=DIR (take the three jars from DIR instead of */target: a copy a long run keeps using
#   while the modules are rebuilt), RELIABILITY_OUT_DIR=DIR (instead of target/: two runs side by side).
# Output is also written to target/reliability.log; process logs are in target/reliability-run/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/find-jdk.sh
source "$ROOT/scripts/lib/find-jdk.sh"

VERSION="0.1.0-SNAPSHOT"
SERVICE_JAR="$ROOT/command-service/target/command-service-$VERSION-exec.jar"
QUERY_JAR="$ROOT/query-service/target/query-service-$VERSION-exec.jar"
HARNESS_JAR="$ROOT/reliability/target/reliability-$VERSION-all.jar"
if [ -n "${RELIABILITY_JAR_DIR:-}" ]; then
  SERVICE_JAR="$RELIABILITY_JAR_DIR/$(basename "$SERVICE_JAR")"
  QUERY_JAR="$RELIABILITY_JAR_DIR/$(basename "$QUERY_JAR")"
  HARNESS_JAR="$RELIABILITY_JAR_DIR/$(basename "$HARNESS_JAR")"
fi
OUT_DIR="${RELIABILITY_OUT_DIR:-$ROOT/target}"
mkdir -p "$OUT_DIR"
exec > >(tee "$OUT_DIR/reliability.log") 2>&1

JDK_HOME="$(find_jdk21)" || exit 1
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "reliability: building command-service, query-service and reliability"
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -q ${MVN_ARGS:-} -pl command-service,query-service,reliability -am package -DskipTests -Dspotless.check.skip=true)
fi
[ -f "$SERVICE_JAR" ] || { echo "reliability: no $SERVICE_JAR" >&2; exit 1; }
[ -f "$QUERY_JAR" ] || { echo "reliability: no $QUERY_JAR" >&2; exit 1; }
[ -f "$HARNESS_JAR" ] || { echo "reliability: no $HARNESS_JAR" >&2; exit 1; }

# shellcheck disable=SC2086
exec "$JDK_HOME/bin/java" ${RELIABILITY_JAVA_OPTS:-} -jar "$HARNESS_JAR" \
  --jar "$SERVICE_JAR" --query-jar "$QUERY_JAR" --work-dir "$OUT_DIR/reliability-run" "$@"
