#!/usr/bin/env bash
# sndfuse status: a served mount with its pid, uptime, options, card, timers and clients (a utimer session,
# a timer listener, an open PCM); exit 1 for a directory nothing serves, after the daemon stops, and with
# no daemon record in sight (a private mount namespace with an empty /run). Mounts its own daemon.
SNDFUSE_MOUNT=${SNDFUSE_MOUNT:-unused}
source "$(dirname "$0")/lib.sh"
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
d=$(mktemp -d /tmp/sndfuse-status.XXXX)
log=$(mktemp)
"$L" mount --pcm-substreams 2 "$d" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rmdir "$d" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 600); do grep -q '^ready ' "$log" && break; sleep 0.1; done
check "daemon is ready" grep -q "ready $d" "$log"
# the launcher execs java, so $pid is the daemon
exec {u}<>"$d/ctl/utimer"; echo create 20000000 >&$u; read_line $u
exec {l}<>"$d/ctl/timer"; echo "select G4.0" >&$l; echo start >&$l; read_line $l
exec {p}>"$d/snd/pcmC0D0p"
out=$("$L" status "$d" 2>&1); rc=$?
expect_eq "status exits 0 while the mount is served" 0 "$rc"
expect_match "... names the mount, the daemon's pid and its uptime" "^$d: pid $pid, up 00:00:[0-9][0-9]" "$out"
expect_match "... its options" $'\n  options: --mode 0660 .*--pcm-substreams 2' "$out"
expect_match "... the card" $'\n  card 0 \\[Loopback ?\\]: Loopback - Loopback' "$out"
expect_match "... the PCM devices" 'pcm 00-01: Loopback PCM : Loopback PCM : playback 2 : capture 2' "$out"
expect_match "... the timers, the utimer among them" 'timers: G0: system timer .*G4: .*8 PCM timers' "$out"
expect_match "... the timer client (this shell)" "timer G4: pid $$ : running" "$out"
expect_match "... the PCM client" "pcm0p sub0: pid $$ OPEN" "$out"
expect_match "status without arguments lists it too" "(^|"$'\n'")$d: pid $pid" "$("$L" status 2>&1)"
exec {p}>&- {l}>&- {u}>&-
none=$(mktemp -d)
out=$("$L" status "$none" 2>&1); rc=$?
expect_eq "status of a directory nothing serves exits 1" 1 "$rc"
expect_eq "... with one line" "sndfuse: nothing is served at $none" "$out"
rmdir "$none"
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	out=$(unshare -m --propagation private sh -c 'mount -t tmpfs sndfuse-status-test /run && "$1" status' _ "$L" 2>&1); rc=$?
	expect_eq "status with no daemon record in sight exits 1" 1 "$rc"
	expect_eq "... with one line" "sndfuse: nothing is served" "$out"
else
	ok "status with no daemon record in sight # SKIP needs root for a private /run"
fi
kill -TERM $pid; wait $pid; rc=$?
expect_eq "the daemon exits 0" 0 "$rc"
out=$("$L" status "$d" 2>&1); rc=$?
expect_eq "after the stop, status of its mount exits 1" 1 "$rc"
check "... and its record is gone" test ! -e "/run/sndfuse-daemons/$pid"
finish
