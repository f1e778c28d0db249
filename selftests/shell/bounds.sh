#!/usr/bin/env bash
# Every input is bounded at the kernel's lengths, refused with the kernel's errno, and leaves the daemon
# serving: module parameter writes (a page: E2BIG; an entry over 1024 characters: ENOSPC), proc text
# writes (16 KiB: EIO), ctl/ and events lines (one line each, EINVAL). Needs SNDFUSE_MOUNT.
source "$(dirname "$0")/lib.sh"
param=$M/sys/module/snd_aloop/parameters/timer_source
proc=$M/proc/asound/card0/timer_source
before=$(cat "$proc")
# write_err FILE BYTES: writes BYTES bytes of 'x' in one write(); prints the shell's error text
write_err() { head -c "$2" /dev/zero | tr '\0' x | dd of="$1" bs="$2" count=1 iflag=fullblock 2>&1 >/dev/null | grep -o 'Argument list too long\|No space left on device\|Input/output error\|Invalid argument' | head -1; }
expect_eq "a 128 KiB module parameter write is E2BIG" "Argument list too long" "$(write_err "$param" 131072)"
expect_eq "a 2000-character parameter entry is ENOSPC" "No space left on device" "$(write_err "$param" 2000)"
expect_eq "a 20 KiB proc write is EIO" "Input/output error" "$(write_err "$proc" 20480)"
expect_eq "... and timer_source is unchanged" "$before" "$(cat "$proc")"
long_line() { head -c "$1" /dev/zero | tr '\0' x; echo; }
exec {u}<>"$M/ctl/utimer"
long_line 1048576 >&$u 2>/dev/null
read -r -t 5 line <&$u || line=""
expect_match "a 1 MiB ctl/utimer line reads back one error line" '^error EINVAL: line longer than' "$line"
echo create 20000000 >&$u; read -r -t 5 line <&$u || line=""
expect_match "... and the session still works" '^id [0-9]+' "$line"
exec {u}>&-
out=$(long_line 4096 2>/dev/null > "$M/events" 2>&1; echo rc=$?)
expect_match "a 4 KiB events line is refused" 'rc=[1-9]' "$out"
check "the daemon still serves" grep -q 'Advanced Linux Sound Architecture' "$M/proc/asound/version"
finish
