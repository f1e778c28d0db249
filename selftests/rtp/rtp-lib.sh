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

# rtp_recv_stop SIGNAL: signals the receiver and waits (at most 10 s); sets RECV_RC
rtp_recv_stop() {
	kill -"${1:-TERM}" "$RECV_PID" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$RECV_PID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$RECV_PID" 2>/dev/null
	wait "$RECV_PID"
	RECV_RC=$?
}

# stat_of LOG KEY: the KEY=VALUE of the last rtp-stats line in LOG
stat_of() { grep 'rtp-stats' "$1" | tail -n1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# field_of "LINE" KEY: the KEY=VALUE of one line
field_of() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
