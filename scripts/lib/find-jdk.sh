# shellcheck shell=bash
# Source this file, then call find_jdk21: it prints the home directory of the newest JDK >= 21 found in
# $JAVA_HOME or /usr/lib/jvm/*, or explains on stderr and returns 1 when there is none.
#
#   source scripts/lib/find-jdk.sh
#   JDK_HOME="$(find_jdk21)" || exit 1
#   "$JDK_HOME/bin/java" -version

# Major version of a java binary: 25 for "25.0.1", 17 for "17.0.15", 8 for "1.8.0_412"; empty if unknown.
java_major_version() {
  local java_bin="$1" version major
  version="$("$java_bin" -version 2>&1 | sed -n 's/^[^"]*version "\([^"]*\)".*/\1/p' | head -n 1)"
  [ -n "$version" ] || return 1
  major="${version%%[.+-]*}"
  if [ "$major" = "1" ]; then
    major="$(printf '%s' "$version" | cut -d. -f2)"
  fi
  case "$major" in
    '' | *[!0-9]*) return 1 ;;
  esac
  printf '%s\n' "$major"
}

find_jdk21() {
  local minimum="${1:-21}" best_home="" best_major=0 home major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/*; do
    candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    major="$(java_major_version "$home/bin/java")" || continue
    if [ "$major" -ge "$minimum" ] && [ "$major" -gt "$best_major" ]; then
      best_major="$major"
      best_home="$home"
    fi
  done
  if [ -z "$best_home" ]; then
    echo "error: no JDK >= $minimum found (looked at JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*)." >&2
    echo "       Install one (e.g. a Temurin 21 or 25 JDK under /usr/lib/jvm) or point JAVA_HOME at it." >&2
    return 1
  fi
  printf '%s\n' "$best_home"
}
