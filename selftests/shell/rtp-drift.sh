#!/usr/bin/env bash
# The network clock follows the sender: our own sender (selftests/rtp/rtp-send.c) runs 200 ppm fast and
# then 200 ppm slow for 120 s each (RTP_DRIFT_SECONDS) with 1 ms packets of a frame counter; rtp-recv clocks the
# loopback with them and rtp-capture reads pcmC0D1c: every frame arrives bit-exact (no resampling, no
# gap), 0 xruns, and the capture's frame rate (least squares over the per-second least-delayed STATUS
# timestamps of hw_ptr) equals the sender's clock (its absolute-deadline schedule; its measured send rate must agree within
# 2 ppm) within 1 ppm. rtp-recv's own estimate must be within 5 ppm.
# Two 120 s streams after a 60 s warm-up, each of which may be measured twice:
# selftest-timeout: 900
source "$(dirname "$0")/lib.sh"
source "$ROOT/selftests/rtp/rtp-lib.sh"
# 120 s, not 60: the pipeline's latency wanders by some 70 us now and then on a shared 2-CPU machine, which over
# 60 s read as up to 1.6 ppm (22 streams of earlier CI runs: -1.6 to +1.4 ppm, 4 beyond 1 ppm); twice the time
# halves what the same wander reads as
secs=${RTP_DRIFT_SECONDS:-120}
tmp=$(mktemp -d /tmp/sndfuse-rtp-drift.XXXX)
trap 'rtp_cleanup; rm -rf "$tmp"' EXIT
check "build the RTP helpers" rtp_build
port=$(rtp_port)
L=$tmp/recv.log
if ! rtp_recv_start "$L" --listen "127.0.0.1:$port" --format L16 --rate 48000 --channels 2 --period-frames 480 \
	--jitter 5 --idle 500 --status-interval 0; then
	notok "rtp-recv starts" "$(tail -n 5 "$L")"
	finish
fi
# the pipeline (daemon, receiver; sender and capture are boosted in rtp_stream) runs at nice -10 when root
boost "$RECV_PID" $(pgrep -f "sndfuse.jar mount.* $M\$" || true)
# one receiver for all streams: a stream first warms the Java pipeline (JIT) whose latency would otherwise
# still be shrinking during the measured minute. Measured on a quiet CI machine: the capture rate reads
# +6 ppm during the first 20 s, +1.3 ppm over the next 60 s and within 0.1 ppm after that, so the warm-up
# lasts RTP_DRIFT_WARMUP (60) seconds.
warm=${RTP_DRIFT_WARMUP:-60}
CAP_SECONDS=$((warm + 2)) CAP_ARGS=""
rtp_stream warmup L16 "$port" -n 48 -d "$warm"
expect_eq "warm-up stream bit-exact, 0 xruns" "0 0 0" "$CAP_RC $(field_of "$CAP" errors) $(field_of "$CAP" xruns)"
CAP_SECONDS=$((secs + 3)) CAP_ARGS="-W 2"
# rate_off CAPTURE_RATE PPM: prints the capture's deviation from the sender's schedule in ppm
rate_off() { awk -v c="$1" -v p="$2" 'BEGIN { printf "%.3f", (c / (48000 * (1 + p * 1e-6)) - 1) * 1e6 }'; }
n=1
for ppm in 200 -200; do
	n=$((n + 1))
	rtp_stream "drift$ppm" L16 "$port" -n 48 -d "$secs" -p "$ppm"
	# The 1 ppm bound is about 120 us of pipeline-latency drift over the two minutes. On a shared 2-CPU machine the
	# receiver's latency floor still wanders by that much now and then (seen: -0.7 to +1.3 ppm on an idle
	# machine), so a stream whose rate alone misses is measured once more and the second stream decides;
	# both numbers are printed. Bit-exactness and xruns are checked on every stream.
	off=$(rate_off "$(field_of "$CAP" rate)" "$ppm")
	if ! awk -v d="$off" 'BEGIN { exit !(d > -1 && d < 1) }'; then
		echo "# $ppm ppm: capture rate off by $off ppm; checking this stream's frames, then one more $secs s stream"
		expect_eq "$ppm ppm (first stream): capture bit-exact, no gap, 0 xruns" "0 0 0 0" \
			"$CAP_RC $(field_of "$CAP" errors) $(field_of "$CAP" xruns) $(field_of "$CAP" holes)"
		n=$((n + 1))
		rtp_stream "drift${ppm}b" L16 "$port" -n 48 -d "$secs" -p "$ppm"
	fi
	for _ in $(seq 30); do [ -n "$(stat_of "$L" ppm rtp-stream-end $n)" ] && break; sleep 0.1; done
	grep 'rtp-stream-end' "$L" | sed -n "${n}p" | sed 's/^/# /'
	cap=$CAP snd=$SND cap_rc=$CAP_RC
	expect_eq "$ppm ppm: capture bit-exact, no gap, 0 xruns" "0 0 0 0" \
		"$cap_rc $(field_of "$cap" errors) $(field_of "$cap" xruns) $(field_of "$cap" holes)"
	expect_eq "$ppm ppm: capture starts at the first frame sent" 1048576 "$(field_of "$cap" first)"
	check "$ppm ppm: capture got all but the last period + depth" \
		test $(( $(field_of "$snd" last) - $(field_of "$cap" last) )) -le 720
	cr=$(field_of "$cap" rate); sr=$(field_of "$snd" rate)
	check "$ppm ppm: capture rate $cr follows the sender's clock (48000 x (1 + $ppm/1e6), measured $sr) within 1 ppm" \
		awk -v c="$cr" -v s="$sr" -v p="$ppm" 'BEGIN { n = 48000 * (1 + p * 1e-6); d = (c / n - 1) * 1e6;
			print "#   capture - schedule: " d " ppm, capture - measured sends: " (c / s - 1) * 1e6 " ppm"; exit !(d > -1 && d < 1) }'
	check "$ppm ppm: the sender kept its schedule (measured within 2 ppm)" \
		awk -v s="$sr" -v p="$ppm" 'BEGIN { d = (s / (48000 * (1 + p * 1e-6)) - 1) * 1e6; exit !(d > -2 && d < 2) }'
	est=$(stat_of "$L" ppm rtp-stream-end $n)
	check "$ppm ppm: rtp-recv estimated $est ppm for the stream (within 5)" \
		awk -v e="$est" -v p="$ppm" 'BEGIN { exit !(e != "?" && e - p > -5 && e - p < 5) }'
done
rtp_recv_stop TERM
RECV_PID=""
expect_eq "rtp-recv exits 0" 0 "$RECV_RC"
grep rtp-stats "$L" | tail -n1 | sed 's/^/# /'
expect_eq "rtp-recv counted $n streams ($((n - 1)) restarts), no loss, late, bad packet or xrun" "$((n - 1)) 0 0 0 0" \
	"$(for k in restarts lost late bad xruns; do printf '%s ' "$(stat_of "$L" $k)"; done | sed 's/ $//')"
finish
