# TAP helpers shared by the alsa-lib selftests that run programs in a private /dev/snd (run-aplay.sh,
# run-mmap.sh). Source it; it sets num=0 and failed=0.
num=0
failed=0
ok()    { num=$((num + 1)); echo "ok $num - $1"; }
notok() { num=$((num + 1)); failed=$((failed + 1)); echo "not ok $num - $1${2:+: $2}"; }
skip()  { num=$((num + 1)); echo "ok $num - $1 # SKIP $2"; }
show()  { [ -f "$1" ] && sed 's/^/#   /' "$1"; }
finish() { echo "1..$num"; [ "$failed" -eq 0 ]; exit $?; }
# wait_running STATUS PID: until the proc status file says RUNNING (0), or PID exits or 10 s pass (1)
wait_running() {
	for _ in $(seq 1 500); do
		grep -q '^state: RUNNING' "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.02
	done
	return 1
}
# require NAME HINT TOOL...: skips the whole script (reported as NAME) unless it runs as root and every TOOL is
# installed; HINT, when not empty, says where a missing tool comes from
require() {
	local name=$1 hint=$2 tool
	shift 2
	if [ "$(id -u)" != 0 ]; then
		skip "$name" "needs root (unshare -m, mount --bind)"
		finish
	fi
	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			skip "$name" "$tool not installed${hint:+ ($hint)}"
			finish
		fi
	done
}
# mount_work NAME: one failure and the end unless a daemon serves $MNT; else W = a fresh /tmp/sndfuse-NAME.XXXXXX
# (0755, for programs run as other users) and the card's timer_source kept for release_work
mount_work() {
	if [ ! -e "$MNT/snd/pcmC0D0p" ]; then
		notok "sndfuse mount at $MNT" "no $MNT/snd/pcmC0D0p"
		finish
	fi
	W=$(mktemp -d "/tmp/sndfuse-$1.XXXXXX")
	chmod 755 "$W"
	saved_source=$(cat "$MNT/proc/asound/card0/timer_source" 2>/dev/null)
}
# release_work: the card's timer_source back as mount_work found it, W removed (kept with KEEP=1)
release_work() {
	printf '%s\n' "$saved_source" >"$MNT/proc/asound/card0/timer_source" 2>/dev/null
	if [ "${KEEP:-0}" = 1 ]; then echo "# kept $W"; else rm -rf "$W"; fi
}
