#!/usr/bin/env bash
# sndfuse exec and the preload library (README "sndfuse exec", docs/preload.md): the library changes nothing for
# programs that never touch sndfuse; under exec, aplay -l, aplay/arecord on default (dmix/dsnoop) byte-exact, a
# tone through alsa-lib's dmix/dsnoop, the kernel's utimer selftest with CREATE handing out a new fd, the command's exit status, /dev/snd on the host unchanged
# (with and without a host /dev/snd), a daemon started and stopped by exec, the non-root path through a user
# namespace, and the one-line refusals (exit 2). Needs root for the namespace cases.
source "$(dirname "$0")/lib.sh"
source "$ROOT/selftests/relay.sh"
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
JAR=$ROOT/fuse-daemon/target/sndfuse.jar
LIB=$ROOT/preload/build/libsndfuse-preload.so
W=$(mktemp -d /tmp/sndfuse-exec.XXXX)
chmod 755 "$W"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	printf '%s\n' "${saved_source:-}" >"$M/proc/asound/card0/timer_source" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
sx() { timeout 90 "$L" exec --mount "$M" -- "$@"; }

# ---------------------------------------------------------------- the library, without sndfuse
check "make -C preload builds the library" make -s -C "$ROOT/preload"
cc=(gcc -O2 -Wall -Wextra -pthread -I "$ROOT/selftests/include")
check "build plain-io, utimer-test, global-timer, wavtool, tonecheck" eval '"${cc[@]}" -o "$W/plain-io" "$ROOT/selftests/preload/plain-io.c" &&
	"${cc[@]}" -o "$W/utimer-test" "$ROOT/selftests/c/utimer-test.c" &&
	"${cc[@]}" -o "$W/global-timer" "$ROOT/selftests/c/global-timer.c" &&
	"${cc[@]}" -o "$W/wavtool" "$ROOT/selftests/alsa-lib/wavtool.c" -lm &&
	"${cc[@]}" -o "$W/tonecheck" "$ROOT/selftests/alsa-lib/tonecheck.c" -lm &&
	"${cc[@]}" -o "$W/create-fd" "$ROOT/selftests/preload/create-fd.c" &&
	"${cc[@]}" -o "$W/close-sync" "$ROOT/selftests/c/close-sync.c" &&
	"${cc[@]}" -o "$W/threads" "$ROOT/selftests/preload/threads.c"'
# same_with_preload NAME CMD...: CMD's stdout, stderr and exit status are the same with the library preloaded
same_with_preload() {
	local name=$1; shift
	"$@" >"$W/plain.out" 2>"$W/plain.err"; local a=$?
	LD_PRELOAD=$LIB "$@" >"$W/pre.out" 2>"$W/pre.err"; local b=$?
	if [ "$a" = "$b" ] && cmp -s "$W/plain.out" "$W/pre.out" && cmp -s "$W/plain.err" "$W/pre.err"; then
		ok "$name"
	else
		notok "$name" "exit $a vs $b; $(diff "$W/plain.out" "$W/pre.out" | head -3 | tr '\n' ' ')"
	fi
}
same_with_preload "preloaded: open/ioctl(TCGETS)/mmap/dup/fcntl/close on plain files behave the same" "$W/plain-io" "$W/scratch"
# /usr, not /: the link counts of /tmp and /proc change as other tests run
same_with_preload "preloaded: ls -l /usr is the same" ls -l /usr
same_with_preload "preloaded: cat of a missing file fails the same" cat /nonexistent/sndfuse
same_with_preload "preloaded: cat of a FUSE text file of the mount is the same" cat "$M/proc/asound/cards"
same_with_preload "preloaded: stty on a non-terminal fails the same" sh -c 'stty </dev/null'

if [ "$(id -u)" != 0 ]; then
	echo "ok $((_n + 1)) - sndfuse exec # SKIP needs root (user namespaces and mount points)"
	finish
fi

