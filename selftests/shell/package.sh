#!/usr/bin/env bash
# The Debian package that `mvn package` writes (packaging/target/sndfuse_*.deb): its file list and control
# fields, the unit under systemd-analyze verify (where systemd is installed), and the unpacked tree
# (dpkg-deb -x): its launcher finds the jar relative to itself, serves a mount that sndfuse-wait-ready
# and status see, its man pages render and its bash completion completes. Mounts its own daemon.
SNDFUSE_MOUNT=${SNDFUSE_MOUNT:-unused}
source "$(dirname "$0")/lib.sh"
skip() { ok "$1 # SKIP $2"; }
if ! command -v dpkg-deb >/dev/null; then
	skip "the Debian package" "dpkg-deb not installed"
	finish
fi
debs=("$ROOT"/packaging/target/sndfuse_*.deb)
expect_eq "mvn package wrote one .deb under packaging/target" 1 "$(ls "${debs[@]}" 2>/dev/null | wc -l)"
deb=${debs[0]}
[ -f "$deb" ] || finish

list=$(dpkg-deb -c "$deb" | awk '{ print $NF }')
has() { grep -qxF "./$1" <<<"$list"; }
for f in usr/bin/sndfuse usr/share/sndfuse/sndfuse.jar lib/systemd/system/sndfuse.service etc/default/sndfuse \
	usr/lib/sndfuse/sndfuse-wait-ready usr/share/bash-completion/completions/sndfuse \
	usr/share/man/man1/sndfuse.1.gz usr/share/man/man1/sndfuse-mount.1.gz usr/share/man/man1/sndfuse-umount.1.gz \
	usr/share/man/man1/sndfuse-status.1.gz usr/share/man/man1/sndfuse-rtp-recv.1.gz; do
	check "the package holds /$f" has "$f"
done
if grep -q 'ExecCommand' "$ROOT/fuse-daemon/src/main/java/org/sndfuse/cli/SndfuseCommand.java"; then
	check "the package holds sndfuse-exec(1)" has usr/share/man/man1/sndfuse-exec.1.gz
fi
if [ -f "$ROOT/preload/Makefile" ]; then
	check "the package holds the preload library" has usr/lib/sndfuse/libsndfuse-preload.so
	expect_eq "... so its architecture is the machine's" "$(dpkg --print-architecture)" "$(dpkg-deb -f "$deb" Architecture)"
else
	expect_eq "without a preload library the package is Architecture: all" all "$(dpkg-deb -f "$deb" Architecture)"
fi
depends=$(dpkg-deb -f "$deb" Depends)
expect_match "it depends on a Java 17+ runtime" 'java17-runtime-headless' "$depends"
expect_match "... on fuse and libfuse2" '(^|, )fuse, libfuse2' "$depends"
expect_match "the file name carries the version" "sndfuse_$(dpkg-deb -f "$deb" Version)_" "$(basename "$deb")"

t=$(mktemp -d /tmp/sndfuse-deb.XXXX)
d=$(mktemp -d /tmp/sndfuse-deb-mnt.XXXX)
pid=""
trap 'if [ -n "$pid" ]; then kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; fi; rm -rf "$t"; rmdir "$d" 2>/dev/null' EXIT
dpkg-deb -x "$deb" "$t"
unit=$t/lib/systemd/system/sndfuse.service
expect_match "the unit mounts /run/sndfuse with --mode 0660 --group audio" \
	'ExecStart=/usr/bin/sndfuse mount --mode 0660 --group audio .*/run/sndfuse' "$(cat "$unit")"
