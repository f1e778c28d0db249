#!/usr/bin/env bash
# --clock virtual: the system timer ticks exactly as ctl/clock is advanced, no sleeping involved.
# Mounts its own daemon (the shared mount runs on the real clock).
SNDFUSE_MOUNT=${SNDFUSE_MOUNT:-unused}
source "$(dirname "$0")/lib.sh"
vm=$(mktemp -d /tmp/sndfuse-vclock.XXXX)
log=$(mktemp)
"${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}" mount --clock virtual "$vm" > "$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rmdir "$vm"; rm -f "$log"' EXIT
for _ in $(seq 600); do grep -q '^ready ' "$log" && break; sleep 0.1; done
check "virtual-clock daemon is ready" grep -q "^ready $vm" "$log"
M=$vm

read -r line < "$M/ctl/clock"
expect_match "ctl/clock shows the virtual clock" '^clock virtual now [0-9]+\.[0-9]{9} ns [0-9]+$' "$line"
t0=$(awk '{print $6}' <<<"$line")

exec {l}<>"$M/ctl/timer"
echo "select system" >&$l && echo start >&$l
echo "advance 1s" > "$M/ctl/clock"
got=$(timeout 1 cat <&$l | sum_ticks)
expect_eq "1 s of virtual time = 250 system ticks (HZ 250)" 250 "$got"
echo "advance 480frames@48000" > "$M/ctl/clock"      # 10 ms: 2 whole ticks, 2 ms carried
got=$(timeout 1 cat <&$l | sum_ticks)
expect_eq "10 ms more = 2 ticks" 2 "$got"
echo "advance 10ms" > "$M/ctl/clock"                 # 12 ms since the last tick: 3 more
got=$(timeout 1 cat <&$l | sum_ticks)
expect_eq "the remainder carries over: 3 ticks" 3 "$got"
echo stop >&$l
echo "advance 2s" > "$M/ctl/clock"
got=$(timeout 1 cat <&$l | sum_ticks)
expect_eq "a stopped listener gets no ticks" 0 "$got"
exec {l}>&-
read -r line < "$M/ctl/clock"
t1=$(awk '{print $6}' <<<"$line")
expect_eq "the clock moved by exactly what was advanced" $((1000000000 + 10000000 + 10000000 + 2000000000)) $((t1 - t0))
if echo "advance soon" > "$M/ctl/clock" 2>/dev/null; then notok "bad duration refused"; else ok "bad duration refused"; fi
finish
