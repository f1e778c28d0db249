#!/usr/bin/env bash
# run-aplay.sh - the loopback end to end with UNMODIFIED alsa-lib tools.
#
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-aplay.sh
#   (DIR defaults to /tmp/snd; a daemon must serve it: ./sndfuse mount DIR)
#
# In a private mount namespace (unshare -m, needs root) DIR/snd is bound
# over /dev/snd, so alsa-lib's "hw" plugin opens the emulated nodes.  Then
#   arecord -D hw:0,1,0 -f S16_LE -r 48000 -c 2 -d 2 out.wav &
#   aplay   -D hw:0,0,0 tone.wav
# run on cable#0 (pcmC0D0p sub0 -> pcmC0D1c sub0) with the system clock
# (timer_source is set to "" for the run and restored afterwards), and
# out.wav must hold silence followed by every frame of tone.wav, byte for
# byte.  The same again non-interleaved (RW_NONINTERLEAVED: WRITEN/READN_FRAMES) on substream 1:
#   arecord -I -D hw:0,1,1 -t raw ... outl.raw outr.raw &
#   aplay   -I -D hw:0,0,1 -t raw ... tonel.raw toner.raw
# one raw file per channel, and the channels must come back byte-exact too.
# The tone comes from wavtool.c (compiled here with ${CC:-gcc}).
# Output is TAP; without root it prints one "ok 1 - ... # SKIP" line.
# Needs: alsa-utils (Debian package alsa-utils), util-linux (unshare), gcc.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
TONE_SECONDS=${TONE_SECONDS:-0.75}
RATE=48000

source "$HERE/tap.sh"

# ---------------------------------------------------------------- inside the namespace
if [ "${1:-}" = "--inside" ]; then
	WORK=$2
	num=$3
	mount --bind "$MNT/snd" /dev/snd 2>"$WORK/mount.err" ||
		{ notok "bind $MNT/snd over /dev/snd" "$(cat "$WORK/mount.err")"; echo "$num $failed" >"$WORK/count"; exit 1; }
	ok "bind $MNT/snd over /dev/snd"

	if timeout 20 aplay -l >"$WORK/aplay-l.log" 2>&1 &&
	   grep -q '^card 0: Loopback \[Loopback\], device 0: Loopback PCM \[Loopback PCM\]' "$WORK/aplay-l.log" &&
	   grep -q '^card 0: Loopback \[Loopback\], device 1: Loopback PCM \[Loopback PCM\]' "$WORK/aplay-l.log"; then
		ok "aplay -l lists card 0 Loopback, devices 0 and 1"
	else
		notok "aplay -l lists card 0 Loopback, devices 0 and 1"
		show "$WORK/aplay-l.log"
	fi

	timeout 30 arecord -D hw:0,1,0 -f S16_LE -r $RATE -c 2 -d 2 "$WORK/out.wav" >"$WORK/arecord.log" 2>&1 &
	rec=$!
	status=$MNT/proc/asound/card0/pcm1c/sub0/status
	running=0
	wait_running "$status" "$rec" && running=1
	if [ $running = 1 ]; then
		ok "arecord -D hw:0,1,0 is capturing (pcm1c/sub0 RUNNING)"
	else
		notok "arecord -D hw:0,1,0 is capturing (pcm1c/sub0 RUNNING)" "$(tr '\n' ' ' <"$status" 2>/dev/null)"
		show "$WORK/arecord.log"
	fi

	if timeout 30 aplay -D hw:0,0,0 "$WORK/tone.wav" >"$WORK/aplay.log" 2>&1; then
		ok "aplay -D hw:0,0,0 tone.wav exits 0"
	else
		notok "aplay -D hw:0,0,0 tone.wav exits 0" "exit $?"
		show "$WORK/aplay.log"
	fi
	if wait "$rec"; then
		ok "arecord -d 2 exits 0"
	else
		notok "arecord -d 2 exits 0" "exit $?"
		show "$WORK/arecord.log"
	fi

	# non-interleaved: one raw file per channel, through WRITEN/READN_FRAMES
	raw="-t raw -f S16_LE -r $RATE -c 2"
	timeout 30 arecord -I -D hw:0,1,1 $raw -d 2 "$WORK/outl.raw" "$WORK/outr.raw" >"$WORK/arecord-i.log" 2>&1 &
	rec=$!
	status=$MNT/proc/asound/card0/pcm1c/sub1/status
	running=0
	wait_running "$status" "$rec" && running=1
	if [ $running = 1 ] && grep -q '^access: RW_NONINTERLEAVED' "$MNT/proc/asound/card0/pcm1c/sub1/hw_params"; then
		ok "arecord -I -D hw:0,1,1 is capturing with access RW_NONINTERLEAVED"
	else
		notok "arecord -I -D hw:0,1,1 is capturing with access RW_NONINTERLEAVED" \
			"$(tr '\n' ' ' <"$status" 2>/dev/null)"
		show "$WORK/arecord-i.log"
	fi
	if timeout 30 aplay -I -D hw:0,0,1 $raw "$WORK/tonel.raw" "$WORK/toner.raw" >"$WORK/aplay-i.log" 2>&1; then
		ok "aplay -I -D hw:0,0,1 tonel.raw toner.raw exits 0"
	else
		notok "aplay -I -D hw:0,0,1 tonel.raw toner.raw exits 0" "exit $?"
		show "$WORK/aplay-i.log"
	fi
	if wait "$rec"; then
		ok "arecord -I -d 2 exits 0"
	else
		notok "arecord -I -d 2 exits 0" "exit $?"
		show "$WORK/arecord-i.log"
	fi
	echo "$num $failed" >"$WORK/count"
	exit 0
