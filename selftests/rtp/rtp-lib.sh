# Helpers for the RTP selftests (selftests/shell/rtp-*.sh) and bench/rtp-bench.sh. Source after lib.sh
# (or set M and ROOT). Builds the C helpers once into $RTP_BIN and runs "sndfuse rtp-recv" in the background.
RTP_DIR=$ROOT/selftests/rtp
RTP_BIN=${RTP_BIN:-$ROOT/selftests/build/rtp}
mkdir -p "$RTP_BIN"
rtp_build() {
	local p
	for p in rtp-send rtp-capture tone-check; do
		gcc -Wall -Wextra -O2 -I "$ROOT/selftests/include" -o "$RTP_BIN/$p" "$RTP_DIR/$p.c" -lm || return 1
	done
}

# a UDP port on 127.0.0.1 nobody listens on (the receiver's bind would fail otherwise)
rtp_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		if ! grep -qi ":$(printf '%04X' $p) " /proc/net/udp 2>/dev/null; then echo $p; return; fi
	done
	echo 45454
}

# rtp_recv_start LOG ARGS...: starts "sndfuse rtp-recv --mount $M ARGS" and waits for its "ready" line
# (sets RECV_PID). Returns 1 if it exits or is not ready within 60 s.
rtp_recv_start() {
	local log=$1
	shift
	# a background job of a script starts with SIGINT ignored; the receiver's own handler needs it back
	env --default-signal=INT "$ROOT/sndfuse" rtp-recv --mount "$M" "$@" 2>"$log" &
	RECV_PID=$!
	for _ in $(seq 600); do
		grep -q '^rtp-recv: ready' "$log" && return 0
		kill -0 "$RECV_PID" 2>/dev/null || { wait "$RECV_PID"; return 1; }
		sleep 0.1
	done
	return 1
}

# boost PID...: raises every thread of each PID to nice -10 (root only; silently nothing otherwise), so a
# timing measurement (the drift test's 1 ppm) sees the pipeline's own latency, not other jobs' CPU use
boost() {
	local p t
	[ "$(id -u)" -eq 0 ] || return 0
	for p in "$@"; do
		for t in /proc/"$p"/task/*; do renice -n -10 -p "${t##*/}" >/dev/null 2>&1; done
	done
}

# rtp_recv_stop SIGNAL: signals the receiver and waits (at most 10 s); sets RECV_RC
rtp_recv_stop() {
	kill -"${1:-TERM}" "$RECV_PID" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$RECV_PID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$RECV_PID" 2>/dev/null || true
	RECV_RC=0
	wait "$RECV_PID" || RECV_RC=$?
}

# stat_of LOG KEY [KIND [N]]: the KEY=VALUE of the last rtp-stats line in LOG (or of the Nth KIND line)
stat_of() {
	if [ -n "${3:-}" ]; then grep "rtp-recv: $3 " "$1" | sed -n "${4:-1}p"; else grep 'rtp-stats' "$1" | tail -n1; fi |
		tr ' ' '\n' | sed -n "s/^$2=//p"
}
# field_of "LINE" KEY: the KEY=VALUE of one line
field_of() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# rtp_stream NAME FORMAT PORT SENDER-ARGS...: with a receiver listening on PORT, rtp-capture for
# CAP_SECONDS (options: CAP_ARGS) and rtp-send with SENDER-ARGS; sets SND and CAP (their result lines), CAP_RC.
rtp_stream() {
	local name=$1 fmt=$2 port=$3
	shift 3
	# shellcheck disable=SC2086
	local nice=()
	[ "$(id -u)" -eq 0 ] && nice=(nice -n -10)   # as boost(): the measuring ends run ahead of other jobs
	"${nice[@]}" "$RTP_BIN/rtp-capture" -f "$fmt" -P 480 -B 48000 -d "$CAP_SECONDS" ${CAP_ARGS:-} >"$tmp/$name.cap" 2>"$tmp/$name.err" &
	CAP_PID=$!
	sleep 0.5
	SND=$("${nice[@]}" "$RTP_BIN/rtp-send" -a "127.0.0.1:$port" -f "$fmt" "$@")
	wait $CAP_PID
	CAP_RC=$?
	CAP_PID=""
	CAP=$(cat "$tmp/$name.cap")
	echo "# $SND"
	echo "# $CAP"
	sed 's/^/# /' "$tmp/$name.err" | head -n 5
}

# rtp_case NAME FORMAT SENDER-ARGS...: rtp-recv on a fresh port (options: RECV_ARGS), rtp_stream, then
# STOP_SIGNAL (TERM) to the receiver. Its log is $tmp/NAME.log; sets RECV_RC too.
rtp_case() {
	local name=$1 fmt=$2 port
	shift 2
	port=$(rtp_port)
	# shellcheck disable=SC2086
	if ! rtp_recv_start "$tmp/$name.log" --listen "127.0.0.1:$port" --format "$fmt" --rate 48000 --channels 2 \
		--period-frames 480 --jitter 5 --idle 500 ${RECV_ARGS:---status-interval 0}; then
		notok "$name: rtp-recv starts" "$(tail -n 5 "$tmp/$name.log")"
		return 1
	fi
	rtp_stream "$name" "$fmt" "$port" "$@"
	rtp_recv_stop "${STOP_SIGNAL:-TERM}"
	RECV_PID=""
	grep rtp-stats "$tmp/$name.log" | tail -n1 | sed 's/^/# /'
}

# for an EXIT trap: no helper outlives the script
rtp_cleanup() {
	[ -n "${CAP_PID:-}" ] && kill "$CAP_PID" 2>/dev/null
	[ -n "${RECV_PID:-}" ] && kill "$RECV_PID" 2>/dev/null
	return 0
}
