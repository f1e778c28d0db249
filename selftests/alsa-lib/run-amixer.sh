#!/usr/bin/env bash
# run-amixer.sh - unmodified amixer (alsa-utils) on the loopback's control elements through the mount.
# usage: SNDFUSE_MOUNT=DIR selftests/alsa-lib/run-amixer.sh   (root: private mount namespace; TAP output)
set -u
MNT=${SNDFUSE_MOUNT:-/tmp/snd}
n=0; failed=0
ok()    { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1${2:+: $2}"; }
if [ "$(id -u)" -ne 0 ] || ! command -v amixer >/dev/null || ! command -v unshare >/dev/null; then
	echo "ok 1 - amixer through the mount # SKIP needs root, amixer and unshare"; exit 0
fi
in_ns() { timeout 30 unshare -m sh -c "mkdir -p /dev/snd && mount --bind '$MNT/snd' /dev/snd && $1" 2>&1; }
subs=$(cut -d, -f1 "$MNT/sys/module/snd_aloop/parameters/pcm_substreams")
out=$(in_ns "amixer -c 0 controls")
count=$(grep -c "^numid=" <<<"$out")
if [ "$count" -eq $((2 * subs * 7)) ]; then ok "amixer controls lists 7 controls per substream ($count)"; else notok "amixer controls lists 7 controls per substream" "$count"; fi
if grep -q "numid=1,iface=PCM,name='PCM Rate Shift 100000'" <<<"$out"; then ok "numid 1 is 'PCM Rate Shift 100000' on the PCM interface"; else notok "numid 1 is 'PCM Rate Shift 100000'"; fi
out=$(in_ns "amixer -c 0 cset iface=PCM,name='PCM Rate Shift 100000',device=1,subdevice=0 105000 && amixer -c 0 cget iface=PCM,name='PCM Rate Shift 100000',device=1,subdevice=0")
if grep -q "values=105000" <<<"$out"; then ok "cset then cget by name: 105000"; else notok "cset then cget by name" "$(tail -1 <<<"$out")"; fi
in_ns "amixer -c 0 cset iface=PCM,name='PCM Rate Shift 100000',device=1,subdevice=0 100000" >/dev/null
out=$(in_ns "amixer -c 0 cset numid=3 on")
if grep -q "Operation not permitted" <<<"$out"; then ok "writing 'PCM Slave Active' (read-only) is refused: EPERM"; else notok "writing a read-only control is refused" "$(tail -1 <<<"$out")"; fi
out=$(in_ns "amixer -c 0 cget numid=7")
if grep -q "Item #1 'Non-interleaved'" <<<"$out"; then ok "the access-mode enumeration lists its items"; else notok "the access-mode enumeration lists its items"; fi
echo "1..$n"
[ "$failed" -eq 0 ]
