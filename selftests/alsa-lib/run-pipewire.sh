#!/usr/bin/env bash
# run-pipewire.sh - PipeWire on the loopback under sndfuse exec (docs/pipewire.md).
#
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-pipewire.sh
#   (a daemon must serve DIR; SNDFUSE_LAUNCHER=PATH replaces ./sndfuse, whose "exec --mount DIR" runs the session)
#
# One `sndfuse exec` session, with the system clock driving the cables (timer_source "" for the run, restored
# afterwards), starts pipewire and wireplumber privately (own XDG_RUNTIME_DIR and config, no D-Bus: wireplumber's
# D-Bus features and device monitors are turned off, the nodes are made by hand), then:
#   1. an ALSA sink with PipeWire's default settings,
#        pw-cli create-node adapter '{ factory.name=api.alsa.pcm.sink node.name=lb media.class=Audio/Sink
#                                      api.alsa.path="hw:0,0" object.linger=true }'
#      (PipeWire >= 0.3.70 opens it MMAP_NONINTERLEAVED, FLOAT_LE, 32 channels: asserted), `pw-play --target lb`
#      of a 1 s 440 Hz tone, and arecord on the twin capture substream in the format, channel count and
#      interleaving the sink chose (aloop refuses a capture that differs from the running playback: EIO);
#   2. aplay -I (S16_LE, 2 ch, non-interleaved) of the tone into hw:0,0, and `pw-record` from an
#      api.alsa.pcm.source node on the twin hw:0,1 substream (aloop restricts its format, rate and channels to
#      the running playback's; PipeWire takes the planar access, so the playback is non-interleaved too).
# Each capture must hold the tone at 440 Hz and roughly 1 s long (tonegaps.c: the frequency over the sounding
# parts, the length less any gaps, within 10%); gaps, xruns and PipeWire's XRun messages are printed, not
# asserted: they are scheduling, not the audio path. The ALSA access, format and channels PipeWire chose are
# printed from the mount's proc/asound/card0/pcm*/sub*/hw_params. PipeWire older than 0.3.70 is skipped: it
# ignores the channel areas' first/step with MMAP_NONINTERLEAVED and is silent on a kernel snd-aloop too
# (docs/pipewire.md). TAP output; without root, PipeWire (Debian 12: pipewire, pipewire-bin, wireplumber from
# bookworm-backports, installed by .ci/run) or alsa-utils one "# SKIP" line.
# Needs: pipewire, pipewire-bin, wireplumber, alsa-utils, gcc, util-linux.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
RATE=48000

source "$HERE/tap.sh"

require "PipeWire under sndfuse exec" "Debian 12: pipewire, pipewire-bin, wireplumber from bookworm-backports" \
	pipewire wireplumber pw-cli pw-play pw-record aplay arecord timeout
pwver=$(pipewire --version 2>/dev/null | sed -n 's/.*libpipewire \([0-9][0-9.]*\).*/\1/p' | tail -n 1)
wpver=$(wireplumber --version 2>/dev/null | sed -n 's/.*libwireplumber \([0-9][0-9.]*\).*/\1/p' | tail -n 1)
if [ -z "$pwver" ] || [ "$(printf '%s\n' 0.3.70 "$pwver" | sort -V | head -n 1)" != 0.3.70 ]; then
	skip "PipeWire under sndfuse exec" "PipeWire ${pwver:-?} < 0.3.70 writes every channel of an MMAP_NONINTERLEAVED buffer into plane 0, silent on a kernel snd-aloop too (docs/pipewire.md)"
	finish
fi
if [ -z "$wpver" ] || [ "$(printf '%s\n' 0.5 "$wpver" | sort -V | head -n 1)" != 0.5 ]; then
	skip "PipeWire under sndfuse exec" "WirePlumber ${wpver:-?} < 0.5 does not read the conf.d fragment that turns off its device monitors and D-Bus"
	finish
