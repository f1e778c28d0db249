#!/usr/bin/env bash
# run-link.sh - alsa-lib's snd_pcm_pause() and snd_pcm_link() through the preload library (pcm-link-pause.c).
#
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-link.sh      (a daemon serves DIR: ./sndfuse mount DIR)
#
# In a private mount namespace (root) DIR/snd is bound over /dev/snd and the program runs with
# LD_PRELOAD=preload/build/libsndfuse-preload.so, so alsa-lib's PAUSE by value and LINK by fd reach the daemon
# as the library's private requests: "pause" on substream 2 (pause(1)/(0) mid-stream, position frozen, no frame
# lost), "link" on substream 3 (latency.c's steps: linked start with equal trigger timestamps, 5 s without an
# xrun, a drop that stops both). The system clock drives the cables (timer_source "" for the run, restored
# after). Output is TAP; without root, alsa-lib headers or the library it prints one "# SKIP" line.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
LIB=${SNDFUSE_PRELOAD:-$ROOT/preload/build/libsndfuse-preload.so}

if [ "${1:-}" = "--inside" ]; then
	mount --bind "$MNT/snd" /dev/snd || { echo "not ok - bind $MNT/snd over /dev/snd"; exit 1; }
	rc=0
	LD_PRELOAD=$LIB timeout 60 "$2" pause 2 || rc=1
	LD_PRELOAD=$LIB timeout 60 "$2" link 3 || rc=1
	exit $rc
fi

skip() { echo "ok 1 - snd_pcm_pause/snd_pcm_link through the preload library # SKIP $1"; echo "1..1"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (unshare -m, mount --bind)"
[ -f "$LIB" ] || skip "no $LIB (make -C preload)"
[ -e "$MNT/snd/pcmC0D0p" ] || { echo "not ok 1 - sndfuse mount at $MNT"; echo "1..1"; exit 1; }
WORK=$(mktemp -d /tmp/sndfuse-link.XXXXXX)
made_dev_snd=0
saved_source=$(cat "$MNT/proc/asound/card0/timer_source" 2>/dev/null)
cleanup() {
	printf '%s\n' "$saved_source" >"$MNT/proc/asound/card0/timer_source" 2>/dev/null
	[ $made_dev_snd = 1 ] && rmdir /dev/snd 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
${CC:-gcc} -O2 -Wall -Wextra -o "$WORK/pcm-link-pause" "$HERE/pcm-link-pause.c" -lasound -pthread \
	2>"$WORK/cc.log" || skip "cannot build with alsa-lib: $(head -n 1 "$WORK/cc.log")"
echo "" >"$MNT/proc/asound/card0/timer_source"
if [ ! -d /dev/snd ]; then
	mkdir -p /dev/snd && made_dev_snd=1
fi
unshare -m --propagation private "$0" --inside "$WORK/pcm-link-pause"
rc=$?
exit $rc
