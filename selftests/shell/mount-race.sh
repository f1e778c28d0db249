#!/usr/bin/env bash
# One daemon per mount point, and a daemon that always exits: two daemons started together on one mount
# point (exactly one serves, the other exits non-zero with one line and unmounts nothing), and a stop
# (SIGTERM or `sndfuse umount`) while another mount namespace holds a copy of the mount (the daemon exits
# within 1 s by aborting the connection; the copy then answers ENOTCONN). Mounts its own daemons.
SNDFUSE_MOUNT=${SNDFUSE_MOUNT:-unused}
source "$(dirname "$0")/lib.sh"
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
dir=$(mktemp -d /tmp/sndfuse-race.XXXX)
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
	fusermount -u -z "$dir" 2>/dev/null
	rmdir "$dir" 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT
mounted() { awk -v d="$dir" '$2 == d { f = 1 } END { exit !f }' /proc/mounts; }
# wait_exit PID TENTHS: waits up to TENTHS/10 s for PID to exit; its status in $rc ("running" if not)
wait_exit() {
	local i
	for i in $(seq "$2"); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$1" 2>/dev/null; then rc=running; else wait "$1"; rc=$?; fi
}
# start_daemon N: daemon N in the background, output in $work/N.{out,err}; pid in $last
start_daemon() { "$L" mount "$dir" > "$work/$1.out" 2> "$work/$1.err" & last=$!; pids+=("$last"); }
await_ready() { local i; for i in $(seq 600); do grep -q '^ready ' "$work/$1.out" && return 0; sleep 0.1; done; return 1; }

for delay in 0 0.15 0.3; do
	start_daemon a; a=$last
	sleep "$delay"
	start_daemon b; b=$last
	# the loser exits by itself; the winner serves until stopped
	winner=""; loser=""
	for _ in $(seq 600); do
		if ! kill -0 "$a" 2>/dev/null; then winner=b; loser=a; break; fi
		if ! kill -0 "$b" 2>/dev/null; then winner=a; loser=b; break; fi
		sleep 0.1
	done
	if [ -z "$winner" ]; then
		notok "race (delay $delay s): one of two daemons exits" "both still running"
		kill -KILL "$a" "$b" 2>/dev/null; wait "$a" "$b" 2>/dev/null; fusermount -u -z "$dir" 2>/dev/null
		continue
	fi
	wpid=${!winner}; lpid=${!loser}
	wait "$lpid"; lrc=$?
	check "race (delay $delay s): the other daemon exits non-zero" test "$lrc" -ne 0
	expect_eq "... with one line, and never printed ready" "1 0" \
		"$(wc -l < "$work/$loser.err") $(grep -c '^ready' "$work/$loser.out")"
	check "... the winner becomes ready" await_ready "$winner"
	check "... and its mount still serves after the loser exited" grep -q 'Advanced Linux Sound Architecture' "$dir/proc/asound/version"
	kill -TERM "$wpid"; wait_exit "$wpid" 200
	expect_eq "... the winner exits 0 on SIGTERM and nothing is left mounted" "0 no" "$rc $(mounted && echo yes || echo no)"
done

# stop while another mount namespace holds a copy of the mount
for how in sigterm umount; do
	start_daemon c; c=$last
	if ! await_ready c; then notok "copy in another namespace ($how): daemon ready"; kill -KILL "$c"; continue; fi
	unshare -m --propagation private sleep 60 & holder=$!; pids+=("$holder")
	for _ in $(seq 50); do [ "$(readlink /proc/$holder/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] && break; sleep 0.05; done
	sleep 0.2
	if [ "$how" = sigterm ]; then kill -TERM "$c"; else "$L" umount "$dir"; fi
	wait_exit "$c" 10
	expect_eq "copy in another namespace ($how): the daemon exits 0 within 1 s" 0 "$rc"
	[ "$rc" = running ] && { kill -KILL "$c"; wait "$c" 2>/dev/null; }
	copy=$(nsenter -m -t "$holder" stat "$dir" 2>&1)
	expect_match "... and the copy answers ENOTCONN" 'Transport endpoint is not connected' "$copy"
	kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
	check "... nothing is left mounted here" test "$(mounted && echo yes || echo no)" = no
done
finish