fi
mount_work pipewire
cleanup() {
	local pid name sig
	# whatever the session left running (it stops its own on exit; this is for a session that was killed):
	# SIGTERM first, which timeout passes on to the program it runs
	for sig in TERM KILL; do
		while read -r pid name; do
			[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] && kill -$sig "$pid" 2>/dev/null && sleep 0.2
		done <"$W/pids" 2>/dev/null
	done
	release_work
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

if ${CC:-gcc} -O2 -Wall -Wextra -o "$W/wavtool" "$HERE/wavtool.c" -lm 2>"$W/cc.log" &&
   ${CC:-gcc} -O2 -Wall -Wextra -o "$W/tonegaps" "$HERE/tonegaps.c" -lm 2>>"$W/cc.log" &&
   "$W/wavtool" gen "$W/tone.wav" 1 $RATE 72000 &&
   "$W/wavtool" split "$W/tone.wav" "$W/tonel.raw" "$W/toner.raw"; then
	ok "build wavtool and tonegaps, generate tone.wav (1 s of 440/660 Hz inside 1.5 s of silence each side, S16_LE, 2 ch)"
else
	notok "build wavtool and tonegaps" "$(head -c 400 "$W/cc.log")"
	finish
fi

# ---------------------------------------------------------------- the session, inside sndfuse exec
cat >"$W/pw.sh" <<'EOF'
# $1 = work dir, $2 = mount. Writes key=value lines to $W/result and the pids it starts to $W/pids.
W=$1 M=$2
P=$M/proc/asound/card0
export XDG_RUNTIME_DIR=$W/run XDG_CONFIG_HOME=$W/config XDG_STATE_HOME=$W/state XDG_DATA_HOME=$W/data HOME=$W/home
export PIPEWIRE_RUNTIME_DIR=$XDG_RUNTIME_DIR PULSE_RUNTIME_PATH=$W/run/pulse
unset DBUS_SESSION_BUS_ADDRESS PIPEWIRE_REMOTE PIPEWIRE_DEBUG WIREPLUMBER_DEBUG DISPLAY WAYLAND_DISPLAY
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
mkdir -p "$XDG_CONFIG_HOME/pipewire/pipewire.conf.d" "$XDG_CONFIG_HOME/wireplumber/wireplumber.conf.d" \
	"$XDG_STATE_HOME" "$XDG_DATA_HOME" "$HOME"
# pipewire: no D-Bus modules (portal, jackdbus-detect) and no X11 bell; the rest is the packaged default
cat >"$XDG_CONFIG_HOME/pipewire/pipewire.conf.d/90-sndfuse-selftest.conf" <<'CONF'
context.properties = {
    module.portal = false
    module.jackdbus-detect = false
    module.x11.bell = false
}
CONF
# wireplumber: its session policy (linking, default nodes, suspend on idle) as packaged, without D-Bus and without
# device monitors (they enumerate the host's cards through udev, whose nodes this namespace would resolve to the
# mount's), so the nodes below are the only ALSA nodes
cat >"$XDG_CONFIG_HOME/wireplumber/wireplumber.conf.d/90-sndfuse-selftest.conf" <<'CONF'
wireplumber.profiles = {
  main = {
    hardware.audio = disabled
    hardware.bluetooth = disabled
    hardware.video-capture = disabled
    support.dbus = disabled
    support.reserve-device = disabled
    support.portal-permissionstore = disabled
    script.client.access-portal = disabled
    support.logind = disabled
  }
}
CONF
pids=()
result() { echo "$1" >>"$W/result"; }
started() { pids+=("$1"); echo "$1 $2" >>"$W/pids"; } # PID COMM
stop_all() {
	local p
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	pids=()
}
trap stop_all EXIT
trap 'exit 1' INT TERM HUP
# node_id NAME: the id of the node called NAME, or nothing
node_id() {
	pw-cli ls Node 2>/dev/null | awk -v n="node.name = \"$1\"" '$1 == "id" { id = $2 + 0 } index($0, n) { print id; exit }'
}
# running_sub DIR: the first sub of proc's DIR (pcm0p, pcm1c) whose status says RUNNING, within 10 s
running_sub() {
	local s _
	for _ in $(seq 500); do
		for s in "$P/$1"/sub*; do
			grep -q '^state: RUNNING' "$s/status" 2>/dev/null && { echo "${s##*sub}"; return 0; }
		done
		sleep 0.02
	done
	return 1
}
# xruns LOG: PipeWire's xrun messages so far (a driver's "XRun!", a graph's "graph xrun": pw.node's info level)
xruns() { grep -cE 'XRun!|graph xrun' "$1" 2>/dev/null; }

PIPEWIRE_DEBUG=W,pw.node:I pipewire >"$W/pipewire.log" 2>&1 &
started $! pipewire
for _ in $(seq 200); do [ -S "$XDG_RUNTIME_DIR/pipewire-0" ] && break; sleep 0.05; done
[ -S "$XDG_RUNTIME_DIR/pipewire-0" ] || { result "pipewire=down"; exit 1; }
result "pipewire=up"
wireplumber >"$W/wireplumber.log" 2>&1 &
started $! wireplumber
# wireplumber is ready for streams once it has made the "default" metadata
for _ in $(seq 150); do pw-cli ls Metadata 2>/dev/null | grep -q 'metadata.name = "default"' && break; sleep 0.1; done
pw-cli ls Metadata 2>/dev/null | grep -q 'metadata.name = "default"' || { result "wireplumber=down"; exit 1; }
result "wireplumber=up"

# ---- 1. the sink with its default settings, pw-play into it, arecord on the other end
timeout 10 pw-cli create-node adapter '{ factory.name=api.alsa.pcm.sink node.name=lb media.class=Audio/Sink api.alsa.path="hw:0,0" object.linger=true }' \
	>"$W/create-sink.log" 2>&1
for _ in $(seq 100); do [ -n "$(node_id lb)" ] && break; sleep 0.05; done
sink=$(node_id lb)
[ -n "$sink" ] || { result "sink=missing"; exit 1; }
result "sink=$sink"
timeout 30 pw-play --target lb "$W/tone.wav" >"$W/pw-play.log" 2>&1 &
play=$!
started $play timeout
if sub=$(running_sub pcm0p); then
	tr '\n' ' ' <"$P/pcm0p/sub$sub/hw_params" >"$W/sink.hw_params"
	result "sink_sub=$sub"
	access=$(awk '$1 == "access:" { print $2 }' "$P/pcm0p/sub$sub/hw_params")
	format=$(awk '$1 == "format:" { print $2 }' "$P/pcm0p/sub$sub/hw_params")
	channels=$(awk '$1 == "channels:" { print $2 }' "$P/pcm0p/sub$sub/hw_params")
	rate=$(awk '$1 == "rate:" { print $2 }' "$P/pcm0p/sub$sub/hw_params")
	# the twin capture in the sink's format; non-interleaved: one raw file per channel
	case $access in
	*NONINTERLEAVED) files=$(for i in $(seq 0 $((channels - 1))); do echo "$W/sink-ch$i.raw"; done); il=-I ;;
	*) files=$W/sink.wav; il= ;;
	esac
	# shellcheck disable=SC2086 # a list of files
	timeout 30 arecord $il -D "hw:0,1,$sub" -f "$format" -c "$channels" -r "$rate" -d 5 $files >"$W/sink-arecord.log" 2>&1 &
	rec=$!
	started $rec timeout
	wait "$play"
	result "pw-play=$?"
	wait "$rec"
	result "sink-arecord=$?"
	result "sink-access=$access"