# ---------------------------------------------------------------- exec on the served mount
snd_state() { { [ -e /dev/snd ] && ls -lA /dev/snd || echo "no /dev/snd"; grep -c ' /dev/snd ' /proc/self/mountinfo; } 2>&1; }
before=$(snd_state)
out=$(sx aplay -l 2>&1); rc=$?
expect_eq "exec -- aplay -l exits 0" 0 "$rc"
expect_match "... and lists card 0 Loopback, devices 0 and 1" \
	'card 0: Loopback \[Loopback\], device 0:.*card 0: Loopback \[Loopback\], device 1:' "$(tr '\n' ' ' <<<"$out")"
sx sh -c 'exit 7'; expect_eq "exec returns the command's exit status (7)" 7 "$?"
sx false; expect_eq "... (false: 1)" 1 "$?"
sx /nonexistent/cmd 2>/dev/null; expect_eq "... (a missing command: 127)" 127 "$?"
expect_eq "inside exec, /dev/snd is the mount's snd/" "controlC0 pcmC0D0c pcmC0D0p pcmC0D1c pcmC0D1p timer" \
	"$(sx ls /dev/snd | tr '\n' ' ' | sed 's/ $//')"
expect_eq "inside exec, LD_PRELOAD is the library" "$LIB" "$(sx sh -c 'echo "$LD_PRELOAD"')"
expect_eq "inside exec, jackd does not reserve the host's card over the session bus (JACK_NO_AUDIO_RESERVATION=1)" \
	1 "$(sx sh -c 'echo "$JACK_NO_AUDIO_RESERVATION"')"
expect_eq "/dev/snd on the host is unchanged after exec" "$before" "$(snd_state)"

