#!/usr/bin/env bash
# Start-up (issue #9 target: `ready` within 0.5 s of start): the time from starting the launcher until the
# daemon prints "ready DIR", median of RUNS (default 5) fresh starts on fresh mount points, each then stopped.
# LAUNCHER defaults to ./sndfuse (the dev launcher: its staleness check of the sources is part of the time);
# SNDFUSE_JAVA_OPTS adds JVM options. With "compare", the JVM options of docs/fuse-transport.md "Memory and
# start-up" are measured against variants without/with each, interleaved round by round.
# Usage: bench/startup.sh [RUNS] [TRANSPORT] [compare]   (TRANSPORT default lowlevel, the daemon's default)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-5} transport=${2:-lowlevel} launcher=${LAUNCHER:-$top/sndfuse}
machine

# once OPTIONS: ms from start to "ready" (extra JVM options; later ones win over the launcher's)
once() {
	local dir t0 t1 line=""
	dir=$(mktemp -d /tmp/sndfuse-start.XXXX); _dirs+=("$dir")
	t0=$(date +%s%N)
	coproc D { SNDFUSE_JAVA_OPTS="$1" exec "$launcher" mount --transport "$transport" "$dir" 2>"$out/startup.err"; }
	read -r -t 60 line <&"${D[0]}" || true
	t1=$(date +%s%N)
	kill -TERM "$D_PID" 2>/dev/null || true; wait "$D_PID" 2>/dev/null || true
	[ "$line" = "ready $dir" ] || { echo "no ready line (got '$line')" >&2; cat "$out/startup.err" >&2; exit 1; }
	echo $(( (t1 - t0) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
verdict() { [ "${1%.*}" -le 500 ] && echo MET || echo MISSED; }

# not counted: after a build the launcher first makes its class-data-sharing archive
echo "warm-up start (makes the archive if the jar is new): $(once "${SNDFUSE_JAVA_OPTS:-}") ms"
if [ "${3:-}" != compare ]; then
	times=()
	for i in $(seq "$runs"); do
		times+=("$(once "${SNDFUSE_JAVA_OPTS:-}")")
		echo "run $i: ready after ${times[-1]} ms"
	done
	m=$(median "${times[@]}")
	echo "start-up ($transport${SNDFUSE_JAVA_OPTS:+, $SNDFUSE_JAVA_OPTS}): median $m ms of $runs (target <= 500 ms: $(verdict "$m"))"
	exit 0
fi
jdk_jsa=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/server/classes.jsa
names=("as shipped" "without the AppCDS archive (JDK's own archive only)" "with -XX:+UsePerfData" "plus -XX:TieredStopAtLevel=1 (C1 only)")
opts=("" "-XX:SharedArchiveFile=$jdk_jsa" "-XX:+UsePerfData" "-XX:TieredStopAtLevel=1")
declare -A res
for r in $(seq "$runs"); do
	for i in "${!names[@]}"; do res[$i]+="$(once "${opts[$i]}") "; done
	echo "round $r done"
done
for i in "${!names[@]}"; do
	# shellcheck disable=SC2086 # a list of numbers
	m=$(median ${res[$i]})
	echo "start-up ($transport) ${names[$i]}: median $m ms (runs: ${res[$i]}) target <= 500 ms: $(verdict "$m")"
done