else
	result "sink_sub=none"
	wait "$play"
	result "pw-play=$?"
fi
result "sink-xruns=$(xruns "$W/pipewire.log")"
timeout 10 pw-cli destroy "$sink" >/dev/null 2>&1
# until the sink's substream is closed again
for _ in $(seq 250); do grep -q '^closed' "$P/pcm0p/sub${sub:-0}/hw_params" 2>/dev/null && break; sleep 0.02; done

# ---- 2. aplay into hw:0,0, pw-record through an ALSA source on the twin hw:0,1 substream
timeout 30 aplay -I -D hw:0,0 -t raw -f S16_LE -c 2 -r 48000 "$W/tonel.raw" "$W/toner.raw" >"$W/aplay.log" 2>&1 &
ap=$!
started $ap timeout
if sub=$(running_sub pcm0p); then
	result "aplay_sub=$sub"
	timeout 10 pw-cli create-node adapter "{ factory.name=api.alsa.pcm.source node.name=lbsrc media.class=Audio/Source api.alsa.path=\"hw:0,1,$sub\" object.linger=true }" \
		>"$W/create-source.log" 2>&1
	for _ in $(seq 100); do [ -n "$(node_id lbsrc)" ] && break; sleep 0.05; done
	src=$(node_id lbsrc)
	result "source=${src:-missing}"
	timeout 30 pw-record --target lbsrc "$W/rec.wav" >"$W/pw-record.log" 2>&1 &
	pr=$!
	started $pr timeout
	for _ in $(seq 500); do
		grep -q '^state: RUNNING' "$P/pcm1c/sub$sub/status" 2>/dev/null && break
		kill -0 "$pr" 2>/dev/null || break
		sleep 0.02
	done
	tr '\n' ' ' <"$P/pcm1c/sub$sub/hw_params" >"$W/source.hw_params"
	wait "$ap"
	result "aplay=$?"
	sleep 0.3
	kill -INT "$pr" 2>/dev/null # pw-record finishes its file on SIGINT
	wait "$pr"
	result "pw-record=$?"
else
	result "aplay_sub=none"
	wait "$ap"
	result "aplay=$?"
fi
result "source-xruns=$(xruns "$W/pipewire.log")"
EOF

