#!/usr/bin/env bash
# sndfuse mount --host-dev: on a host without /dev/snd, aplay -l finds the card without unshare, and after
# the stop /dev/snd is as before (absent again; or still there and empty when it was there and empty);
# real sound devices in /dev/snd refuse it with one line. Never touches this machine's /dev: the whole test
# runs in a private mount namespace whose /dev is a fresh tmpfs holding only binds of a few device nodes,
# checked to be that tmpfs before any daemon starts. Needs root, unshare, aplay.
SNDFUSE_MOUNT=${SNDFUSE_MOUNT:-unused}
source "$(dirname "$0")/lib.sh"
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
skip() { ok "$1 # SKIP $2"; finish; }
if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" -eq 0 ] || skip "--host-dev" "needs root"
	for tool in unshare aplay findmnt; do
		command -v $tool >/dev/null || skip "--host-dev" "$tool is not installed"
	done
	newdev=$(mktemp -d /tmp/sndfuse-hostdev-dev.XXXX)
	unshare -m --propagation private bash "$0" --inside "$newdev"
	rc=$?
	rmdir "$newdev"
	exit $rc
fi

# a private /dev: tmpfs with the nodes the daemon and aplay need, bound from the real ones
newdev=$2
mount -t tmpfs -o mode=0755 sndfuse-test-dev "$newdev" || { notok "private /dev" "tmpfs mount failed"; finish; }
for n in null zero full random urandom fuse tty; do
	[ -e "/dev/$n" ] || continue
	touch "$newdev/$n" && mount --bind "/dev/$n" "$newdev/$n"
done
mkdir "$newdev/shm" "$newdev/pts"
touch "$newdev/.sndfuse-test-dev" # the marker that /dev is ours
mount --rbind "$newdev" /dev || { notok "private /dev" "bind over /dev failed"; finish; }
if [ ! -e /dev/.sndfuse-test-dev ] || [ "$(stat -f -c %T /dev)" != tmpfs ] || [ -e /dev/snd ]; then
	notok "this namespace's /dev is the test's tmpfs without snd" "$(ls -A /dev | tr '\n' ' ')"
	finish # never run --host-dev on a /dev that is not ours
fi
ok "this namespace's /dev is the test's tmpfs, without /dev/snd"

d=$(mktemp -d /tmp/sndfuse-hostdev.XXXX)
log=$(mktemp)
pid=""
stop() { [ -n "$pid" ] || return 0; kill -TERM "$pid" 2>/dev/null; wait "$pid"; rc=$?; pid=""; }
trap 'stop; rmdir "$d" 2>/dev/null; rm -f "$log"' EXIT
start() {
	: >"$log"
	"$L" mount --host-dev "$d" >"$log" 2>&1 &
	pid=$!
	for _ in $(seq 600); do grep -q '^ready ' "$log" && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
}

start
check "mount --host-dev is ready" grep -q "ready $d" "$log"
expect_match "/dev/snd is the mount's snd" 'timer' "$(ls /dev/snd 2>&1 | tr '\n' ' ')"
out=$(aplay -l 2>&1)
expect_match "aplay -l (no unshare, no exec) lists the loopback card" 'card 0: Loopback \[Loopback\], device 0' "$out"
expect_match "status shows --host-dev" 'options: .*--host-dev' "$("$L" status "$d" 2>&1)"
stop
expect_eq "the daemon exits 0" 0 "$rc"
check "after the stop /dev/snd is gone again" test ! -e /dev/snd
check "... and nothing is mounted there" bash -c '! findmnt /dev/snd >/dev/null'

start
kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=""
check "a SIGKILLed --host-dev daemon leaves a dead /dev/snd behind" bash -c '! ls /dev/snd >/dev/null 2>&1'
start
check "the next mount --host-dev recovers it and is ready" grep -q "ready $d" "$log"
expect_match "... and aplay -l lists the card" 'card 0: Loopback' "$(aplay -l 2>&1)"
stop
check "after the stop nothing is mounted at /dev/snd" bash -c '! findmnt /dev/snd >/dev/null'
rmdir /dev/snd 2>/dev/null # the killed daemon made it; nobody could remove it

mkdir /dev/snd
start
check "with an empty /dev/snd, mount --host-dev is ready" grep -q "ready $d" "$log"
expect_match "... and aplay -l lists the card" 'card 0: Loopback' "$(aplay -l 2>&1)"
stop
expect_eq "after the stop the empty /dev/snd is still there, empty" "" "$(ls -A /dev/snd 2>&1)"

touch /dev/snd/controlC0 /dev/snd/pcmC0D0p
out=$("$L" mount --host-dev "$d" 2>&1); rc=$?
check "with sound devices in /dev/snd, --host-dev is refused" test "$rc" -ne 0
expect_match "... with one line" '^sndfuse: --host-dev: /dev/snd holds sound devices \(controlC0 pcmC0D0p\); refusing to hide them$' "$out"
check "... and nothing is mounted" bash -c "! findmnt '$d' >/dev/null && ! findmnt /dev/snd >/dev/null"
finish
