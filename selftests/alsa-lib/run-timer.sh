#!/usr/bin/env bash
# run-timer.sh - alsa-lib's timer API (snd_timer_open/params/start/read, tread events) through the mount.
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-timer.sh   (root: private mount namespace; TAP output)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
n=0; failed=0
ok()    { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1${2:+: $2}"; }
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
	echo "ok 1 - alsa-lib timer API through the mount # SKIP needs root and unshare"; exit 0
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
if ${CC:-gcc} -O2 -Wall -o "$bin/timer-read" "$HERE/timer-read.c" -lasound 2>"$bin/cc.log"; then
	ok "timer-read.c builds against alsa-lib"
else
	notok "timer-read.c builds against alsa-lib" "$(head -c 300 "$bin/cc.log")"; exit 1
fi
out=$(timeout 30 unshare -m sh -c "mkdir -p /dev/snd && mount --bind '$MNT/snd' /dev/snd && '$bin/timer-read' 0 0 25 4" 2>&1)
echo "$out" | sed 's/^/# /'
if grep -q "id 'system', resolution 4000000 ns" <<<"$out"; then ok "snd_timer_info of the system timer"; else notok "snd_timer_info of the system timer"; fi
if grep -q "^event 2 val 4000000" <<<"$out"; then ok "START event with the resolution"; else notok "START event with the resolution"; fi
if grep -Eq "^periods 4 ticks (10[0-9])$" <<<"$out"; then ok "4 tick events of 25 ticks (late wake-ups deliver the missed ticks)"; else notok "4 tick events of 25 ticks"; fi
echo "1..$n"
[ "$failed" -eq 0 ]