expect_match "... is started only once the mount serves" 'ExecStartPost=/usr/lib/sndfuse/sndfuse-wait-ready /run/sndfuse \$MAINPID' "$(cat "$unit")"
expect_match "... reads SNDFUSE_HOST_DEV from /etc/default/sndfuse" 'EnvironmentFile=-/etc/default/sndfuse' "$(cat "$unit")"
if command -v systemd-analyze >/dev/null && [ -d /lib/systemd/system ]; then
	# verify inside the unpacked tree (so its executables are checked), with the system's units beside it
	cp -rn /lib/systemd/system/. "$t/lib/systemd/system/" 2>/dev/null
	v=$(systemd-analyze verify --man=no --root="$t" "$unit" 2>&1); vrc=$?
	check "systemd-analyze verify sndfuse.service: no complaint${v:+ ($v)}" test "$vrc" -eq 0 -a -z "$v"
else
	skip "systemd-analyze verify sndfuse.service" "systemd is not installed here"
fi

expect_match "the unpacked tree's usr/bin/sndfuse --version runs (jar found relative to the launcher)" \
	"^sndfuse $(dpkg-deb -f "$deb" Version | sed 's/~.*//')" "$("$t/usr/bin/sndfuse" --version 2>&1)"
cmds="mount umount status rtp-recv"
has usr/share/man/man1/sndfuse-exec.1.gz && cmds="$cmds exec"
for c in $cmds; do
	expect_match "sndfuse $c --help has examples" 'Examples:' "$("$t/usr/bin/sndfuse" $c --help 2>&1)"
done

"$t/usr/bin/sndfuse" mount "$d" >"$t/daemon.log" 2>&1 &
pid=$!
check "sndfuse-wait-ready returns once the unpacked tree's daemon serves" "$t/usr/lib/sndfuse/sndfuse-wait-ready" "$d" "$pid" 60
check "... and the mount answers then" test -e "$d/snd/timer"
expect_match "sndfuse status lists it" "^$d: pid $pid, up " "$("$t/usr/bin/sndfuse" status "$d" 2>&1)"
if has usr/lib/sndfuse/libsndfuse-preload.so && [ "$(id -u)" -eq 0 ] && command -v aplay >/dev/null; then
	out=$("$t/usr/bin/sndfuse" exec --mount "$d" -- sh -c 'echo "preload=$LD_PRELOAD"; aplay -l' 2>&1)
	expect_match "the unpacked tree's sndfuse exec -- aplay -l lists the card" 'card 0: Loopback' "$out"
	expect_match "... with the tree's own preload library" "preload=[^ ]*$t/usr/lib/sndfuse/libsndfuse-preload.so" "$out"
fi
kill -TERM $pid; wait $pid; rc=$?; pid=""
expect_eq "the daemon stops on SIGTERM with exit 0" 0 "$rc"
out=$("$t/usr/lib/sndfuse/sndfuse-wait-ready" "$d" 999999999 5 2>&1); rc=$?
check "sndfuse-wait-ready fails at once when the daemon is gone" test "$rc" -ne 0
expect_match "... with one line" 'exited before' "$out"

if command -v man >/dev/null; then
	for p in "$t"/usr/share/man/man1/*.1.gz; do
		page=$(MANWIDTH=100 man -l "$p" 2>&1)
		n=$(basename "$p" .1.gz)
		expect_eq "man -l $n.1 renders NAME, SYNOPSIS, OPTIONS" "NAME OPTIONS SYNOPSIS" "$(grep -E "^(NAME|SYNOPSIS|OPTIONS)$" <<<"$page" | sort | tr "\n" " " | sed "s/ $//")"
		expect_match "... named $n" "$n +- " "$page"
	done
else
	skip "man pages render" "man (man-db) is not installed"
fi

comp=$(bash -c 'source "$1"; COMP_WORDS=(sndfuse st); COMP_CWORD=1; COMP_LINE="sndfuse st"; COMP_POINT=10
	_picocli_sndfuse; echo "${COMPREPLY[*]}"' _ "$t/usr/share/bash-completion/completions/sndfuse" 2>&1)
expect_eq "bash completion: sndfuse st<TAB> -> status" status "$comp"
finish
