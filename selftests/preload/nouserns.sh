#!/bin/sh
# nouserns.sh UID CMD...: runs CMD as UID (not root) inside an identity-mapped user namespace whose
# user.max_user_namespaces is 0, so CMD can create no user namespace: the "no way to get a mount namespace"
# case of sndfuse exec, without touching the host's sysctl. Needs root.
if [ "$1" = --inner ]; then
	shift; uid=$1; shift
	echo 0 >/proc/sys/user/max_user_namespaces || exit 99
	exec setpriv --reuid="$uid" --regid="$uid" --clear-groups -- "$@"
fi
if [ "$1" = --wait ]; then
	shift; read -r _ <"$1"; shift
	exec "$@" # uid 0 is mapped by now: this exec gives the namespace's root its capabilities
fi
uid=$1; shift
d=$(mktemp -d); mkfifo "$d/go"
unshare -U -- "$0" --wait "$d/go" "$0" --inner "$uid" "$@" &
pid=$!
for _ in $(seq 250); do [ "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break; sleep 0.02; done
echo '0 0 65536' >/proc/$pid/uid_map && echo '0 0 65536' >/proc/$pid/gid_map
echo go >"$d/go"
wait $pid; rc=$?
rm -rf "$d"
exit $rc