fi

# ---------------------------------------------------------------- outside
require "aplay/arecord through the mount" "Debian: apt-get install alsa-utils util-linux" aplay arecord unshare mount timeout
if [ ! -e "$MNT/snd/pcmC0D0p" ] || [ ! -e "$MNT/proc/asound/card0/timer_source" ]; then
	notok "sndfuse mount at $MNT" "no $MNT/snd/pcmC0D0p (start: ./sndfuse mount $MNT)"
	finish
fi

WORK=$(mktemp -d /tmp/sndfuse-aplay.XXXXXX)
made_dev_snd=0
saved_source=$(cat "$MNT/proc/asound/card0/timer_source" 2>/dev/null)
cleanup() {
	printf '%s\n' "$saved_source" >"$MNT/proc/asound/card0/timer_source" 2>/dev/null
	[ $made_dev_snd = 1 ] && rmdir /dev/snd 2>/dev/null
	if [ "${KEEP:-0}" = 1 ]; then echo "# kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if ${CC:-gcc} -O2 -Wall -Wextra -o "$WORK/wavtool" "$HERE/wavtool.c" -lm 2>"$WORK/cc.log" &&
   "$WORK/wavtool" gen "$WORK/tone.wav" "$TONE_SECONDS" $RATE &&
   "$WORK/wavtool" split "$WORK/tone.wav" "$WORK/tonel.raw" "$WORK/toner.raw"; then
	ok "generate tone.wav ($TONE_SECONDS s, S16_LE, 2 ch, $RATE Hz)"
else
	notok "generate tone.wav" "$(cat "$WORK/cc.log")"
	finish
fi

# the system clock for cables created from now on
if echo "" >"$MNT/proc/asound/card0/timer_source"; then
	ok "timer_source set to the system clock"
else
	notok "timer_source set to the system clock"
fi

if [ ! -d /dev/snd ]; then
	mkdir -p /dev/snd && made_dev_snd=1
fi
unshare -m --propagation private "$0" --inside "$WORK" "$num"
if [ -f "$WORK/count" ]; then
	read -r num failed_inside <"$WORK/count"
	failed=$((failed + failed_inside))
else
	notok "unshare -m (private mount namespace)" "did not run"
	finish
fi

if [ -s "$WORK/out.wav" ]; then
	if result=$("$WORK/wavtool" match "$WORK/out.wav" "$WORK/tone.wav"); then
		ok "out.wav holds tone.wav byte-exact after the leading silence"
		echo "#   $result"
	else
		notok "out.wav holds tone.wav byte-exact after the leading silence" "$result"
	fi
else
	notok "out.wav holds tone.wav byte-exact after the leading silence" "no capture file"
fi
if [ -s "$WORK/outl.raw" ] && [ -s "$WORK/outr.raw" ]; then
	if result=$("$WORK/wavtool" matchn "$WORK/outl.raw" "$WORK/outr.raw" "$WORK/tone.wav"); then
		ok "outl.raw/outr.raw hold each channel of tone.wav byte-exact after the leading silence"
		echo "#   $result"
	else
		notok "outl.raw/outr.raw hold each channel of tone.wav byte-exact after the leading silence" "$result"
	fi
else
	notok "outl.raw/outr.raw hold each channel of tone.wav byte-exact after the leading silence" "no capture files"
fi
finish
