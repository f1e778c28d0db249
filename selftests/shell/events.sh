#!/usr/bin/env bash
# The event stream shows a utimer's lifecycle in order; high trigger rates are coalesced.
source "$(dirname "$0")/lib.sh"
tmp=$(mktemp)
exec {e}<"$M/events"
exec {t}<>"$M/ctl/utimer"
echo create 20000000 >&$t; read_line $t; id=${REPLY_LINE#id }
echo trigger >&$t
echo "trigger 200" >&$t
exec {t}>&-
sleep 0.3
timeout 2 cat <&$e > "$tmp"
exec {e}<&-
kinds=$(awk -v id="id=$id" '$3 == id { print $2 }' "$tmp" | uniq | tr '\n' ' ')
expect_match "create, trigger, destroy in order" '^utimer-create utimer-trigger .*utimer-destroy $' "$kinds"
expect_match "line format TIME KIND KEY=VALUE" "^[0-9]+\.[0-9]{9} utimer-create id=$id name=snd-utimer$id resolution=20000000$" "$(head -n1 "$tmp")"
total=$(awk -v id="id=$id" '$2 == "utimer-trigger" && $3 == id { sub("count=", "", $4); s += $4 } END { print s + 0 }' "$tmp")
expect_eq "trigger counts add up (coalesced lines included)" 201 "$total"
check "a burst is coalesced" grep -q "utimer-trigger id=$id count=[0-9]* total=201 coalesced=1" "$tmp"
expect_match "destroy reports the ticks fired" "utimer-destroy id=$id ticks=201" "$(cat "$tmp")"
rm -f "$tmp"
finish
