# Helpers the one-command benchmarks share (sourced): fresh mounts that are torn down on exit, the daemon's
# CPU time and /proc status fields. Set by the caller: nothing; sets: here, top, out.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; top="$here/.."
out="$here/out"; mkdir -p "$out"
_pids=(); _dirs=()
_cleanup() {
	for p in "${_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	for d in "${_dirs[@]}"; do fusermount -u -z "$d" 2>/dev/null || true; rmdir "$d" 2>/dev/null || true; done
}
trap _cleanup EXIT

# mount_sndfuse TRANSPORT [MOUNT OPTIONS...]: a daemon on a fresh dir; sets mnt and dpid (the JVM's pid).
# SNDFUSE_BENCH_OPTS (e.g. "--receive-threads 2") is added to every sndfuse mount of the benchmarks.
mount_sndfuse() {
	local t=$1; shift
	mnt=$(mktemp -d /tmp/sndfuse-bench.XXXX); _dirs+=("$mnt")
	"$top/sndfuse" mount --transport "$t" ${SNDFUSE_BENCH_OPTS:-} "$@" "$mnt" >"$out/daemon-$t.log" 2>"$out/daemon-$t.err" &
	dpid=$!; _pids+=("$dpid")
	for _ in $(seq 1200); do grep -q '^ready ' "$out/daemon-$t.log" && return 0; sleep 0.1; done
	cat "$out/daemon-$t.err" >&2; return 1
}

# umount_sndfuse: stops the daemon mount_sndfuse started last
umount_sndfuse() {
	kill -TERM "$dpid" 2>/dev/null || true; wait "$dpid" 2>/dev/null || true
	rmdir "$mnt" 2>/dev/null || true
}

# mount_floor [OPTIONS]: bench/floor/floor-ll on a fresh dir (needs libfuse-dev), OPTIONS added to its -o;
# sets mnt and dpid
mount_floor() {
	pkg-config --exists fuse || { echo "needs libfuse-dev (pkg-config fuse)" >&2; return 1; }
	gcc -O2 -Wall -Wextra -o "$out/floor-ll" "$here/floor/floor-ll.c" $(pkg-config --cflags --libs fuse)
	local opts=default_permissions${1:+,$1}; [ "$(id -u)" -eq 0 ] && opts+=,allow_other
	mnt=$(mktemp -d /tmp/floor-ll.XXXX); _dirs+=("$mnt")
	"$out/floor-ll" "$mnt" -f -o "$opts" & dpid=$!; _pids+=("$dpid")
	for _ in $(seq 100); do [ -e "$mnt/timer" ] && return 0; sleep 0.1; done
	return 1
}

# cpu_ticks PID: utime + stime so far, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
clk_tck=$(getconf CLK_TCK)

# status_kb PID FIELD: a /proc/PID/status field's number (VmRSS, VmHWM: kB; Threads: count)
status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

machine() { echo "machine: $(nproc) cpu, kernel $(uname -r), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"; }
