# sndfuse exec, inside the private mount namespace (README "sndfuse exec"): /dev/snd becomes the mount's
# snd/ directory, then COMMAND runs with the preload library and the generated alsa config.
# usage: sh -c "$(cat exec-namespace.sh)" sndfuse-exec SNDDIR LIBRARY ALSACONF UID:GID COMMAND [ARGS]
# UID:GID is empty as root; in a user namespace (unshare -r) COMMAND gets the caller's own ids back.
snd=$1 lib=$2 conf=$3 ids=$4
shift 4
fail() { echo "sndfuse: exec: $*" >&2; exit 2; }
if [ -d /dev/snd ]; then
	# the host's sound devices (if any) are hidden in this namespace only
	mount --bind "$snd" /dev/snd || fail "cannot bind $snd over /dev/snd"
else
	# No /dev/snd: a mkdir here would land on the devtmpfs every namespace shares. Put a private tmpfs over
	# /dev with each entry of the old /dev bound in, then snd. The cwd keeps the old /dev reachable, and
	# mount -c keeps relative sources relative to it.
	cd /dev || fail "cannot enter /dev"
	mount -t tmpfs -o mode=0755,size=1m sndfuse-dev /dev || fail "cannot mount a private /dev"
	for e in * .[!.]*; do
		if [ -L "$e" ]; then
			ln -s "$(readlink "$e")" "/dev/$e"
		elif [ -d "$e" ]; then
			mkdir "/dev/$e" && mount -c --rbind "$e" "/dev/$e"
		elif [ -e "$e" ]; then
			: >"/dev/$e" && mount -c --bind "$e" "/dev/$e"
		fi || fail "cannot bind /dev/$e into the private /dev"
	done
	cd / && mkdir /dev/snd && mount --bind "$snd" /dev/snd || fail "cannot bind $snd over /dev/snd"
fi
export LD_PRELOAD="$lib${LD_PRELOAD:+ $LD_PRELOAD}"
export ALSA_CONFIG_PATH="$conf"
# jackd asks the session bus to reserve "Audio<card>" before it opens hw:<card>: the name of the host's real card
# of that index, whose owner (PulseAudio, PipeWire) would release it. Card 0 in here is the loopback.
export JACK_NO_AUDIO_RESERVATION=1
if [ -n "$ids" ]; then
	exec unshare --user --map-user="${ids%:*}" --map-group="${ids#*:}" -- "$@"
fi
exec "$@"
