#!/usr/bin/env bash
# Loopback throughput against a C floor: bench/pcm-bench moves and checks the same bytes through sndfuse's
# substream pair (pcmC0D0p -> pcmC0D1c, a utimer triggered as fast as the pair takes it) and through the
# loopback pair of the C floor bench/floor/floor-ll (play -> cap, floor.h), mounted with sndfuse's FUSE
# options, in interleaved rounds; prints MB/s of both, the ratio sndfuse/floor (medians over rounds) and
# the target line. A third column moves the same bytes through sndfuse's mapped data buffers (pcm-bench's mmap
# mode under the preload library, docs/mmap.md): what an mmap client (JACK, dmix, aplay -M) gets.
# Needs libfuse-dev.
# Usage: bench/throughput.sh [PERIODS] [ROUNDS]: PERIODS per 48 kHz run (default 8000); the 192 kHz runs
# take PERIODS/4 (period 9600) and PERIODS/7 (period 16384), so every run moves a few hundred MB or less.
# The large period is 16384 frames of 32 bytes: 4 of them fill aloop's 2 MiB buffer_bytes_max
# (docs/kernel-facts.md), so sndfuse refuses longer ones as the kernel does.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
periods=${1:-8000} rounds=${2:-5}
gcc -O2 -Wall -pthread -I "$top/selftests/include" -o "$out/pcm-bench" "$here/pcm-bench.c"
# sndfuse's options (MountCommand.fuseOptions) but its names: the same request sizes both ways
mount_floor "big_writes,max_write=131072,max_read=131072"; floor=$mnt
mount_sndfuse lowlevel; snd=$mnt     # lowlevel: sndfuse mount's default transport
echo "machine: $(nproc) cpu, kernel $(uname -r), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"

configs=("48000 2 S16_LE 960 1" "48000 2 S16_LE 4800 1" "192000 8 S32_LE 9600 4" "192000 8 S32_LE 16384 7")
make -s -C "$top/preload"
preload="$top/preload/build/libsndfuse-preload.so"
# run WHO DIR RATE CHANNELS FORMAT PERIOD N -> MB/s (0 when the run failed or a byte differed)
run() {
	local line mode=utimer pre=; [ "$1" = floor ] && mode=floor
	[ "$1" = mmap ] && mode=mmap pre=$preload
	if line=$(LD_PRELOAD=$pre "$out/pcm-bench" "$2" "$3" "$4" "$5" "$6" 4 "$mode" "$7" 2>&1) && grep -q byte-exact <<<"$line"; then
		sed -nE 's/.* ([0-9.]+) MB\/s.*/\1/p' <<<"$line"
	else
		echo "$1 $3 $4 $5 p$6: $line" >&2; echo 0
	fi
}
for c in "${configs[@]}"; do    # JIT warm-up: every configuration once through sndfuse
	set -- $c; run sndfuse "$snd" "$1" "$2" "$3" "$4" $((periods / $5 / 2 + 10)) > /dev/null
	run mmap "$snd" "$1" "$2" "$3" "$4" $((periods / $5 / 2 + 10)) > /dev/null
done
table=$(mktemp)
for r in $(seq "$rounds"); do
	for c in "${configs[@]}"; do
		set -- $c; n=$((periods / $5))
		if [ $((r % 2)) -eq 1 ]; then  # alternate who goes first
			f=$(run floor "$floor" "$1" "$2" "$3" "$4" "$n"); s=$(run sndfuse "$snd" "$1" "$2" "$3" "$4" "$n")
			m=$(run mmap "$snd" "$1" "$2" "$3" "$4" "$n")
		else
			m=$(run mmap "$snd" "$1" "$2" "$3" "$4" "$n")
			s=$(run sndfuse "$snd" "$1" "$2" "$3" "$4" "$n"); f=$(run floor "$floor" "$1" "$2" "$3" "$4" "$n")
		fi
		name="$(($1 / 1000))k-${2}ch-${3%_LE}-p$4"
		echo "round $r: $name floor $f MB/s, sndfuse $s MB/s, sndfuse mmap $m MB/s"
		echo "$name $f $s $m" >> "$table"
	done
done
echo "== medians over $rounds rounds (MB/s; ratios = medians of the per-round sndfuse/floor)"
echo "   floor and sndfuse: write()/read(); mmap: sndfuse's mapped buffers, appl_ptr/hw_ptr by SYNC_PTR"
for c in "${configs[@]}"; do
	set -- $c; name="$(($1 / 1000))k-${2}ch-${3%_LE}-p$4"
	awk -v w="$name" '
		$1 == w { n++; f[n] = $2; s[n] = $3; m[n] = $4; q[n] = $2 > 0 ? $3 / $2 : 0; qm[n] = $2 > 0 ? $4 / $2 : 0 }
		END { printf "%-22s floor %7.1f  sndfuse %7.1f  ratio %.2f  mmap %7.1f  ratio %.2f\n", w, med(f, n), med(s, n), med(q, n), med(m, n), med(qm, n) }
		function med(v, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }' "$table"
done | tee "$table.med"
awk '$1 ~ /^192k-8ch-S32/ { if ($5 > rw) { rw = $5; rww = $1 } if ($9 > mm) { mm = $9; mmw = $1 } if ($3 > fl) fl = $3 }
	END { printf "target (>= 1000 MB/s at 192 kHz 8 ch S32, large periods): sndfuse mmap %.1f MB/s (%s): %s; write/read %.1f MB/s (%s): %s; the C floor (write/read) %.1f MB/s\n",
		mm, mmw, (mm >= 1000 ? "met" : "not met"), rw, rww, (rw >= 1000 ? "met" : "not met"), fl }' "$table.med"
rm -f "$table" "$table.med"