# a host without /dev/snd, simulated by a private /dev without it: exec must not leave an empty one behind
nosnd=$(unshare -m --propagation private bash -c '
	cd /dev && mount -t tmpfs sim /dev || exit 1
	for e in null zero random urandom fuse tty pts shm; do
		if [ -d "$e" ]; then mkdir "/dev/$e" && mount -c --rbind "$e" "/dev/$e"
		elif [ -e "$e" ]; then : >"/dev/$e" && mount -c --bind "$e" "/dev/$e"; fi
	done
	ln -s /proc/self/fd /dev/fd; cd /
	inside=$(timeout 90 "$1" exec --mount "$2" -- sh -c "ls /dev/snd | wc -l; echo x >/dev/null && echo null-ok")
	echo "inside=$(echo $inside) after=$(ls -A /dev | tr "\n" " ")"' sh "$L" "$M" 2>&1)
expect_match "no host /dev/snd: exec binds the nodes into a private /dev" '^inside=6 null-ok ' "$nosnd"
expect_match "... and leaves no /dev/snd behind" '^inside=[^a]*after=fd fuse null pts random shm tty urandom zero $' "$nosnd"

# ---------------------------------------------------------------- the kernel's utimer selftest, under exec
out=$(sx env SNDFUSE_TIMER=/dev/snd/timer "$W/utimer-test" -k -n 10 -i 100 -g "$W/global-timer" 2>&1); rc=$?
if [ "$rc" = 0 ] && grep -q '^ok 1 - utimer' <<<"$out" && grep -q '^ok 2 - wrong_timers_test' <<<"$out"; then
	ok "utimer-test -k under exec: CREATE gives a new fd, TRIGGER on it ticks a listener 10 times, wrong timers refused"
else
	notok "utimer-test -k under exec" "exit $rc: $(grep -v '^# global' <<<"$out" | tr '\n' ' ')"
fi
out=$(SNDFUSE_MOUNT=$M "$W/utimer-test" -k -n 1 -i 10 -g "$W/global-timer" 2>&1)
expect_match "without the library CREATE gives fd -1 (the -k check can fail)" 'not ok 1 - utimer: CREATE returned fd -1' "$out"

relay "create-fd under exec" sx env SNDFUSE_TIMER=/dev/snd/timer "$W/create-fd"
relay "close-sync under exec (the library's CREATE descriptor)" sx env SNDFUSE_TIMER=/dev/snd/timer "$W/close-sync"
relay "threads under exec" sx env SNDFUSE_TIMER=/dev/snd/timer "$W/threads" 4 100

# ---------------------------------------------------------------- aplay/arecord on default (dmix/dsnoop), byte-exact
saved_source=$(cat "$M/proc/asound/card0/timer_source")
echo "" >"$M/proc/asound/card0/timer_source"
"$W/wavtool" gen "$W/tone.wav" 0.75 48000
# the default's dmix is hw_ptr_alignment roundup: its drain can end before its last frames play (and a loaded
# machine can cost a few first ones), so aplay plays the tone inside two periods of silence (docs/preload.md)
"$W/wavtool" gen "$W/tone-pad.wav" 0.75 48000 2048
# through NAME CAPTURE-PCM PLAYBACK-PCM TONE SECONDS: under exec, arecord -v on CAPTURE-PCM (SECONDS) and, once
# pcm1c/sub0 runs, aplay -v of TONE on PLAYBACK-PCM ("" = default); sets rc, $W/out.wav and the logs
through() {
	sx bash -c '
		arecord -v ${3:+-D "$3"} -f S16_LE -r 48000 -c 2 -d "$6" "$1/out.wav" >"$1/arecord.log" 2>&1 & rec=$!
		for _ in $(seq 500); do grep -q "^state: RUNNING" "$2/proc/asound/card0/pcm1c/sub0/status" && break; sleep 0.02; done
		aplay -v ${4:+-D "$4"} "$5" >"$1/aplay.log" 2>&1 || exit 1
		wait $rec' sh "$W" "$M" "$2" "$3" "$4" "$5"
	rc=$?
	expect_eq "exec: $1: arecord and aplay exit 0" 0 "$rc"
}
logs() { cat "$W/aplay.log" "$W/arecord.log" 2>/dev/null | grep -v '^ ' | tr '\n' ' '; }
through "default" "" "" "$W/tone-pad.wav" 2
expect_match "... aplay's default is plug -> dmix (Direct Stream Mixing PCM)" '^Plug PCM: Direct Stream Mixing PCM' \
	"$(grep -m1 '^Plug PCM' "$W/aplay.log")"
expect_match "... arecord's default is plug -> dsnoop (Direct Snoop PCM)" '^Plug PCM: Direct Snoop PCM' \
	"$(grep -m1 '^Plug PCM' "$W/arecord.log")"
if res=$("$W/wavtool" match "$W/out.wav" "$W/tone.wav" 2>&1); then
	ok "exec: what aplay played on default (dmix, pcmC0D0p sub0) arrives byte-exact on arecord's default (dsnoop, pcmC0D1c sub0)"
	echo "#   $res"
else
	notok "exec: aplay -> arecord on default byte-exact" "$res $(logs)"
fi
# alsa-lib's own dmix and dsnoop (pcm/dmix.conf, pcm/dsnoop.conf: S32_LE slaves here, so through plug), on the
# exec's IPC key (defaults.pcm.ipc_key); their hw_ptr_alignment is alsa-lib's "auto", so the client's first frames
# race the running slave's hardware pointer as on a kernel and the check is the tone's length (2 s, so the 2%
# allowance is 40 ms) and frequency
"$W/wavtool" gen "$W/tone2.wav" 2 48000
through "plug:dmix -> plug:dsnoop:0,1" "plug:'dsnoop:0,1'" "plug:dmix" "$W/tone2.wav" 4
expect_match "... alsa-lib's dmix and dsnoop are the plugins" 'Slave: Direct Stream Mixing PCM.*Slave: Direct Snoop PCM' \
	"$(logs)"
if res=$("$W/tonecheck" "$W/out.wav" 2 440 2>&1); then
	ok "exec: aplay -D plug:dmix -> arecord -D plug:dsnoop:0,1: the 440 Hz tone arrives whole ($res)"
else
	notok "exec: aplay -D plug:dmix -> arecord -D plug:dsnoop:0,1: the tone arrives whole" "$res $(logs)"
fi
printf '%s\n' "$saved_source" >"$M/proc/asound/card0/timer_source"

# ---------------------------------------------------------------- exec starts and stops its own daemon
mounts_before=$(grep -c sndfuse-exec /proc/mounts)
out=$(timeout 120 "$L" exec -- sh -c 'test -f /dev/snd/timer && cat /proc/asound/cards 2>/dev/null; exit 3' 2>&1); rc=$?
expect_eq "exec without --mount starts a daemon; the command's status comes back" 3 "$rc"
expect_eq "... and the daemon's mount is gone afterwards" "$mounts_before" "$(grep -c sndfuse-exec /proc/mounts)"
sleep 0.5
expect_eq "... and no daemon is left running" "" "$(pgrep -f 'sndfuse.jar mount .*sndfuse-exec' || true)"

# SIGTERM to exec reaches COMMAND; exec still returns its status and stops the daemon it started
"$L" exec -- sh -c 'trap "exit 9" TERM; echo started; sleep 60 & wait' >"$W/term.out" 2>&1 & ep=$!
for _ in $(seq 600); do grep -q started "$W/term.out" && break; sleep 0.1; done
kill -TERM "$ep"; wait "$ep"
expect_eq "SIGTERM to exec is passed on to COMMAND, whose status comes back" 9 "$?"
expect_eq "... and the daemon's mount is gone" "$mounts_before" "$(grep -c sndfuse-exec /proc/mounts)"

# ---------------------------------------------------------------- refusals: one line, exit 2
refused() {
	local name=$1 pattern=$2; shift 2
	local out rc
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && [[ "$out" =~ $pattern ]]; then
		ok "$name"
	else
		notok "$name" "exit $rc: $out"
	fi
}
refused "no /dev/fuse: one line, exit 2" '^sndfuse: exec: no /nonexistent/fuse: ' \
	"$L" exec --fuse-device /nonexistent/fuse -- true
refused "no daemon and none can be started: one line, exit 2" '^sndfuse: exec: no daemon serves /nonexistent/dir and none could be started: ' \
	"$L" exec --mount /nonexistent/dir -- true
refused "not root and no user namespaces: one line, exit 2" '^sndfuse: exec: cannot create a mount namespace: not root' \
	"$ROOT/selftests/preload/nouserns.sh" 65534 java -jar "$JAR" exec --mount "$M" -- true

# ---------------------------------------------------------------- without root, through a user namespace
if unshare -r -m true 2>/dev/null && command -v setpriv >/dev/null; then
	um=$W/um; mkdir "$um"; chmod 755 "$um"
	"$L" mount --mode 0666 "$um" >"$W/um.log" 2>&1 & pids+=($!)
	for _ in $(seq 600); do grep -q '^ready ' "$W/um.log" && break; sleep 0.1; done
	out=$(cd / && timeout 90 setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		java -jar "$JAR" exec --mount "$um" -- sh -c 'id -u; SNDFUSE_TIMER=/dev/snd/timer "$1/utimer-test" -k -n 3 -i 50 -g "$1/global-timer"' sh "$W" 2>&1)
	rc=$?
	expect_match "as uid 65534 (user namespace): COMMAND runs with its own uid" '^65534' "$out"
	if [ "$rc" = 0 ] && grep -q '^ok 1 - utimer' <<<"$out"; then
		ok "... and utimer-test -k passes under exec"
	else
		notok "... and utimer-test -k passes under exec" "exit $rc: $(tr '\n' ' ' <<<"$out")"
	fi
	# SIGIO as that uid: the root daemon signals the namespace's process (docs/preload.md "SIGIO")
	if gcc -O2 -o "$W/async-global-timer" "$ROOT/selftests/alsa-lib/async-global-timer.c" -lasound 2>/dev/null; then
		out=$(cd / && timeout 90 setpriv --reuid=65534 --regid=65534 --clear-groups -- \
			java -jar "$JAR" exec --mount "$um" -- sh -c 'SNDFUSE_TIMER=/dev/snd/timer "$1/utimer-test" -k -n 10 -i 100 -s 3 -g "$1/async-global-timer"' sh "$W" 2>&1)
		if [ $? = 0 ] && grep -q '^ok 1 - utimer' <<<"$out"; then
			ok "... and global-timer counts exactly 10 TRIGGERs by SIGIO (snd_async_add_timer_handler)"
		else
			notok "... and global-timer counts 10 TRIGGERs by SIGIO" "$(tr '\n' ' ' <<<"$out")"
		fi
	fi
else
	echo "ok $((_n + 1)) - exec without root # SKIP unprivileged user namespaces are not allowed here"; _n=$((_n + 1))
fi
echo "1..$_n"
finish
