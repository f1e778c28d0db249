#!/usr/bin/env bash
# rtp-recv against a hostile network, all on 127.0.0.1: 5% loss with reordering and duplicates (counted
# exactly as the sender did them; every lost packet is silence of exactly its length at its place, the
# rest bit-exact), a storm of garbage and truncated packets (all counted bad, the stream undisturbed),
# L24, SIGINT, one-line refusals of bad options, and multicast in a private network namespace.
source "$(dirname "$0")/lib.sh"
source "$ROOT/selftests/rtp/rtp-lib.sh"
tmp=$(mktemp -d /tmp/sndfuse-rtp-net.XXXX)
trap 'rtp_cleanup; rm -rf "$tmp"' EXIT
check "build the RTP helpers" rtp_build
old_source=$(cat "$M/proc/asound/card0/timer_source")

CAP_SECONDS=12 CAP_ARGS=-H
if rtp_case loss L16 -n 48 -d 10 -l 5 -o 5 -u 2; then
	L=$tmp/loss.log
	check "loss: the sender dropped, reordered and duplicated packets" \
		test "$(field_of "$SND" dropped)" -gt 100 -a "$(field_of "$SND" reordered)" -gt 100 -a "$(field_of "$SND" duplicated)" -gt 20
	expect_eq "loss: lost = packets the sender dropped" "$(field_of "$SND" dropped)" "$(stat_of "$L" lost)"
	expect_eq "loss: reordered = packets the sender swapped" "$(field_of "$SND" reordered)" "$(stat_of "$L" reordered)"
	expect_eq "loss: duplicates = packets the sender repeated" "$(field_of "$SND" duplicated)" "$(stat_of "$L" duplicates)"
	expect_eq "loss: nothing late, bad, restarted, no xrun" "0 0 0 0" \
		"$(stat_of "$L" late) $(stat_of "$L" bad) $(stat_of "$L" restarts) $(stat_of "$L" xruns)"
	expect_eq "loss: capture exact around every hole, 0 xruns" "0 0 0" "$CAP_RC $(field_of "$CAP" errors) $(field_of "$CAP" xruns)"
	expect_eq "loss: silence = 48 frames per lost packet" $(( 48 * $(field_of "$SND" dropped) )) "$(field_of "$CAP" hole_frames)"
	expect_eq "loss: concealed frames counted the same" "$(field_of "$CAP" hole_frames)" "$(stat_of "$L" concealed)"
	check "loss: the stream ran to its end" test $(( $(field_of "$SND" last) - $(field_of "$CAP" last) )) -le 720
fi

CAP_SECONDS=8 CAP_ARGS=""
if rtp_case garbage L16 -n 48 -d 6 -g 4; then
	L=$tmp/garbage.log
	check "garbage: the sender sent 4 bad datagrams per packet" test "$(field_of "$SND" garbage)" -ge 20000
	expect_eq "garbage: every one counted bad" "$(field_of "$SND" garbage)" "$(stat_of "$L" bad)"
	expect_eq "garbage: every good packet accepted" "$(field_of "$SND" packets)" "$(stat_of "$L" packets)"
	expect_eq "garbage: capture bit-exact without holes, 0 xruns" "0 0 0 0" \
		"$CAP_RC $(field_of "$CAP" errors) $(field_of "$CAP" holes) $(field_of "$CAP" xruns)"
	expect_eq "garbage: nothing lost, late or restarted" "0 0 0" "$(stat_of "$L" lost) $(stat_of "$L" late) $(stat_of "$L" restarts)"
fi

CAP_SECONDS=6 STOP_SIGNAL=INT
if rtp_case l24 L24 -n 96 -d 4; then
	expect_eq "L24: 24-bit counter bit-exact in S32_LE, no holes, 0 xruns" "0 0 0 0" \
		"$CAP_RC $(field_of "$CAP" errors) $(field_of "$CAP" holes) $(field_of "$CAP" xruns)"
	expect_eq "L24: rtp-recv exits 0 on SIGINT" 0 "$RECV_RC"
	check "L24: the stream ran to its end" test $(( $(field_of "$SND" last) - $(field_of "$CAP" last) )) -le 720
fi
STOP_SIGNAL=TERM
expect_eq "timer_source restored after every run" "$old_source" "$(cat "$M/proc/asound/card0/timer_source")"

# refusals: one line, exit 2, nothing left behind
out=$("$ROOT/sndfuse" rtp-recv --mount "$M" --listen 127.0.0.1:5004 --format L20 --rate 48000 --channels 2 2>&1)
rc=$?
expect_eq "refuses --format L20 with one line and exit 2" "2 1" "$rc $(wc -l <<<"$out")"
printf 'v=0\nm=audio 5004 RTP/AVP 96\na=rtpmap:96 opus/48000/2\nc=IN IP4 127.0.0.1\n' >"$tmp/opus.sdp"
out=$("$ROOT/sndfuse" rtp-recv --mount "$M" --sdp "$tmp/opus.sdp" 2>&1)
expect_match "refuses an SDP without L16/L24" "unsupported encoding 'opus'" "$out"
out=$("$ROOT/sndfuse" rtp-recv --mount "$M" --sdp "$tmp/opus.sdp" --substream 99 2>&1)
expect_eq "timer_source untouched by refusals" "$old_source" "$(cat "$M/proc/asound/card0/timer_source")"

# multicast: a private network namespace with only lo, multicast on, a route for 239/8; receiver, capture
# and sender all run inside it (the capture end opens once the receiver is ready, as always)
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null && unshare -n true 2>/dev/null; then
	port=$(rtp_port)
	unshare -n bash -c "
		ip link set lo up && ip link set lo multicast on && ip route add 239.0.0.0/8 dev lo || exit 9
		env --default-signal=INT '$ROOT/sndfuse' rtp-recv --mount '$M' --listen 239.255.7.7:$port --interface lo \
			--format L16 --rate 48000 --channels 2 --period-frames 480 --idle 500 --status-interval 0 2>'$tmp/mc.log' &
		r=\$!
		for _ in \$(seq 600); do grep -q '^rtp-recv: ready' '$tmp/mc.log' && break; sleep 0.1; done
		'$RTP_BIN/rtp-capture' -P 480 -B 48000 -d 7 >'$tmp/mc.cap' 2>'$tmp/mc.err' &
		c=\$!
		sleep 0.5
		'$RTP_BIN/rtp-send' -a 239.255.7.7:$port -n 48 -d 4 >'$tmp/mc.snd'
		wait \$c; echo \$? >'$tmp/mc.caprc'
		kill -TERM \$r; wait \$r" >"$tmp/mc.out" 2>&1
	mc_rc=$?
	CAP=$(cat "$tmp/mc.cap" 2>/dev/null)
	echo "# $(cat "$tmp/mc.snd" 2>/dev/null)"
	echo "# $CAP"
	grep rtp-stats "$tmp/mc.log" | tail -n1 | sed 's/^/# /'
	expect_eq "multicast 239.255.7.7 on lo in a private netns: rtp-recv exits 0" 0 "$mc_rc"
	expect_eq "multicast: capture bit-exact, no holes, 0 xruns" "0 0 0 0" \
		"$(cat "$tmp/mc.caprc" 2>/dev/null) $(field_of "$CAP" errors) $(field_of "$CAP" holes) $(field_of "$CAP" xruns)"
	counted=$(field_of "$CAP" counted)
	check "multicast: frames arrived" test "${counted:-0}" -gt 150000
else
	ok "multicast in a private network namespace # SKIP needs root, ip and unshare -n"
fi
finish
