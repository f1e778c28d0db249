# Shared helpers for the shell selftests: TAP output and a few waits. Source it; needs SNDFUSE_MOUNT.
# Each test script prints "ok N - name" / "not ok N - name: detail" and exits non-zero on any failure.
set -u
M=${SNDFUSE_MOUNT:?set SNDFUSE_MOUNT to a live sndfuse mount}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
_n=0
_failed=0
ok()    { _n=$((_n + 1)); echo "ok $_n - $1"; }
notok() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1${2:+: $2}"; }
# check NAME CMD...: ok if CMD succeeds
check() { local name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }
# expect_eq NAME EXPECTED ACTUAL
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi; }
# expect_match NAME REGEX TEXT
expect_match() { if [[ "$3" =~ $2 ]]; then ok "$1"; else notok "$1" "'$3' does not match /$2/"; fi; }
finish() { [ "$_failed" -eq 0 ]; exit $?; }
# sum_ticks: sums the VAL of "tick VAL T" lines on stdin
sum_ticks() { awk '$1 == "tick" { s += $2 } END { print s + 0 }'; }
# read_line FD [TIMEOUT]: one line from FD into $REPLY_LINE, or empty on timeout
read_line() { REPLY_LINE=""; IFS= read -r -t "${2:-5}" REPLY_LINE <&"$1" || true; }
