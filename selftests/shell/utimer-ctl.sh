#!/usr/bin/env bash
# ctl/utimer and ctl/timer from bash alone: create / trigger / info / destroy, a listener counting ticks,
# /proc/asound/timers before and after, and every malformed command.
source "$(dirname "$0")/lib.sh"

before=$(cat "$M/proc/asound/timers")
exec {t}<>"$M/ctl/utimer"
echo create 551250000 >&$t
read_line $t; read -r word id <<<"$REPLY_LINE"
expect_eq "create answers 'id N'" "id" "$word"
expect_match "utimer id is a number 0..127" '^[0-9]+$' "$id"
timers=$(cat "$M/proc/asound/timers")
expect_match "proc/asound/timers lists the utimer" $'G4:  : 551250.000us \\(1 ticks\\)' "$timers"

exec {l}<>"$M/ctl/timer"
echo "select G4.$id" >&$l && echo start >&$l
check "listener selects and starts" true
timers=$(cat "$M/proc/asound/timers")
expect_match "proc/asound/timers lists the listener client" "Client application [0-9]+ : running" "$timers"

N=25
for _ in $(seq $N); do echo trigger >&$t; done
echo "trigger 5" >&$t
out=$(timeout 2 cat <&$l)
expect_eq "listener counts every tick ($N single + 5)" "$((N + 5))" "$(sum_ticks <<<"$out")"
expect_match "first event line is start with the resolution" '^start 551250000 [0-9]+\.[0-9]{9}' "$out"

echo info >&$t
read_line $t
expect_match "info line" "^id $id name snd-utimer$id resolution 551250000 ticks $((N + 5)) listeners 1$" "$REPLY_LINE"

echo status >&$l
read_line $l
expect_match "status line" '^status tstamp [0-9]+\.[0-9]{9} resolution 551250000 lost 0 overrun 0 queue 0$' "$REPLY_LINE"

# Malformed and out-of-order commands: a one-line error, the write fails, the session stays usable.
err() { # err NAME FD COMMAND EXPECTED_ERRNAME
  local name=$1 fd=$2 cmd=$3 want=$4
  if printf '%s\n' "$cmd" >&"$fd" 2>/dev/null; then notok "$name" "write succeeded"; return; fi
  read_line "$fd"
  expect_match "$name" "^error $want: .+" "$REPLY_LINE"
}
err "unknown command" $t "bogus" EINVAL
err "create twice on one session" $t "create 1000000" EBUSY
err "trigger with a bad count" $t "trigger lots" EINVAL
err "too many arguments" $t "trigger 1 2" EINVAL
err "select of a missing timer" $l "select G9" ENODEV
err "start before select" $l "start" EBADFD
err "bad timer name" $l "select nonsense" EINVAL
err "bad params word" $l "params ticks" EINVAL
exec {u}<>"$M/ctl/utimer"
err "resolution 0" $u "create 0" EINVAL
err "trigger before create" $u "trigger" ENOTTY
err "line over 4 KiB" $u "create $(head -c 5000 /dev/zero | tr '\0' 9)" EINVAL
if printf 'cre' >&$u && printf 'ate 2000000\n' >&$u; then read_line $u; expect_match "partial line across writes" '^id [0-9]+$' "$REPLY_LINE"; else notok "partial line across writes"; fi
if head -c 300 /dev/urandom | tr '\n' x >&$u 2>/dev/null; echo >&$u 2>/dev/null; then notok "binary garbage refused"; else read_line $u; expect_match "binary garbage gets an error line" '^error EINVAL' "$REPLY_LINE"; fi
echo info >&$u; read_line $u
expect_match "session still usable after errors" '^id [0-9]+ name snd-utimer' "$REPLY_LINE"
exec {u}>&-

exec {t}>&-
sleep 0.2
after=$(cat "$M/proc/asound/timers")
expect_eq "closing the session destroys the utimer" "$before" "$after"
echo "select G4.$id" >&$l 2>/dev/null; read_line $l
expect_match "select of the destroyed id fails" '^error ENODEV' "$REPLY_LINE"
exec {l}>&-
finish
