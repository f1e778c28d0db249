#!/usr/bin/env bash
# The network clock follows the sender: our own sender (selftests/rtp/rtp-send.c) runs 200 ppm fast and
# then 200 ppm slow for 60 s each (RTP_DRIFT_SECONDS) with 1 ms packets of a frame counter; rtp-recv clocks the
# loopback with them and rtp-capture reads pcmC0D1c: every frame arrives bit-exact (no resampling, no
# gap), 0 xruns, and the capture's frame rate (least squares over the per-second least-delayed reads)
# equals the sender's measured rate within 1 ppm. rtp-recv's own estimate must be within 5 ppm.
source "$(dirname "$0")/lib.sh"
source "$ROOT/selftests/rtp/rtp-lib.sh"
secs=${RTP_DRIFT_SECONDS:-60}
tmp=$(mktemp -d /tmp/sndfuse-rtp-drift.XXXX)
trap 'rtp_cleanup; rm -rf "$tmp"' EXIT
check "build the RTP helpers" rtp_build
CAP_SECONDS=$((secs + 3)) RECV_ARGS="--status-interval 10"
for ppm in 200 -200; do
	rtp_case "drift$ppm" L16 -n 48 -d "$secs" -p "$ppm" || continue
	cap=$CAP snd=$SND cap_rc=$CAP_RC L=$tmp/drift$ppm.log
	expect_eq "$ppm ppm: capture bit-exact, no gap, 0 xruns" "0 0 0 0" \
		"$cap_rc $(field_of "$cap" errors) $(field_of "$cap" xruns) $(field_of "$cap" holes)"
	expect_eq "$ppm ppm: capture starts at the first frame sent" 1048576 "$(field_of "$cap" first)"
	check "$ppm ppm: capture got all but the last period + depth" \
		test $(( $(field_of "$snd" last) - $(field_of "$cap" last) )) -le 720
	cr=$(field_of "$cap" rate); sr=$(field_of "$snd" rate)
	check "$ppm ppm: capture rate $cr follows the sender's $sr within 1 ppm" \
		awk -v c="$cr" -v s="$sr" 'BEGIN { d = (c / s - 1) * 1e6; print "#   difference " d " ppm"; exit !(d > -1 && d < 1) }'
	check "$ppm ppm: the sender ran at its nominal rate (within 2 ppm)" \
		awk -v s="$sr" -v p="$ppm" 'BEGIN { d = (s / (48000 * (1 + p * 1e-6)) - 1) * 1e6; exit !(d > -2 && d < 2) }'
	est=$(stat_of "$L" ppm)
	check "$ppm ppm: rtp-recv estimates $est ppm (within 5)" \
		awk -v e="$est" -v p="$ppm" 'BEGIN { exit !(e != "?" && e - p > -5 && e - p < 5) }'
	expect_eq "$ppm ppm: rtp-recv counted no loss, late, bad packet or xrun" "0 0 0 0 0" \
		"$(for k in lost late bad xruns restarts; do printf '%s ' "$(stat_of "$L" $k)"; done | sed 's/ $//')"
done
finish
