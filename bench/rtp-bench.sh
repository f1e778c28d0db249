#!/usr/bin/env bash
# The network clock, measured: rtp-send (selftests/rtp) sends a frame counter as RTP L16 48 kHz stereo to
# 127.0.0.1, sndfuse rtp-recv clocks the loopback with it, rtp-capture reads pcmC0D1c.
#   latency: a packet received by rtp-recv -> the TRIGGER that made its last frame readable at capture
#            returned (rtp-recv's own histogram, p50/p99), and a packet sent -> read() on the capture end
#            returned its last frame (p50/p99/p99.9 over every packet; adds the reader's wake-up). Both include
#            the jitter depth and up to a period, which the receiver holds by design
#   CPU:     utime+stime of rtp-recv, of the daemon and of the capture reader per second of stream
# Usage: bench/rtp-bench.sh MOUNT [SECONDS]   (bench/run passes its fresh mount)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; ROOT="$here/.."
M=${1:?usage: bench/rtp-bench.sh MOUNT [SECONDS]}
export SNDFUSE_MOUNT=$M
secs=${2:-20}
RTP_BIN="$here/out/rtp"
source "$ROOT/selftests/rtp/rtp-lib.sh"
rtp_build
daemon=$(awk -v m="$M" '$2 == m { print }' /proc/mounts >/dev/null; pgrep -f "sndfuse.jar mount $M" | head -n1 || true)
tmp=$(mktemp -d /tmp/sndfuse-rtp-bench.XXXX)
trap 'rm -rf "$tmp"' EXIT
cpu() { [ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)

# run PACKET_FRAMES PERIOD_FRAMES JITTER_MS
run() {
	local pkt=$1 period=$2 jit=$3 port r0 d0 c0 r1 d1 c1 cap
	port=$(rtp_port)
	rtp_recv_start "$tmp/recv.log" --listen "127.0.0.1:$port" --format L16 --rate 48000 --channels 2 \
		--period-frames "$period" --jitter "$jit" --idle 500 --status-interval 0
	"$RTP_BIN/rtp-capture" -P "$period" -B $((period * 500 > 24000 ? period * 500 : 24000)) -d $((secs + 2)) -W 0 -T "$tmp/cap.log" >"$tmp/cap.out" 2>&1 &
	cap=$!
	sleep 0.5
	r0=$(cpu "$RECV_PID"); d0=$(cpu "$daemon"); c0=$(cpu $cap)
	"$RTP_BIN/rtp-send" -a "127.0.0.1:$port" -n "$pkt" -d "$secs" -T "$tmp/send.log" >"$tmp/send.out"
	r1=$(cpu "$RECV_PID"); d1=$(cpu "$daemon"); c1=$(cpu $cap)
	wait $cap || true
	rtp_recv_stop TERM
	# merge: for each packet, the first read whose last counter covers the packet's last frame
	[ -s "$tmp/cap.log" ] || { echo "capture failed: $(cat "$tmp/cap.out")"; return 1; }
	sort -n -k1,1 "$tmp/send.log" >"$tmp/s"; sort -n -k1,1 "$tmp/cap.log" >"$tmp/c"
	awk 'NR == FNR { sc[NR] = $1; st[NR] = $2; ns = NR; next }
	     { cc[++nc] = $1; ct[nc] = $2 }
	     END { j = 1; for (i = 1; i <= ns; i++) { while (j <= nc && cc[j] < sc[i]) j++; if (j > nc) break;
	           printf "%.1f\n", (ct[j] - st[i]) / 1000 } }' "$tmp/s" "$tmp/c" | sort -n >"$tmp/lat"
	local n p50 p99 p999
	n=$(wc -l <"$tmp/lat")
	p50=$(awk -v n="$n" 'NR == int(n * 0.50) + 1' "$tmp/lat")
	p99=$(awk -v n="$n" 'NR == int(n * 0.99) + 1' "$tmp/lat")
	p999=$(awk -v n="$n" 'NR == int(n * 0.999) + 1' "$tmp/lat")
	printf "packet %d frames (%.1f ms), period %d, jitter %s ms: received -> readable (rtp-recv) p50 %s, p99 %s;" \
		"$pkt" "$(awk -v p="$pkt" 'BEGIN { print p / 48 }')" "$period" "$jit" \
		"$(stat_of "$tmp/recv.log" latency_p50)" "$(stat_of "$tmp/recv.log" latency_p99)"
	printf " sent -> read() returned it p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (%d packets);" \
		"$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" \
		"$(awk -v v="$p999" 'BEGIN { print v / 1000 }')" "$n"
	printf " CPU per stream: rtp-recv %.1f%%, daemon %.1f%%, capture %.1f%% of one core\n" \
		"$(awk -v a="$r0" -v b="$r1" -v h="$hz" -v s="$secs" 'BEGIN { print (b - a) / h / s * 100 }')" \
		"$(awk -v a="$d0" -v b="$d1" -v h="$hz" -v s="$secs" 'BEGIN { print (b - a) / h / s * 100 }')" \
		"$(awk -v a="$c0" -v b="$c1" -v h="$hz" -v s="$secs" 'BEGIN { print (b - a) / h / s * 100 }')"
	echo "  $(cat "$tmp/cap.out")"
	echo "  $(grep rtp-stats "$tmp/recv.log" | tail -n1)"
}

echo "== RTP -> rtp-recv -> loopback -> capture, 48 kHz stereo L16, $secs s each (first: JIT warm-up)"
run 48 48 1 >/dev/null || true
run 48 48 1
run 48 96 2
run 48 480 5
