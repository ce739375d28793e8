#!/usr/bin/env bash
# Reads every crafted capture with tshark (no plugin): nothing on stderr, no malformed frame, every checksum good.
#
# usage: check-valid.sh TSHARK_PLUGIN CRAFT_DIR CAPTURE_DIR
# Frames stored shorter than on the wire (snap=) cannot be verified: they only must not show a bad checksum.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 TSHARK_PLUGIN CRAFT_DIR CAPTURE_DIR" >&2; exit 2; }
tshark_plugin=$1 craft=$2 captures=$3
tmp=$(mktemp -d /tmp/ttcraft-valid.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

fail=0 n=0
for script in "$craft"/*.txt; do
  [[ $(basename "$script") != CMakeLists.txt ]] || continue
  name=$(basename "$script" .txt)
  pcap=$captures/crafted_$name.pcap
  [[ -f $pcap ]] || { echo "FAIL $name: $pcap is missing"; fail=1; continue; }
  n=$((n + 1))
  if ! "$tshark_plugin" --no-plugin -n -r "$pcap" \
      -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields -E separator=/t \
      -e frame.number -e frame.cap_len -e frame.len -e _ws.malformed -e ip.checksum.status \
      -e tcp.checksum.status -e icmp.checksum.status -e icmpv6.checksum.status \
      >"$tmp/out" 2>"$tmp/err"; then
    echo "FAIL $name: tshark failed"; cat "$tmp/err"; fail=1; continue
  fi
  if [[ -s $tmp/err ]]; then
    echo "FAIL $name: tshark wrote to stderr:"; cat "$tmp/err"; fail=1
  fi
  # Status values: 0 bad, 1 good, 2 unverified. Whole frames: all good and at least one verified.
  if ! awk -F'\t' -v name="$name" '
      { whole = ($2 == $3); checked = 0
        if (whole && $4 != "") { print "FAIL " name ": frame " $1 " is malformed"; bad = 1 }
        for (i = 5; i <= 8; i++) {
          k = split($i, v, ",")
          for (j = 1; j <= k; j++) {
            if (v[j] == "0") { print "FAIL " name ": frame " $1 " has a bad checksum"; bad = 1 }
            else if (whole && v[j] != "1") { print "FAIL " name ": frame " $1 " has an unverified checksum"; bad = 1 }
            checked++
          }
        }
        if (whole && checked == 0) { print "FAIL " name ": frame " $1 " has no checksum verified"; bad = 1 }
        frames++ }
      END { if (frames == 0) { print "FAIL " name ": no frames"; bad = 1 } exit bad }' "$tmp/out"; then
    fail=1
  fi
done
[[ $n -gt 0 ]] || { echo "FAIL: no scripts in $craft"; exit 1; }
[[ $fail -eq 0 ]] && echo "ok: $n crafted captures decode cleanly with good checksums"
exit $fail
