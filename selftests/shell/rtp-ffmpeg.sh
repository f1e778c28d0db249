#!/usr/bin/env bash
# rtp-recv with a real sender: ffmpeg sends a 1 kHz sine as RTP L16 48 kHz stereo to 127.0.0.1, rtp-recv
# (configured from ffmpeg's SDP file) feeds pcmC0D0p and clocks the loopback with a utimer, and an
# unmodified arecord captures 10 s from hw:0,1,0 through a private bind mount of the mount's snd/ over
# /dev/snd: the tone is there, without gaps, and without xruns. Then SIGTERM: exit 0, timer_source back.
source "$(dirname "$0")/lib.sh"
source "$ROOT/selftests/rtp/rtp-lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v ffmpeg >/dev/null || ! command -v arecord >/dev/null; then
	ok "ffmpeg -> rtp-recv -> arecord # SKIP needs root, ffmpeg and arecord (.ci/run installs them)"
	finish
fi
tmp=$(mktemp -d /tmp/sndfuse-rtp-ffmpeg.XXXX)
trap 'kill $FF_PID $REC_PID $EV_PID 2>/dev/null; [ -n "${RECV_PID:-}" ] && kill $RECV_PID 2>/dev/null; rm -rf "$tmp"' EXIT
check "build the RTP helpers" rtp_build
port=$(rtp_port)
sine=(-f lavfi -i sine=frequency=1000:sample_rate=48000 -ac 2 -c:a pcm_s16be -f rtp -sdp_file "$tmp/s.sdp")
# a 50 ms dry run writes the SDP (ffmpeg writes it when the stream starts)
timeout 20 ffmpeg -hide_banner -loglevel error "${sine[@]:0:4}" -t 0.05 "${sine[@]:4}" "rtp://127.0.0.1:$port" \
	>"$tmp/ffmpeg-dry.log" 2>&1
expect_match "ffmpeg writes an SDP with L16/48000/2" "m=audio $port RTP/AVP [0-9]+.*rtpmap:[0-9]+ L16/48000/2" \
	"$(tr '\n' ' ' <"$tmp/s.sdp" 2>/dev/null)"

old_source=$(cat "$M/proc/asound/card0/timer_source")
timeout 60 cat "$M/events" >"$tmp/events" &
EV_PID=$!
if ! rtp_recv_start "$tmp/recv.log" --sdp "$tmp/s.sdp" --period-frames 480 --jitter 5 --idle 400 --status-interval 2; then
	notok "rtp-recv --sdp starts" "$(tail -n 5 "$tmp/recv.log")"
	finish
fi
ok "rtp-recv --sdp starts"
id=$(sed -n 's/.*utimer \([0-9]*\) (.*/\1/p' "$tmp/recv.log" | head -n1)
expect_eq "timer_source points at the utimer" "-1.4.$id" "$(cat "$M/proc/asound/card0/timer_source")"

[ -d /dev/snd ] || mkdir -p /dev/snd
unshare -m --propagation private sh -c "mount --bind '$M/snd' /dev/snd && exec timeout 40 arecord -D hw:0,1,0 \
	-f S16_LE -r 48000 -c 2 --period-size=480 --buffer-size=24000 -d 10 '$tmp/out.wav'" >"$tmp/arecord.log" 2>&1 &
REC_PID=$!
for _ in $(seq 200); do grep -q RUNNING "$M/proc/asound/card0/pcm1c/sub0/status" 2>/dev/null && break; sleep 0.05; done
timeout 40 ffmpeg -hide_banner -loglevel error -re "${sine[@]:0:4}" -t 13 "${sine[@]:4}" "rtp://127.0.0.1:$port" \
	>"$tmp/ffmpeg.log" 2>&1 &
FF_PID=$!
wait $REC_PID
rc=$?
REC_PID=""
expect_eq "arecord -D hw:0,1,0 -d 10 exits 0" 0 "$rc"
if grep -qi 'overrun\|xrun\|error' "$tmp/arecord.log"; then
	notok "arecord reports no overrun" "$(tr '\n' ' ' <"$tmp/arecord.log")"
else
	ok "arecord reports no overrun"
fi
result=$("$RTP_BIN/tone-check" "$tmp/out.wav" 48000 1000 9.0 2>&1)
rc=$?
echo "# $result" | tr '\n' ' '; echo
expect_eq "the capture is a continuous 1000 Hz tone for >= 9 s" 0 "$rc"
wait $FF_PID 2>/dev/null
FF_PID=""
rtp_recv_stop TERM
expect_eq "rtp-recv exits 0 on SIGTERM" 0 "$RECV_RC"
RECV_PID=""
sed 's/^/#   /' "$tmp/recv.log" | tail -n 3
expect_eq "timer_source restored" "$old_source" "$(cat "$M/proc/asound/card0/timer_source")"
check "the utimer is gone" bash -c "! grep -q '^G4' '$M/proc/asound/timers'"
expect_match "pcmC0D0p sub0 closed" "closed" "$(cat "$M/proc/asound/card0/pcm0p/sub0/status")"
packets=$(stat_of "$tmp/recv.log" packets)
check "rtp-recv got the packets (packets=$packets)" test "${packets:-0}" -gt 1000
expect_eq "no loss, late or bad packets, no xrun" "0 0 0 0" \
	"$(stat_of "$tmp/recv.log" lost) $(stat_of "$tmp/recv.log" late) $(stat_of "$tmp/recv.log" bad) $(stat_of "$tmp/recv.log" xruns)"
ppm=$(stat_of "$tmp/recv.log" ppm)
check "sender rate estimated within 100 ppm of nominal (ppm=$ppm)" awk -v p="$ppm" 'BEGIN { exit !(p != "?" && p > -100 && p < 100) }'
kill $EV_PID 2>/dev/null
wait $EV_PID 2>/dev/null
check "statistics posted on the events stream" grep -q ' user rtp-stats sub=0 packets=' "$tmp/events"
finish
