# The JVM options both launchers (./sndfuse and the package's /usr/bin/sndfuse) run the daemon with; POSIX sh,
# sourced. docs/fuse-transport.md "Threads" and "Memory and start-up" say why each is there.
#   sndfuse_jvm_options JAVA JAR COMMAND: prints the options; for COMMAND "mount" it first (re)creates the
#   class-data-sharing archive when it is missing or older than JAR (a training start, about 2 s once).
# Few JVM threads: a small heap needs no concurrent collector, notifications can share the service thread, and
# the code cache of a program this size needs no sweeper. A young generation of 16 MiB bounds what allocation
# churn adds to RSS; the heap is capped at 256 MiB.
# No unstable-if traps: C2 compiles both sides of a branch its profile never saw taken, so a new kind of client does
# not throw the hot methods back to the interpreter (docs/fuse-transport.md "The JIT and realtime clients").
SNDFUSE_JVM_BASE="-XX:+UseSerialGC -XX:-UseNotificationThread -XX:-MethodFlushing -Xmn16m -Xmx256m -XX:-UsePerfData -XX:PerMethodTrapLimit=0 -XX:PerBytecodeTrapLimit=0"
# rtp-recv is a client: its heap is left to the JVM, as a 16 MiB young generation collects often enough to move
# its latency by tens of microseconds, which its 1 ppm clock-following measures
SNDFUSE_JVM_CLIENT="-XX:+UseSerialGC -XX:-UsePerfData"

# where the archive lives: systemd's CacheDirectory, root's /var/cache/sndfuse, else the user's cache
sndfuse_cds_dir() {
	if [ -n "${CACHE_DIRECTORY:-}" ]; then
		echo "$CACHE_DIRECTORY"
	elif [ "$(id -u)" = 0 ]; then
		echo /var/cache/sndfuse
	else
		echo "${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/sndfuse"
	fi
}

# sndfuse_cds_train JAVA JAR ARCHIVE: one start with -XX:ArchiveClassesAtExit on a scratch mount point,
# stopped once ready; the archive appears only if that worked (renamed into place: starts may race)
sndfuse_cds_train() {
	_t=$(mktemp -d "${TMPDIR:-/tmp}/sndfuse-cds.XXXXXX") || return 0
	# shellcheck disable=SC2086 # the base options are a list of words
	"$1" $SNDFUSE_JVM_BASE -XX:ArchiveClassesAtExit="$3.$$" -Xlog:cds=off -Xlog:cds+dynamic=off \
		-jar "$2" mount "$_t" >"$_t.out" 2>/dev/null &
	_p=$!
	_i=0
	while [ $_i -lt 300 ] && kill -0 $_p 2>/dev/null && ! grep -q '^ready ' "$_t.out" 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -TERM $_p 2>/dev/null
	wait $_p 2>/dev/null
	if grep -q '^ready ' "$_t.out" 2>/dev/null && [ -s "$3.$$" ]; then
		mv -f "$3.$$" "$3"
	else
		rm -f "$3.$$"
	fi
	rm -f "$_t.out"
	rmdir "$_t" 2>/dev/null
	return 0
}

sndfuse_jvm_options() {
	_java=$1 _jar=$2 _cmd=$3
	_opts=$SNDFUSE_JVM_BASE
	[ "$_cmd" = rtp-recv ] && _opts=$SNDFUSE_JVM_CLIENT
	_dir=$(sndfuse_cds_dir)
	# one archive per Java runtime (it only fits the JVM that wrote it) and jar path
	_rt=$(readlink -f "$(command -v "$_java" 2>/dev/null || echo "$_java")" 2>/dev/null || echo "$_java")
	_key=$(printf '%s %s %s' "$_rt" "$(ls -l --time-style=+%s "$_rt" 2>/dev/null)" "$_jar" | cksum | cut -d' ' -f1)
	_jsa="$_dir/sndfuse-$_key.jsa"
	if [ "$_cmd" = mount ] && { [ ! -s "$_jsa" ] || [ "$_jar" -nt "$_jsa" ]; } && mkdir -p "$_dir" 2>/dev/null &&
		[ -w "$_dir" ]; then
		sndfuse_cds_train "$_java" "$_jar" "$_jsa"
	fi
	# a stale or foreign archive is refused by the JVM, which then starts without it: keep that quiet
	if [ -s "$_jsa" ] && ! [ "$_jar" -nt "$_jsa" ]; then
		_opts="$_opts -XX:SharedArchiveFile=$_jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
	fi
	echo "$_opts"
}
