#!/usr/bin/env bash
# run-mmap.sh - programs that map the PCM buffer, under the preload library (docs/mmap.md).
#
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-mmap.sh
#   (a daemon must serve DIR; SNDFUSE_PRELOAD_LIB=PATH picks the library, default
#   preload/build/libsndfuse-preload.so, built with make -C preload when missing)
#
# In a private mount namespace (unshare -m, needs root) DIR/snd is bound over /dev/snd and the programs
# run with LD_PRELOAD of the library, with the system clock driving the cables. Each case plays tone.wav
# into one end and captures the other, and the capture must hold the tone byte-exact after leading silence:
#   aplay -M (MMAP_INTERLEAVED) -> arecord;  arecord -M <- aplay
#   mmap-io.c: snd_pcm_mmap_writei / mmap_readi, and the mmap_begin/commit loop, both directions
#   aplay on a dmix device (slave hw:0,0,6), alone and mixed with a second client playing silence
#   arecord on a dsnoop device (slave hw:0,1,7)
#   PulseAudio's module-alsa-sink on hw:0,0,0 in mmap mode: paplay's tone arrives (length, frequency, no gap)
# and without the library aplay -M is refused (no MMAP access offered). TAP output; without root one
# "# SKIP" line. Needs: alsa-utils, libasound2-dev, util-linux, gcc; pulseaudio for its case.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
LIB=${SNDFUSE_PRELOAD_LIB:-$ROOT/preload/build/libsndfuse-preload.so}
RATE=48000

source "$HERE/tap.sh"

