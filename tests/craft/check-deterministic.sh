#!/usr/bin/env bash
# Re-generates every tests/craft/*.txt and requires byte equality with test-captures/crafted_*.pcap (--write: update them).
#
# usage: check-deterministic.sh [--write] TTCRAFT CRAFT_DIR CAPTURE_DIR
set -euo pipefail
write=0
if [[ ${1:-} == --write ]]; then write=1; shift; fi
[[ $# -eq 3 ]] || { echo "usage: $0 [--write] TTCRAFT CRAFT_DIR CAPTURE_DIR" >&2; exit 2; }
ttcraft=$1 craft=$2 captures=$3
tmp=$(mktemp -d /tmp/ttcraft-det.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

fail=0 n=0
for script in "$craft"/*.txt; do
  [[ $(basename "$script") != CMakeLists.txt ]] || continue
  name=$(basename "$script" .txt)
  out=crafted_$name.pcap
  n=$((n + 1))
  "$ttcraft" "$script" "$tmp/$out"
  "$ttcraft" "$script" "$tmp/again-$out"
  if ! cmp -s "$tmp/$out" "$tmp/again-$out"; then
    echo "FAIL $name: two runs differ"; fail=1; continue
  fi
  if [[ $write -eq 1 ]]; then
    cp "$tmp/$out" "$captures/$out"; echo "wrote $captures/$out"
  elif [[ ! -f $captures/$out ]]; then
    echo "FAIL $name: $captures/$out is missing (run the craft_captures target)"; fail=1
  elif ! cmp "$tmp/$out" "$captures/$out"; then
    echo "FAIL $name: $captures/$out differs from what $script makes"; fail=1
  fi
done
# Every committed crafted capture must come from a script.
for pcap in "$captures"/crafted_*.pcap; do
  [[ -e $pcap ]] || continue
  name=$(basename "$pcap" .pcap); name=${name#crafted_}
  [[ -f $craft/$name.txt ]] || { echo "FAIL $(basename "$pcap"): no script $craft/$name.txt"; fail=1; }
done
[[ $n -gt 0 ]] || { echo "FAIL: no scripts in $craft"; exit 1; }
[[ $fail -eq 0 ]] && echo "ok: $n crafted captures are reproduced byte for byte"
exit $fail
