#!/usr/bin/env bash
# Threads and memory (issue #9 targets): with READERS (default 4000) clients blocked in read() on snd/timer
# (listeners of utimers, 1000 each), the daemon's threads <= 2 x CPUs + 16 and VmRSS <= 150 MB; then after
# 1 MiB lines written to every ctl file and to events (LINES each, default 20; input bounds refuse them,
# selftests/shell/bounds.sh), VmRSS <= 150 MB. Client: bench/blocked-readers.c.
# Usage: bench/threads-memory.sh [TRANSPORT] [READERS] [LINES]   (TRANSPORT default lowlevel)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
transport=${1:-lowlevel} readers=${2:-4000} lines=${3:-20}
gcc -O2 -Wall -Wextra -pthread -I "$top/selftests/include" -o "$out/blocked-readers" "$here/blocked-readers.c"
machine
mount_sndfuse "$transport"
cpus=$(nproc) limit=$((2 * $(nproc) + 16))
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
verdict() { [ "$1" -le "$2" ] && echo MET || echo MISSED; }
echo "idle: threads $(status_field "$dpid" Threads), VmRSS $(mb "$(status_field "$dpid" VmRSS)") MB"

ulimit -u unlimited 2>/dev/null || true
coproc READERS { exec "$out/blocked-readers" "$mnt/snd/timer" "$readers"; }
read -r word n <&"${READERS[0]}" || { echo "blocked-readers failed"; exit 1; }
threads=$(status_field "$dpid" Threads) rss=$(status_field "$dpid" VmRSS)
echo "$n readers blocked ($transport): daemon threads $threads (target <= 2 x $cpus CPUs + 16 = $limit: $(verdict "$threads" "$limit")), VmRSS $(mb "$rss") MB (target <= 150 MB: $(verdict "$(mb "$rss")" 150))"
exec {rw}>&"${READERS[1]}"; exec {rw}>&-
kill "$READERS_PID" 2>/dev/null || true; wait "$READERS_PID" 2>/dev/null || true

line=$(mktemp); trap 'rm -f "$line"; _cleanup' EXIT
head -c 1048576 /dev/zero | tr '\0' x >"$line"; echo >>"$line"
for f in "$mnt"/ctl/* "$mnt/events"; do
	for _ in $(seq "$lines"); do
		# one 1 MiB line per open, as a shell's echo would write it; the refusal is expected
		dd if="$line" of="$f" bs=1M iflag=fullblock 2>/dev/null || true
	done
done
sleep 1
rss=$(status_field "$dpid" VmRSS) hwm=$(status_field "$dpid" VmHWM)
echo "after $lines x 1 MiB lines to each of $(ls "$mnt/ctl" | tr '\n' ' ')and events: VmRSS $(mb "$rss") MB (target <= 150 MB: $(verdict "$(mb "$rss")" 150)), peak VmHWM $(mb "$hwm") MB, threads $(status_field "$dpid" Threads)"
grep -q 'Advanced Linux Sound Architecture' "$mnt/proc/asound/version" && echo "the daemon still serves" || echo "the daemon does NOT serve any more"