# ---------------------------------------------------------------- inside the namespace
if [ "${1:-}" = "--inside" ]; then
	WORK=$2
	num=$3
	mount --bind "$MNT/snd" /dev/snd 2>"$WORK/mount.err" ||
		{ notok "bind $MNT/snd over /dev/snd" "$(cat "$WORK/mount.err")"; echo "$num $failed" >"$WORK/count"; exit 1; }
	export ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:$WORK/asound.conf
	W=$WORK

	# through NAME CAPSUB OUT.wav "CAPTURE CMD" "PLAY CMD": the capture (in the background) must run on
	# pcm1c/subCAPSUB before the playback starts; then OUT.wav must hold tone.wav byte-exact
	through() {
		local name=$1 sub=$2 out=$3 cap=$4 play=$5 rec
		LD_PRELOAD=$LIB timeout 30 sh -c "$cap" >"$W/$out.cap.log" 2>&1 &
		rec=$!
		if ! wait_running "$MNT/proc/asound/card0/pcm1c/sub$sub/status" "$rec"; then
			notok "$name" "capture not running"
			show "$W/$out.cap.log"
			wait "$rec"
			return
		fi
		if ! LD_PRELOAD=$LIB timeout 30 sh -c "$play" >"$W/$out.play.log" 2>&1; then
			notok "$name" "playback failed"
			show "$W/$out.play.log"
			wait "$rec"
			return
		fi
		if ! wait "$rec"; then
			notok "$name" "capture failed"
			show "$W/$out.cap.log"
			return
		fi
		if result=$("$W/wavtool" match "$W/$out" "$W/tone.wav" 2>&1); then
			ok "$name"
			echo "#   $result"
		else
			notok "$name" "$result"
			show "$W/$out.cap.log" # an xrun on either end says where the frames went
			show "$W/$out.play.log"
		fi
	}
	rec2="-f S16_LE -r $RATE -c 2 -d 2"
	through "aplay -M (MMAP_INTERLEAVED) -> arecord: byte-exact" 0 o-aplay-m.wav \
		"arecord -D hw:0,1,0 $rec2 $W/o-aplay-m.wav" "aplay -M -D hw:0,0,0 $W/tone.wav"
	through "snd_pcm_mmap_writei -> arecord: byte-exact" 1 o-writei.wav \
		"arecord -D hw:0,1,1 $rec2 $W/o-writei.wav" "$W/mmap-io play hw:0,0,1 $W/tone.wav"
	through "mmap_begin/commit playback -> arecord: byte-exact" 2 o-commit-p.wav \
		"arecord -D hw:0,1,2 $rec2 $W/o-commit-p.wav" "$W/mmap-io play hw:0,0,2 $W/tone.wav --commit"
	through "aplay -> snd_pcm_mmap_readi: byte-exact" 3 o-readi.wav \
		"$W/mmap-io rec hw:0,1,3 $W/o-readi.wav 2" "aplay -D hw:0,0,3 $W/tone.wav"
	through "aplay -> mmap_begin/commit capture: byte-exact" 4 o-commit-c.wav \
		"$W/mmap-io rec hw:0,1,4 $W/o-commit-c.wav 2 --commit" "aplay -D hw:0,0,4 $W/tone.wav"
	through "aplay -> arecord -M (MMAP_INTERLEAVED): byte-exact" 5 o-arecord-m.wav \
		"arecord -M -D hw:0,1,5 $rec2 $W/o-arecord-m.wav" "aplay -D hw:0,0,5 $W/tone.wav"
	# the dmix clients play tone-pad.wav (the tone inside two periods of silence): see its generation below
	through "aplay on dmix (slave hw:0,0,6) -> arecord: byte-exact" 6 o-dmix.wav \
		"arecord -D hw:0,1,6 $rec2 $W/o-dmix.wav" "aplay -D sfdmix $W/tone-pad.wav"
	# a second dmix client opens the slave with O_APPEND and maps the same ring; it plays silence, so the
	# mix is the tone again
	through "two dmix clients (tone + silence) mixed in one mapped ring -> arecord: byte-exact" 6 o-dmix2.wav \
		"arecord -D hw:0,1,6 $rec2 $W/o-dmix2.wav" \
		"(aplay -D sfdmix $W/zeros.wav & sleep 0.2; aplay -D sfdmix $W/tone-pad.wav; e=\$?; wait \$! && exit \$e)"
	through "aplay -> arecord on dsnoop (slave hw:0,1,7): byte-exact" 7 o-dsnoop.wav \
		"arecord -D sfdsnoop $rec2 $W/o-dsnoop.wav" "aplay -D hw:0,0,7 $W/tone.wav"

	# PulseAudio's module-alsa-sink in its default mmap mode (timer-based scheduling); it resamples to its own
	# rate, so the capture is checked for the tone's length and frequency and for gaps
	if command -v pulseaudio >/dev/null 2>&1 && command -v paplay >/dev/null 2>&1; then
		mkdir -p "$W/pa"
		HOME=$W/pa PULSE_RUNTIME_PATH=$W/pa LD_PRELOAD=$LIB timeout 60 pulseaudio -n --daemonize=no \
			--exit-idle-time=-1 --disallow-exit --use-pid-file=no --log-target=stderr \
			-L "module-native-protocol-unix socket=$W/pa/sock" -L "module-alsa-sink device=hw:0,0,0 sink_name=lb" \
			>"$W/pa.log" 2>&1 &
		pa=$!
		hwp=$MNT/proc/asound/card0/pcm0p/sub0/hw_params
		for _ in $(seq 1 250); do grep -q '^access' "$hwp" 2>/dev/null && break; sleep 0.02; done
		if grep -q '^access: MMAP_INTERLEAVED' "$hwp"; then
			ok "PulseAudio module-alsa-sink opens hw:0,0,0 with MMAP_INTERLEAVED"
			f=$(awk '/^format:/ { print $2 }' "$hwp")
			r=$(awk '/^rate:/ { print $2 }' "$hwp")
			c=$(awk '/^channels:/ { print $2 }' "$hwp")
			timeout 30 arecord -D hw:0,1,0 -f "$f" -r "$r" -c "$c" -d 3 "$W/pa.wav" >"$W/pa-rec.log" 2>&1 &
			rec=$!
			wait_running "$MNT/proc/asound/card0/pcm1c/sub0/status" "$rec"
			if timeout 20 paplay --server="unix:$W/pa/sock" "$W/tone.wav" >"$W/paplay.log" 2>&1 && wait "$rec" &&
			   result=$("$W/tonecheck" "$W/pa.wav" 0.75 440); then
				ok "paplay through PulseAudio's mmap sink: the 440 Hz tone arrives whole ($result)"
			else
				notok "paplay through PulseAudio's mmap sink: the 440 Hz tone arrives whole" "${result:-failed}"
				show "$W/paplay.log"
				show "$W/pa-rec.log"
			fi
		else
			notok "PulseAudio module-alsa-sink opens hw:0,0,0 with MMAP_INTERLEAVED" "$(tr '\n' ' ' <"$hwp")"
			grep -E '^E:' "$W/pa.log" | head -5 | sed 's/^/#   /'
		fi
		kill "$pa" 2>/dev/null
		wait "$pa" 2>/dev/null
	else
		skip "PulseAudio module-alsa-sink in mmap mode" "pulseaudio/paplay not installed"
	fi

	if timeout 20 aplay -M -D hw:0,0,0 "$W/tone.wav" >"$W/nolib.log" 2>&1; then
		notok "without the library aplay -M is refused (only RW access offered)" "it played"
	elif grep -qi "access type not available" "$W/nolib.log"; then
		ok "without the library aplay -M is refused (only RW access offered)"
	else
		notok "without the library aplay -M is refused (only RW access offered)" "$(head -c 300 "$W/nolib.log")"
	fi
	echo "$num $failed" >"$WORK/count"
	exit 0
