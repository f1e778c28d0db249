#!/usr/bin/env bash
# run-portaudio.sh - PortAudio with its defaults on exec's default device, plug -> dmix / plug -> dsnoop
# (README "sndfuse exec", docs/portaudio-dmix.md).
#
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-portaudio.sh
#   (a daemon must serve DIR; SNDFUSE_LAUNCHER=PATH replaces ./sndfuse, whose "exec --mount DIR" runs each case)
#
# With the system clock driving the cables (timer_source "" for the run, restored afterwards), under sndfuse exec,
# pa-tone.py (PyAudio, Debian's python3-pyaudio on PortAudio 19.6) with frames_per_buffer unspecified and the
# default latency, as most programs open it:
#   plays a 3 s 440 Hz tone on default in callback mode and in blocking mode, while arecord records the other
#     end of the cable (hw:0,1,0): the tone must arrive whole (length, frequency, no gap: tonecheck.c);
#   records default (dsnoop) in callback mode and in blocking mode while aplay plays the tone into hw:0,0,0: the
#     recording must hold the tone whole.
# With PortAudio's defaults dmix and dsnoop hand it a buffer of two slave periods, which loses whole periods
# (paOutputUnderflow / paInputOverflow, 2048-frame holes) at the slightest lateness; exec's dmix and dsnoop
# therefore give every client the slave's whole buffer (docs/portaudio-dmix.md). The underflow and overflow
# counts are printed, not asserted: only the audio is. A case is tried up to three times and passes when one
# attempt is whole (every attempt is reported); a machine that stalls for longer than the buffer fails it.
# TAP output; without root, python3-pyaudio or alsa-utils one "# SKIP" line.
# Needs: python3-pyaudio, alsa-utils, gcc, util-linux.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
RATE=48000
SECS=3

source "$HERE/tap.sh"

# ---------------------------------------------------------------- one attempt, inside sndfuse exec
# --case play|rec MODE W PY OUT: prints pa-tone's line and the slave's hw_params; OUT.wav is the recording
if [ "${1:-}" = "--case" ]; then
	what=$2 mode=$3 W=$4 PY=$5 out=$6
	if [ "$what" = play ]; then
		slave=$MNT/proc/asound/card0/pcm0p/sub0
		timeout 30 arecord -D hw:0,1,0 -f S16_LE -r $RATE -c 2 -d $((SECS + 5)) "$out" >"$out.arecord.log" 2>&1 &
		other=$!
		wait_running "$MNT/proc/asound/card0/pcm1c/sub0/status" "$other" || { echo "arecord on hw:0,1,0 did not start"; exit 1; }
		(sleep 1; cat "$slave/hw_params" >"$out.hw" 2>&1) &
		timeout 60 "$PY" "$HERE/pa-tone.py" play "$mode" $SECS 2>"$out.py.log"
		rc=$?
		wait "$other"
	else
		slave=$MNT/proc/asound/card0/pcm1c/sub0
		# PortAudio's start-up opens and closes every device, default too: wait for the stream itself
		PA_TONE_READY=$out.ready timeout 60 "$PY" "$HERE/pa-tone.py" rec "$mode" $((SECS + 2)) "$out" 2>"$out.py.log" &
		py=$!
		for _ in $(seq 1 500); do [ -e "$out.ready" ] && break; kill -0 "$py" 2>/dev/null || break; sleep 0.02; done
		cat "$slave/hw_params" >"$out.hw" 2>&1
		timeout 30 aplay -q -D hw:0,0,0 "$W/tone.wav" >"$out.aplay.log" 2>&1
		wait "$py"
		rc=$?
	fi
	echo "slave: $(grep -E '^(period_size|buffer_size)' "$out.hw" 2>/dev/null | tr '\n' ' ')"
	exit $rc
fi

# ---------------------------------------------------------------- outside
require "PortAudio under sndfuse exec" "Debian: alsa-utils" aplay arecord timeout
PY=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pyaudio' 2>/dev/null; then
		PY=$(command -v "$p")
		break
	fi
done
if [ -z "$PY" ]; then
	skip "PortAudio under sndfuse exec" "no python3 with pyaudio (Debian: python3-pyaudio)"
	finish
fi
mount_work portaudio
cleanup() {
	release_work
}
trap cleanup EXIT
if ${CC:-gcc} -O2 -Wall -Wextra -o "$W/tonecheck" "$HERE/tonecheck.c" -lm 2>"$W/cc.log" &&
   ${CC:-gcc} -O2 -Wall -Wextra -o "$W/wavtool" "$HERE/wavtool.c" -lm 2>>"$W/cc.log" &&
   "$W/wavtool" gen "$W/tone.wav" $SECS $RATE; then
	ok "build tonecheck and wavtool, generate tone.wav ($SECS s, 440 Hz)"
else
	notok "build tonecheck and wavtool" "$(head -c 400 "$W/cc.log")"
	finish
fi
echo "" >"$MNT/proc/asound/card0/timer_source" # the system clock for the cables opened from now on

# portaudio NAME play|rec MODE: up to three attempts, one must carry the tone whole
portaudio() {
	local name=$1 what=$2 mode=$3 try out line rc result whole
	for try in 1 2 3; do
		out=$W/$what-$mode-$try.wav
		line=$(timeout 90 "$L" exec --mount "$MNT" -- bash "$HERE/run-portaudio.sh" --case "$what" "$mode" "$W" "$PY" "$out" 2>"$out.exec.log")
		rc=$?
		result=$("$W/tonecheck" "$out" $SECS 440 2>&1)
		whole=$?
		[ -n "$line" ] && echo "$line" | sed "s/^/#   attempt $try: /"
		if [ $rc = 0 ] && [ $whole = 0 ]; then
			ok "$name: the tone arrives whole ($result; attempt $try)"
			return
		fi
		echo "#   attempt $try: exit $rc, $result"
		show "$out.exec.log"
		grep -v -E '^ALSA lib|^Expression|^Cannot connect|^jack|^JackShm|^$' "$out.py.log" 2>/dev/null |
			tail -n 5 | sed 's/^/#     /'
	done
	notok "$name: the tone arrives whole" "not in 3 attempts ($result)"
}
portaudio "PortAudio callback mode plays on default (plug -> dmix) -> arecord hw:0,1,0" play callback
portaudio "PortAudio blocking mode plays on default (plug -> dmix) -> arecord hw:0,1,0" play blocking
portaudio "aplay hw:0,0,0 -> PortAudio callback mode records default (plug -> dsnoop)" rec callback
portaudio "aplay hw:0,0,0 -> PortAudio blocking mode records default (plug -> dsnoop)" rec blocking
finish
