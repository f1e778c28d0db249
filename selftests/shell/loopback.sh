#!/usr/bin/env bash
# The loopback card from bash alone: a utimer made in shell clocks the cable while dd writes playback and dd
# reads capture (byte-exact), /proc/asound status during the run, the event stream of a whole stream
# lifecycle in order, module parameters and ctl/pcm errors.
source "$(dirname "$0")/lib.sh"
P=3840    # one period: 960 frames x 2 channels x 2 bytes = 20 ms at 48 kHz
N=40
tmp=$(mktemp -d)
trap '[ "$_failed" -eq 0 ] && rm -rf "$tmp" || echo "# kept $tmp"' EXIT

expect_match "proc/asound/cards" '^ 0 \[Loopback       \]: Loopback - Loopback' "$(cat "$M/proc/asound/cards")"
expect_match "proc/asound/pcm" '^00-00: Loopback PCM : Loopback PCM : playback [1-8] : capture [1-8]' "$(cat "$M/proc/asound/pcm")"
expect_eq "sub0/status of a closed substream" "closed" "$(cat "$M/proc/asound/card0/pcm0p/sub0/status")"
expect_match "module parameter pcm_substreams" '^[1-8],8,8' "$(cat "$M/sys/module/snd_aloop/parameters/pcm_substreams")"

exec {e}<"$M/events"
exec {t}<>"$M/ctl/utimer"
echo create 20000000 >&$t; read_line $t; id=${REPLY_LINE#id }
expect_match "utimer for the cable" '^[0-9]+$' "$id"
old_source=$(cat "$M/proc/asound/card0/timer_source")
echo "-1.4.$id" > "$M/proc/asound/card0/timer_source"
expect_eq "card0/timer_source takes the utimer" "-1.4.$id" "$(cat "$M/proc/asound/card0/timer_source")"
# Playback keeps 4 periods of room, so dd must keep writing while the timer runs; capture holds the whole run.
echo "set C0D0p format=S16_LE rate=48000 channels=2 period=960 buffer=3840" > "$M/ctl/pcm"
echo "set C0D1c format=S16_LE rate=48000 channels=2 period=960 buffer=$((960 * N))" > "$M/ctl/pcm"
exec {s}<>"$M/ctl/pcm"; echo show >&$s; shown=$(timeout 1 cat <&$s); exec {s}>&-
expect_match "ctl/pcm show" 'C0D0p format=S16_LE rate=48000 channels=2 period=960 buffer=3840 start=1' "$shown"

head -c $((P * N)) /dev/urandom > "$tmp/src"
dd if="$M/snd/pcmC0D1c" of="$tmp/dst" bs=$P count=$N iflag=fullblock 2>"$tmp/dd-r" &
reader=$!
exec {w}>"$M/snd/pcmC0D0p"
dd if="$tmp/src" bs=$P >&$w 2>"$tmp/dd-w" &
writer=$!
for _ in $(seq 100); do
  grep -q RUNNING "$M/proc/asound/card0/pcm0p/sub0/status" && grep -q RUNNING "$M/proc/asound/card0/pcm1c/sub0/status" && break
  sleep 0.05
done
st=$(cat "$M/proc/asound/card0/pcm0p/sub0/status")
expect_match "playback status shows RUNNING and its owner" $'state: RUNNING\nowner_pid   : [0-9]+' "$st"
expect_match "cable#0 shows the running pair" 'running: 3' "$(cat "$M/proc/asound/card0/cable#0")"
# One trigger per period, each once dd has refilled the playback buffer (as a receiver triggers on arrival).
refilled() { # refilled I: playback queued frames cover what is left after I triggers
  local left=$(( (N - $1) * 960 )) q
  q=$(awk '/^hw_ptr/ { h = $3 } /^appl_ptr/ { a = $3 } END { print a - h }' "$M/proc/asound/card0/pcm0p/sub0/status")
  [ "$q" -ge $(( left < 3840 ? left : 3840 )) ] 2>/dev/null
}
for i in $(seq 0 $((N - 1))); do
  for _ in $(seq 400); do refilled $i && break; sleep 0.01; done
  echo trigger >&$t
  if [ $i -eq $((N / 2 - 1)) ]; then
    st=$(cat "$M/proc/asound/card0/pcm1c/sub0/status")
    expect_match "capture hw_ptr moved one period per trigger" "hw_ptr      : $((960 * N / 2))" "$st"
  fi
done
wait $reader; r1=$?
wait $writer; r2=$?
check "dd reader and writer finished" test $r1 -eq 0 -a $r2 -eq 0
check "capture is byte-exact to playback ($N periods)" cmp -s "$tmp/src" "$tmp/dst"
expect_match "playback underruns once its data is played" 'state: XRUN' "$(cat "$M/proc/asound/card0/pcm0p/sub0/status")"
exec {w}>&-
sleep 0.2
exec {t}>&-
echo "$old_source" > "$M/proc/asound/card0/timer_source"
for node in C0D0p C0D1c; do echo "clear $node" > "$M/ctl/pcm"; done
sleep 0.3
timeout 1 cat <&$e > "$tmp/events"
exec {e}<&-
life=$(awk '$3 == "pcm=C0D0p" && $4 == "sub=0" { print $2 }' "$tmp/events" | uniq | tr '\n' ' ')
expect_match "playback lifecycle events in order" '^pcm-open pcm-prepare pcm-start pcm-pos .*pcm-xrun (pcm-stop )?pcm-close $' "$life"
expect_match "position events carry bytes per period" "pcm-pos pcm=C0D1c sub=0 bytes=$P hw_ptr=960" "$(cat "$tmp/events")"
expect_eq "sub0/status closed again" "closed" "$(cat "$M/proc/asound/card0/pcm0p/sub0/status")"

exec {s}<>"$M/ctl/pcm"
for bad in "set C0D9p rate=48000" "set C0D0p rate=fast" "set C0D0p colour=blue" "set C0D0p format=S17" "bogus"; do
  if printf '%s\n' "$bad" >&$s 2>/dev/null; then notok "ctl/pcm refuses '$bad'"; else read_line $s; expect_match "ctl/pcm refuses '$bad'" '^error E[A-Z]+: ' "$REPLY_LINE"; fi
done
exec {s}>&-
finish