fi

# ---------------------------------------------------------------- outside
require "mmap through the preload library" "" aplay arecord unshare mount timeout
if [ ! -e "$LIB" ] && [ -f "$ROOT/preload/Makefile" ]; then
	make -s -C "$ROOT/preload" >/dev/null 2>&1
fi
if [ ! -e "$LIB" ]; then
	skip "mmap through the preload library" "no $LIB (preload/Makefile not there yet?)"
	finish
fi
if [ ! -e "$MNT/snd/pcmC0D0p" ]; then
	notok "sndfuse mount at $MNT" "no $MNT/snd/pcmC0D0p"
	finish
fi

WORK=$(mktemp -d /tmp/sndfuse-mmap.XXXXXX)
made_dev_snd=0
saved_source=$(cat "$MNT/proc/asound/card0/timer_source" 2>/dev/null)
cleanup() {
	printf '%s\n' "$saved_source" >"$MNT/proc/asound/card0/timer_source" 2>/dev/null
	[ $made_dev_snd = 1 ] && rmdir /dev/snd 2>/dev/null
	if [ "${KEEP:-0}" = 1 ]; then echo "# kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if ${CC:-gcc} -O2 -Wall -Wextra -o "$WORK/wavtool" "$HERE/wavtool.c" -lm 2>"$WORK/cc.log" &&
   ${CC:-gcc} -O2 -Wall -Wextra -o "$WORK/mmap-io" "$HERE/mmap-io.c" -lasound 2>>"$WORK/cc.log" &&
   ${CC:-gcc} -O2 -Wall -Wextra -o "$WORK/tonecheck" "$HERE/tonecheck.c" -lm 2>>"$WORK/cc.log" &&
   "$WORK/wavtool" gen "$WORK/tone.wav" 0.75 $RATE && "$WORK/wavtool" gen "$WORK/long.wav" 1.5 $RATE &&
   "$WORK/wavtool" gen "$WORK/tone-pad.wav" 0.75 $RATE 2048; then
	ok "build wavtool, mmap-io and tonecheck, generate tone.wav (0.75 s, S16_LE, 2 ch, $RATE Hz)"
else
	notok "build wavtool, mmap-io and tonecheck" "$(cat "$WORK/cc.log")"
	finish
fi
# tone-pad.wav, for the dmix clients: with hw_ptr_alignment roundup a client's first frame goes to the slave's
# next period boundary, r < 1024 frames past the hardware pointer, while its own pointer counts from the
# hardware pointer (alsa-lib snd_pcm_direct_reset_slave_ptr). So its drain returns once the slave has played
# all but its last r frames, and its close stops the slave: a tail up to a period, minus aplay's padding, is
# lost, on a kernel too (docs/preload.md, "`default` under `sndfuse exec` is dmix/dsnoop"). Its first frames
# are mixed after the pointer was read, so a loaded machine can lose a few at the start as well. Two periods
# of silence on each side absorb both; the match skips the leading silence and ignores what follows the tone.
# zeros.wav: 1.5 s of silence (long.wav's canonical header, zero data)
size=$(stat -c %s "$WORK/long.wav")
{ head -c 44 "$WORK/long.wav"; head -c $((size - 44)) /dev/zero; } >"$WORK/zeros.wav"
# hw_ptr_alignment roundup: a client joining a running dmix starts at the next slave period boundary, so
# none of its frames land where the hardware has already read and the capture can be byte-exact; buffers of
# 16384 frames leave room for a loaded machine
cat >"$WORK/asound.conf" <<EOF
pcm.sfdmix {
	type dmix
	ipc_key $((40000 + $$ % 20000))
	ipc_perm 0600
	hw_ptr_alignment roundup
	slave { pcm "hw:0,0,6" format S16_LE rate $RATE channels 2 period_size 1024 buffer_size 16384 }
}
pcm.sfdsnoop {
	type dsnoop
	ipc_key $((60000 + $$ % 20000))
	ipc_perm 0600
	slave { pcm "hw:0,1,7" format S16_LE rate $RATE channels 2 period_size 1024 buffer_size 16384 }
}
EOF

echo "" >"$MNT/proc/asound/card0/timer_source" # the system clock for the cables opened from now on
if [ ! -d /dev/snd ]; then
	mkdir -p /dev/snd && made_dev_snd=1
fi
export LIB MNT RATE
unshare -m --propagation private "$0" --inside "$WORK" "$num"
if [ -f "$WORK/count" ]; then
	read -r num failed_inside <"$WORK/count"
	failed=$((failed + failed_inside))
else
	notok "unshare -m (private mount namespace)" "did not run"
fi
finish
