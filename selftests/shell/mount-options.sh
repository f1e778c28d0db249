#!/usr/bin/env bash
# The CLI's options and refusals: --mode/--group on device nodes, --pcm-substreams, --timer-source,
# --receive-threads, ls -l/stat,
# one-line errors for a missing, non-empty or busy mount point, umount of something not mounted, --version.
# Mounts its own daemon.
SNDFUSE_MOUNT=${SNDFUSE_MOUNT:-unused}
source "$(dirname "$0")/lib.sh"
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
vm=$(mktemp -d /tmp/sndfuse-opts.XXXX)
log=$(mktemp)
"$L" mount --mode 0640 --group 1 --pcm-substreams 2 --timer-source -1.3.0 --receive-threads 2 "$vm" > "$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rmdir "$vm" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 600); do grep -q '^ready ' "$log" && break; sleep 0.1; done
check "daemon with options is ready" grep -q "ready $vm" "$log"

expect_eq "snd/timer mode and group from --mode 0640 --group 1" "640 1 0" "$(stat -c '%a %g %s' "$vm/snd/timer")"
expect_eq "PCM nodes take the same mode" "640" "$(stat -c '%a' "$vm/snd/pcmC0D1c")"
expect_eq "proc files are read-only" "444" "$(stat -c '%a' "$vm/proc/asound/cards")"
expect_eq "directories are 755" "755 directory" "$(stat -c '%a %F' "$vm/proc/asound/card0")"
expect_match "ls -l shows regular files of size 0" '^-rw-r----- 1 [^ ]+ [^ ]+ 0 ' "$(ls -l "$vm/snd/timer")"
expect_match "--pcm-substreams 2 shows in proc/asound/pcm" 'playback 2 : capture 2' "$(cat "$vm/proc/asound/pcm")"
expect_eq "... and as substream directories" "sub0 sub1" "$(ls "$vm/proc/asound/card0/pcm0p" | grep sub | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--timer-source shows in card0/timer_source" "-1.3.0" "$(cat "$vm/proc/asound/card0/timer_source")"
expect_match "... and in the module parameter" '^-1\.3\.0,\(null\),' "$(cat "$vm/sys/module/snd_aloop/parameters/timer_source")"
# receivers: the thread that mounted ("fuse-loop") and sndfuse-fuse-1.. (LowLevelSession)
jvm=$(pgrep -f "sndfuse.jar mount .*$vm\$" | head -n 1)
receivers=$(cat /proc/"$jvm"/task/*/comm 2>/dev/null | grep -cE '^(fuse-loop|sndfuse-fuse-[0-9]+)$')
expect_eq "--receive-threads 2: two threads read /dev/fuse" 2 "$receivers"
expect_eq "... and the daemon serves through them" "-1.3.0" "$(cat "$vm/proc/asound/card0/timer_source")"

busy_out=$("$L" mount "$vm" 2>&1); busy_rc=$?
check "mounting over a live mount is refused" test "$busy_rc" -ne 0
expect_match "... with one line" '^sndfuse: .* is busy: something is already mounted there$' "$busy_out"
missing_out=$("$L" mount /tmp/sndfuse-no-such-dir-$$ 2>&1); missing_rc=$?
check "a missing mount point is refused" test "$missing_rc" -ne 0
expect_match "... with one line" '^sndfuse: mount point .* does not exist$' "$missing_out"
full=$(mktemp -d); touch "$full/file"
full_out=$("$L" mount "$full" 2>&1); full_rc=$?
rm -rf "$full"
check "a non-empty mount point is refused" test "$full_rc" -ne 0
expect_match "... with one line" 'is not empty$' "$full_out"
empty=$(mktemp -d)
um_out=$("$L" umount "$empty" 2>&1); um_rc=$?
rmdir "$empty"
check "umount of a directory that is not mounted fails" test "$um_rc" -ne 0
expect_match "... with one line" 'is not mounted$' "$um_out"
bad_out=$("$L" mount --mode 9999 "$vm" 2>&1); bad_rc=$?
check "a bad --mode is refused" test "$bad_rc" -ne 0
rt_out=$("$L" mount --realtime 100 "$vm" 2>&1); rt_rc=$?
expect_eq "--realtime 100 is refused (exit 1)" 1 "$rt_rc"
expect_match "... with one line" '^sndfuse: --realtime must be 0..99$' "$rt_out"
rx_out=$("$L" mount --receive-threads 65 "$vm" 2>&1); rx_rc=$?
expect_eq "--receive-threads 65 is refused (exit 1)" 1 "$rx_rc"
expect_match "... with one line" '^sndfuse: --receive-threads must be 0..64$' "$rx_out"
expect_match "--version answers on every command" '^sndfuse [0-9]' "$("$L" mount --version 2>&1)"

"$L" umount "$vm"
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
check "sndfuse umount stops the daemon" bash -c "! kill -0 $pid 2>/dev/null"
wait $pid; rc=$?
expect_eq "... which exits 0" 0 "$rc"
finish
