#!/usr/bin/env bash
# Fan-out (issue #9 targets): 32 utimers x 4 listeners triggered at 1 kHz for SECONDS (default 30): 0 lost
# ticks and p99 wake <= 2 ms, and the daemon's CPU; then the largest fan-out sustained (lost 0, p99 <= 2 ms,
# >= 99% of the asked trigger rate), searched by doubling utimers (x4 listeners) up to 128, then listeners,
# SEARCH_SECONDS (default 5) per step, for each sndfuse transport and the low-level C floor (bench/floor/floor-ll,
# one file per timer). Client: bench/fanout.c (a trigger thread per utimer, a reader thread per listener).
# Usage: bench/fanout.sh [SECONDS] [SEARCH_SECONDS] [TRANSPORTS]   (TRANSPORTS default "lowlevel highlevel")
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs=${1:-30} search_secs=${2:-5} transports=${3:-lowlevel highlevel}
gcc -O2 -Wall -Wextra -pthread -I "$top/selftests/include" -o "$out/fanout" "$here/fanout.c"
machine

# machine_ticks: "busy total" clock ticks of all CPUs so far (/proc/stat; idle and iowait count as not busy)
machine_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }

# run NAME NODE U L SECONDS [-f]: one fanout run with the daemon's CPU and how busy the whole machine was;
# prints the line, sets ok (sustained)
run() {
	local name=$1 node=$2 u=$3 l=$4 s=$5 flag=${6:-} c0 c1 t0 t1 m0 m1 line
	c0=$(cpu_ticks "$dpid"); t0=$(date +%s.%N); m0=$(machine_ticks)
	line=$("$out/fanout" $flag "$node" "$u" "$l" 1000 "$s")
	c1=$(cpu_ticks "$dpid"); t1=$(date +%s.%N); m1=$(machine_ticks)
	local cpu lost p99 rate busy
	cpu=$(awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" -v hz="$clk_tck" 'BEGIN { printf "%.0f", 100 * (b - a) / hz / (t1 - t0) }')
	busy=$(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]) }')
	lost=$(sed -nE 's/.* lost=([0-9-]+).*/\1/p' <<<"$line"); p99=$(sed -nE 's/.* p99_us=([0-9]+).*/\1/p' <<<"$line")
	rate=$(sed -nE 's/.*\(([0-9]+) triggers\/s of ([0-9]+),.*/\1 \2/p' <<<"$line")
	ok=0
	if [ "$lost" = 0 ] && [ "$p99" -le 2000 ] && awk -v r="$rate" 'BEGIN { split(r, x, " "); exit !(x[1] >= 0.99 * x[2]) }'; then ok=1; fi
	echo "$name: $line daemon_cpu=${cpu}% of one CPU, machine busy ${busy}% of its $(nproc) CPUs (whole run incl. set-up)"
	last="lost $lost (target 0), p99 wake $p99 us (target <= 2000 us), daemon CPU ${cpu}%, machine busy ${busy}%: $([ "$ok" = 1 ] && echo MET || echo MISSED)"
}

# search NAME NODE [-f]: doubling until a step is not sustained; prints the largest sustained
search() {
	local name=$1 node=$2 flag=${3:-} best="none" u l
	for ul in "8 4" "16 4" "32 4" "64 4" "128 4" "128 8" "128 16" "128 32"; do
		read -r u l <<<"$ul"
		run "$name" "$node" "$u" "$l" "$search_secs" "$flag"
		[ "$ok" = 1 ] || break
		best="$u timers x $l listeners ($((u * 1000)) triggers/s, $((u * l * 1000)) wakes/s)"
	done
	echo "== $name: largest fan-out sustained at 1 kHz: $best"
	summary+=("$name largest fan-out sustained: $best")
}

summary=()
for t in $transports; do
	echo "== sndfuse --transport $t: 32 utimers x 4 listeners at 1 kHz for $secs s"
	mount_sndfuse "$t"
	"$out/fanout" "$mnt/snd/timer" 8 4 1000 3 >/dev/null # JIT warm-up
	run "sndfuse-$t" "$mnt/snd/timer" 32 4 "$secs"
	summary+=("sndfuse-$t 32x4 at 1 kHz: $last")
	umount_sndfuse
done
echo "== the low-level C floor (floor-ll): 32 timers x 4 listeners at 1 kHz for $secs s"
mount_floor
run floor-ll "$mnt" 32 4 "$secs" -f
summary+=("floor-ll 32x4 at 1 kHz: $last")
floor_mnt=$mnt floor_pid=$dpid
for t in $transports; do
	mount_sndfuse "$t"
	"$out/fanout" "$mnt/snd/timer" 8 4 1000 3 >/dev/null
	search "sndfuse-$t" "$mnt/snd/timer"
	umount_sndfuse
done
mnt=$floor_mnt dpid=$floor_pid
search floor-ll "$mnt" -f
echo "== targets"
printf '%s\n' "${summary[@]}"
