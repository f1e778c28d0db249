#!/usr/bin/env bash
# run-async.sh - programs that count by SIGIO, under sndfuse exec with the preload library (docs/preload.md
# "SIGIO"). FUSE files never send SIGIO; the library reports O_ASYNC to the daemon, which signals per event.
#
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-async.sh   (a daemon serves DIR; root; TAP output)
#
#   the kernel's utimer selftest with global-timer counting by SIGIO: utimer-test -k drives async-global-timer
#     (snd_async_add_timer_handler, a handler that never reads) with 10 TRIGGERs: exactly 10
#   alsa-lib's async timer mode (test/timer.c -a): system timer and HR timer, callbacks at the expected rate
#   alsa-lib's async PCM mode (test/pcm -m async): playback fed from the callback, capture checks the data,
#     no xrun, one callback per period
# The system clock drives the cables (timer_source "" for the run, restored after).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}

source "$HERE/tap.sh"
source "$ROOT/selftests/relay.sh"
require "SIGIO through alsa-lib under sndfuse exec" "" gcc
[ -e "$MNT/snd/timer" ] || { notok "sndfuse mount at $MNT"; finish; }
W=$(mktemp -d /tmp/sndfuse-async.XXXXXX)
chmod 755 "$W"
saved_source=$(cat "$MNT/proc/asound/card0/timer_source")
cleanup() {
	printf '%s\n' "$saved_source" >"$MNT/proc/asound/card0/timer_source" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

cc=(gcc -O2 -Wall -Wextra -pthread)
for p in async-global-timer async-timer async-pcm; do
	if ! "${cc[@]}" -o "$W/$p" "$HERE/$p.c" -lasound 2>"$W/cc.log"; then
		skip "SIGIO through alsa-lib" "cannot build $p.c with alsa-lib: $(head -n 1 "$W/cc.log")"
		finish
	fi
done
"${cc[@]}" -I "$ROOT/selftests/include" -o "$W/utimer-test" "$ROOT/selftests/c/utimer-test.c" 2>"$W/cc.log" ||
	{ notok "build utimer-test" "$(head -n 1 "$W/cc.log")"; finish; }
echo "" >"$MNT/proc/asound/card0/timer_source"

sx() { timeout 90 "$L" exec --mount "$MNT" -- "$@"; }

relay "global-timer by SIGIO (utimer-test -k, 10 TRIGGERs)" \
	sx env SNDFUSE_TIMER=/dev/snd/timer "$W/utimer-test" -k -n 10 -i 100 -s 3 -g "$W/async-global-timer"
relay "alsa-lib async timer (test/timer.c -a)" sx "$W/async-timer" 0 20 2
relay "alsa-lib async timer (test/timer.c -a)" sx "$W/async-timer" 3 10 2
relay "alsa-lib async PCM (test/pcm -m async)" sx "$W/async-pcm"
finish
