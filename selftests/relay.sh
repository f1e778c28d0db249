# relay PREFIX CMD...: runs CMD (a program that prints TAP) and counts each of its "ok"/"not ok" lines here,
# renumbered, with "PREFIX: " in front (none for an empty PREFIX); its "#" lines are shown as they are, any other
# line as a "#   " comment. A CMD that prints no TAP line at all fails, with its exit status.
# Source it after the file that defines ok and notok (selftests/alsa-lib/tap.sh or selftests/shell/lib.sh).
relay() {
	local prefix=${1:+$1: } name=${1:-} line seen=0 out rc
	shift
	out=$(mktemp)
	"$@" >"$out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "$prefix${line#ok * - }"; seen=1 ;;
		"not ok "*) notok "$prefix${line#not ok * - }"; seen=1 ;;
		"1.."*) ;;
		"#"*) echo "$line" ;;
		*) echo "#   $line" ;;
		esac
	done <"$out"
	rm -f "$out"
	[ $seen = 1 ] || notok "${name:-$*}" "no TAP output (exit $rc)"
}
