#!/usr/bin/env bash
# The benchmark clients still measure what BENCHMARKS.md says they do: bench/pcm-bench moves byte-exact
# periods through the loopback pair with write()/read() and, under the preload library, through the mapped
# data buffers (SYNC_PTR for the pointers: docs/mmap.md), utimer-clocked as fast as the pair takes them, at the
# benchmark's small and large period sizes; bench/period-wake gets its READI and timer wake-ups. Numbers are not
# checked (timings live in BENCHMARKS.md), only that every byte arrives and every program ends well.
# Uses the shared mount; puts timer_source and the ctl/pcm profiles back as it found them.
source "$(dirname "$0")/lib.sh"
work=$(mktemp -d /tmp/sndfuse-bench-smoke.XXXX)
src=$(cat "$M/proc/asound/card0/timer_source")
trap 'echo "$src" > "$M/proc/asound/card0/timer_source"
	echo "clear C0D0p" > "$M/ctl/pcm"; echo "clear C0D1c" > "$M/ctl/pcm"; rm -rf "$work"' EXIT
lib=${SNDFUSE_PRELOAD_LIB:-$ROOT/preload/build/libsndfuse-preload.so}
[ -e "$lib" ] || make -s -C "$ROOT/preload" >/dev/null
for p in pcm-bench period-wake; do
	check "bench/$p.c builds" gcc -O2 -Wall -pthread -I "$ROOT/selftests/include" -o "$work/$p" "$ROOT/bench/$p.c"
done

# bench NAME PRELOAD ARGS...: pcm-bench on the shared mount must report byte-exact
bench() {
	local name=$1 pre=$2 line; shift 2
	if line=$(LD_PRELOAD=$pre timeout 60 "$work/pcm-bench" "$M" "$@" 2>&1) && [[ "$line" == *byte-exact* ]]; then
		ok "$name"
	else
		notok "$name" "$line"
	fi
}
bench "write/read, 48 kHz stereo, period 960: 600 periods byte-exact" "" 48000 2 S16_LE 960 4 utimer 600
bench "mmap, 48 kHz stereo, period 960: 600 periods byte-exact" "$lib" 48000 2 S16_LE 960 4 mmap 600
bench "mmap, 192 kHz 8 ch S32, period 16384 (2 MiB rings): 150 periods byte-exact" "$lib" 192000 8 S32_LE 16384 4 mmap 150
bench "write/read after mmap: the profiles apply again" "" 192000 8 S32_LE 9600 4 utimer 100
line=$(timeout 60 "$work/pcm-bench" "$M" 48000 2 S16_LE 960 4 mmap 10 2>&1)
expect_eq "mmap mode without the preload library: HW_PARAMS refuses MMAP_INTERLEAVED (EINVAL)" \
	"playback setup: Invalid argument" "$line"

line=$(timeout 60 "$work/period-wake" "$M" 200 2>&1)
expect_match "period-wake: both paths woken 200 times" '^period wake, 200 rounds each: READI p50 [0-9.]+ us' \
	"$(tail -n 1 <<<"$line")"
finish