echo "" >"$MNT/proc/asound/card0/timer_source" # the system clock for the cables opened from now on
timeout -k 10 120 "$L" exec --mount "$MNT" -- bash "$W/pw.sh" "$W" "$MNT" >"$W/exec.log" 2>&1
exec_rc=$?
r() { sed -n "s/^$1=//p" "$W/result" 2>/dev/null | tail -n 1; }
# params FILE: "ACCESS, FORMAT, N ch, RATE Hz" from a hw_params copy (one line)
params() { awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) } END { printf "%s, %s, %s ch, %s Hz", v["access:"], v["format:"], v["channels:"], v["rate:"] }' "$1" 2>/dev/null; }
show_logs() {
	local f
	for f in "$@"; do
		[ -s "$W/$f" ] || continue
		echo "#   --- $f"
		tail -n 8 "$W/$f" | sed 's/^/#   /'
	done
}

if [ "$(r pipewire)" = up ] && [ "$(r wireplumber)" = up ]; then
	ok "pipewire $pwver and wireplumber $wpver start under sndfuse exec (private runtime dir, no D-Bus)"
else
	notok "pipewire $pwver and wireplumber $wpver start under sndfuse exec" "exec exit $exec_rc"
	show_logs exec.log pipewire.log wireplumber.log
	finish
fi

# 1. the sink
hw=$(cat "$W/sink.hw_params" 2>/dev/null)
echo "# sink lb on pcmC0D0p sub$(r sink_sub): ${hw:-no hw_params}"
if [[ "$hw" == *"access: MMAP_NONINTERLEAVED format: FLOAT_LE "*"channels: 32 rate: 48000 "* ]]; then
	ok "the ALSA sink with its default settings opens hw:0,0 in mmap mode (MMAP_NONINTERLEAVED, FLOAT_LE, 32 ch, 48000 Hz)"
else
	notok "the ALSA sink with its default settings opens hw:0,0 in mmap mode (MMAP_NONINTERLEAVED, FLOAT_LE, 32 ch)" \
		"sink $(r sink), $(head -c 300 "$W/create-sink.log")"
	grep -E '^\[E\]' "$W/pipewire.log" | head -5 | sed 's/^/#   /'
fi
if [ -f "$W/sink-ch0.raw" ]; then
	res=$("$W/tonegaps" "$W/sink-ch0.raw" 1 440 float32:$RATE 2>&1)
else
	res=$("$W/tonegaps" "$W/sink.wav" 1 440 2>&1)
fi
tc=$?
if [ "$(r pw-play)" = 0 ] && [ "$(r sink-arecord)" = 0 ] && [ $tc = 0 ]; then
	ok "pw-play --target lb: the 1 s 440 Hz tone arrives on the other end (channel 0: $res)"
else
	notok "pw-play --target lb: the 1 s 440 Hz tone arrives on the other end" \
		"pw-play $(r pw-play), arecord $(r sink-arecord); channel 0: $res"
	show_logs pw-play.log sink-arecord.log pipewire.log
fi
[ -f "$W/sink-ch1.raw" ] && echo "#   channel 1: $("$W/tonegaps" "$W/sink-ch1.raw" 1 660 float32:$RATE 2>&1)"
echo "#   xruns: arecord $(grep -c 'overrun' "$W/sink-arecord.log" 2>/dev/null), PipeWire log $(r sink-xruns)"

# 2. the source
hw=$(cat "$W/source.hw_params" 2>/dev/null)
echo "# source lbsrc on pcmC0D1c sub$(r aplay_sub): ${hw:-no hw_params}"
if [[ "$hw" == *"access: MMAP_"* ]]; then
	ok "the ALSA source on hw:0,1 runs in mmap mode in the playback's format ($(params "$W/source.hw_params"))"
else
	notok "the ALSA source on hw:0,1 runs in mmap mode" "source $(r source), $(head -c 300 "$W/create-source.log")"
	grep -E '^\[E\]' "$W/pipewire.log" | head -5 | sed 's/^/#   /'
fi
res=$("$W/tonegaps" "$W/rec.wav" 1 440 2>&1)
tc=$?
if [ "$(r aplay)" = 0 ] && [ $tc = 0 ]; then
	ok "pw-record from the source: aplay's 1 s 440 Hz tone arrives (channel 0: $res)"
else
	notok "pw-record from the source: aplay's 1 s 440 Hz tone arrives" "aplay $(r aplay), pw-record $(r pw-record); $res"
	show_logs aplay.log pw-record.log pipewire.log
fi
echo "#   xruns: aplay $(grep -c 'underrun' "$W/aplay.log" 2>/dev/null), PipeWire log $(($(r source-xruns) + 0 - $(r sink-xruns) + 0))"
finish
