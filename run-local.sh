#!/usr/bin/env bash
# Builds and starts the whole Creditcast platform locally on embedded defaults (no Docker).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib/find-jdk.sh
JDK=$(find_jdk21)
echo "Building (tests are run by 'mvn -B verify', not here)..."
./mvnw -B -q -DskipTests -pl platform-local -am install
exec "$JDK/bin/java" -Xmx1g -jar platform-local/target/platform-local-0.1.0-SNAPSHOT-exec.jar "$@"
