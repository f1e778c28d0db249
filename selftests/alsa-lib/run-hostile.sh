#!/usr/bin/env bash
# run-hostile.sh - the shared memory against hostile local users (docs/mmap.md "Threat model").
#
# usage: selftests/alsa-lib/run-hostile.sh   (as root; starts a daemon of its own)
#
# A root daemon serves a card to group sndfuse-audio (mount --mode 0660 --group sndfuse-audio), as the Debian
# package does for group audio. Three real users, made with useradd for the test and removed after it:
#   sndfuse-t1 (in the group) plays a tone with aplay -M (its ring and status/control pages are mapped) on
#     substream 1 and records the other end with arecord, in a private mount namespace under the preload library;
#   sndfuse-t2 (in the group, a second uid) runs hostile-mmap.c on substream 2 at the same time, five rounds of
#     resizing, re-opening, sealing and protecting every memfd it can reach, garbage pointers in its control page,
#     pidfd_getfd and /proc on t1's processes, names in /dev/shm: every attempt that must fail fails;
#   sndfuse-t3 (outside the group) creates the names the old design used in /dev/shm before anyone plays.
# Then t1's recording must hold the tone byte-exact (unless t1's own programs reported an xrun), nobody got an
# error they did not cause, the daemon still serves, and every process of the three users dies on SIGKILL within
# a second. TAP output; without root one "# SKIP" line.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
L=${SNDFUSE_LAUNCHER:-$ROOT/sndfuse}
LIB=${SNDFUSE_PRELOAD_LIB:-$ROOT/preload/build/libsndfuse-preload.so}
RATE=48000
GROUP=sndfuse-audio
VICTIM=sndfuse-t1 ATTACKER=sndfuse-t2 OUTSIDER=sndfuse-t3

source "$HERE/tap.sh"

# ---------------------------------------------------------------- a user's program in a private /dev/snd
# --as USER MNT CMD...: bind MNT/snd over /dev/snd in this (private) namespace, then run CMD as USER with the
# library preloaded
if [ "${1:-}" = "--as" ]; then
	user=$2 mnt=$3
	shift 3
	mount --bind "$mnt/snd" /dev/snd || exit 97
	exec setpriv --reuid="$user" --regid="$user" --init-groups --reset-env -- \
		env LD_PRELOAD="$LIB" SNDFUSE_MOUNT="$mnt" PATH=/usr/bin:/bin "$@"
fi

require "hostile users and the shared memory" "" useradd groupadd setpriv unshare aplay arecord timeout
[ -e "$LIB" ] || make -s -C "$ROOT/preload" >/dev/null 2>&1
[ -e "$LIB" ] || { skip "hostile users and the shared memory" "no $LIB"; finish; }

W=$(mktemp -d /tmp/sndfuse-hostile.XXXXXX)
chmod 755 "$W"
MNT=$W/mnt
mkdir -p "$MNT"
made_users=()
made_group=0
made_dev_snd=0
dpid=""
cleanup() {
	pkill -KILL -u "$VICTIM" 2>/dev/null
	pkill -KILL -u "$ATTACKER" 2>/dev/null
	pkill -KILL -u "$OUTSIDER" 2>/dev/null
	if [ -n "$dpid" ]; then
		kill -TERM "$dpid" 2>/dev/null
		wait "$dpid" 2>/dev/null
	fi
	id "$OUTSIDER" >/dev/null 2>&1 && find /dev/shm -maxdepth 1 -user "$OUTSIDER" -name 'sndfuse-*' -delete 2>/dev/null
	for u in "${made_users[@]}"; do userdel "$u" 2>/dev/null; done
	[ $made_group = 1 ] && groupdel "$GROUP" 2>/dev/null
	[ $made_dev_snd = 1 ] && rmdir /dev/snd 2>/dev/null
	if [ "${KEEP:-0}" = 1 ]; then echo "# kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

getent group "$GROUP" >/dev/null || { groupadd -r "$GROUP" && made_group=1; }
for u in "$VICTIM" "$ATTACKER" "$OUTSIDER"; do
	if ! id "$u" >/dev/null 2>&1; then
		useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$u" && made_users+=("$u")
	fi
done
usermod -a -G "$GROUP" "$VICTIM" && usermod -a -G "$GROUP" "$ATTACKER"
gpasswd -d "$OUTSIDER" "$GROUP" >/dev/null 2>&1
vuid=$(id -u "$VICTIM" 2>/dev/null)
if [ -z "$vuid" ] || ! id -nG "$ATTACKER" | grep -qw "$GROUP"; then
	notok "users $VICTIM, $ATTACKER (group $GROUP) and $OUTSIDER" "useradd/usermod failed"
	finish
fi
ok "users $VICTIM and $ATTACKER in group $GROUP, $OUTSIDER outside it"

if ${CC:-gcc} -O2 -Wall -Wextra -I "$ROOT/selftests/include" -o "$W/hostile-mmap" "$HERE/hostile-mmap.c" 2>"$W/cc.log" &&
   ${CC:-gcc} -O2 -Wall -Wextra -o "$W/wavtool" "$HERE/wavtool.c" -lm 2>>"$W/cc.log" &&
   "$W/wavtool" gen "$W/tone.wav" 3 $RATE; then
	ok "build hostile-mmap and wavtool, generate a 3 s tone"
else
	notok "build hostile-mmap and wavtool" "$(cat "$W/cc.log")"
	finish
fi
mkdir -p "$W/t1" "$W/t2" "$W/t3"
chown "$VICTIM" "$W/t1"
chown "$ATTACKER" "$W/t2"
chown "$OUTSIDER" "$W/t3"
chmod 644 "$W/tone.wav"

# the daemon, root, for the group
setsid "$L" mount --mode 0660 --group "$GROUP" "$MNT" </dev/null >"$W/d.out" 2>"$W/d.err" &
dpid=$!
for _ in $(seq 600); do grep -qxF "ready $MNT" "$W/d.out" 2>/dev/null && break; kill -0 "$dpid" 2>/dev/null || break; sleep 0.1; done
if ! grep -qxF "ready $MNT" "$W/d.out" 2>/dev/null; then
	notok "a root daemon for group $GROUP" "$(head -c 300 "$W/d.err")"
	finish
fi
[ -d /dev/snd ] || { mkdir -p /dev/snd && made_dev_snd=1; }

# the outsider creates the names the earlier design used (daemon pid, node, substream, generation) and others
dpid_java=$(pgrep -f -n "sndfuse.jar mount --mode 0660 --group $GROUP $MNT" || echo "$dpid")
setpriv --reuid="$OUTSIDER" --regid="$OUTSIDER" --clear-groups -- sh -c "
	for n in \$(seq 1 300); do
		for node in C0D0p-s1 C0D0p-s2 C0D1c-s1; do : >/dev/shm/sndfuse-$dpid_java-\$node-g\$n; done
	done
	: >/dev/shm/sndfuse-hostile-marker" 2>"$W/t3.err"
n_squat=$(find /dev/shm -maxdepth 1 -user "$OUTSIDER" -name 'sndfuse-*' | wc -l)
if [ "$n_squat" -ge 900 ]; then
	ok "$OUTSIDER (outside the group) created $n_squat sndfuse-* names in /dev/shm first"
else
	notok "$OUTSIDER created names in /dev/shm" "$n_squat made; $(head -c 200 "$W/t3.err")"
fi

# the victim records substream 1's other end and plays the tone into it with a mapped ring
unshare -m "$0" --as "$VICTIM" "$MNT" timeout 30 arecord -D hw:0,1,1 -f S16_LE -r $RATE -c 2 -d 5 "$W/t1/cap.wav" \
	>"$W/t1/arecord.log" 2>&1 &
rec=$!
if ! wait_running "$MNT/proc/asound/card0/pcm1c/sub1/status" "$rec"; then
	notok "$VICTIM records hw:0,1,1" "$(cat "$W/t1/arecord.log")"
	finish
fi
unshare -m "$0" --as "$VICTIM" "$MNT" timeout 30 aplay -M -D hw:0,0,1 "$W/tone.wav" >"$W/t1/aplay.log" 2>&1 &
play=$!
# the attacker, meanwhile, on substream 2
unshare -m "$0" --as "$ATTACKER" "$MNT" timeout 60 "$W/hostile-mmap" 2 5 "$vuid" >"$W/t2/attack.log" 2>&1
arc=$?
wait "$play"
prc=$?
wait "$rec"
rrc=$?

if [ $arc = 0 ] && grep -q "^every attempt that must fail was refused" "$W/t2/attack.log"; then
	ok "$ATTACKER: $(grep -c '^refused' "$W/t2/attack.log") attempts on its own memfds, $VICTIM's processes and /dev/shm refused, over 5 rounds"
else
	notok "$ATTACKER's attempts are all refused" "exit $arc: $(grep -v '^refused\|^allowed' "$W/t2/attack.log" | head -5 | tr '\n' ' ')"
fi
grep -E '^(allowed|tried|[0-9]+ sndfuse|state after)' "$W/t2/attack.log" | sort | uniq -c | sed 's/^/#   /'
# the earlier design's names carried the daemon's pid (another daemon on the machine may still make such names)
daemons=$(find /dev/shm -maxdepth 1 -user root -name "sndfuse-$dpid_java-*" | wc -l)
if grep -q "^found the daemon's /dev/shm/sndfuse-$dpid_java-" "$W/t2/attack.log" || [ "$daemons" != 0 ]; then
	notok "nothing of the daemon's is in /dev/shm" "$daemons names of daemon $dpid_java"
else
	ok "nothing of the daemon's is in /dev/shm (only $OUTSIDER's names, which $ATTACKER cannot remove either)"
fi

if [ $prc = 0 ] && [ $rrc = 0 ]; then
	ok "$VICTIM's aplay -M and arecord ended without an error"
else
	notok "$VICTIM's aplay -M and arecord ended without an error" "aplay $prc, arecord $rrc: $(tail -n 2 "$W/t1/aplay.log" "$W/t1/arecord.log" | tr '\n' ' ')"
fi
if grep -qi "xrun\|underrun\|overrun" "$W/t1/aplay.log" "$W/t1/arecord.log"; then
	skip "$VICTIM's recording holds the tone byte-exact" "$VICTIM's own programs reported an xrun"
elif result=$("$W/wavtool" match "$W/t1/cap.wav" "$W/tone.wav" 2>&1); then
	ok "$VICTIM's recording holds every frame of the tone in order, byte-exact ($result)"
else
	notok "$VICTIM's recording holds the tone byte-exact" "$result"
fi

# the daemon is unharmed: it still serves a new stream
if out=$(unshare -m "$0" --as "$VICTIM" "$MNT" timeout 20 aplay -M -D hw:0,0,3 -d 1 "$W/tone.wav" 2>&1); then
	ok "the daemon still serves: $VICTIM plays again afterwards"
else
	notok "the daemon still serves" "$out"
fi
if kill -0 "$dpid" 2>/dev/null && ! grep -q "InternalError\|Exception in thread" "$W/d.err"; then
	ok "the daemon is alive and logged no fault"
else
	notok "the daemon is alive and logged no fault" "$(grep -m3 'Error\|Exception' "$W/d.err" | tr '\n' ' ')"
fi

# SIGKILL: a long recording of t1's and a round of t2's, both parked in the daemon, die within a second
unshare -m "$0" --as "$VICTIM" "$MNT" arecord -D hw:0,1,4 -f S16_LE -r $RATE -c 2 -d 60 /dev/null >/dev/null 2>&1 &
k1=$!
unshare -m "$0" --as "$ATTACKER" "$MNT" "$W/hostile-mmap" 5 1000 "$vuid" >/dev/null 2>&1 &
k2=$!
wait_running "$MNT/proc/asound/card0/pcm1c/sub4/status" "$k1"
sleep 0.5
pkill -KILL -u "$VICTIM"
pkill -KILL -u "$ATTACKER"
left=""
for _ in $(seq 10); do
	left=$(pgrep -u "$VICTIM,$ATTACKER" | tr '\n' ' ')
	[ -z "$left" ] && break
	sleep 0.1
done
if [ -z "$left" ]; then
	ok "every process of $VICTIM and $ATTACKER exits on SIGKILL within a second"
else
	notok "every process of $VICTIM and $ATTACKER exits on SIGKILL within a second" "left: $left"
fi
wait "$k1" "$k2" 2>/dev/null
finish
