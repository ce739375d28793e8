#!/usr/bin/env bash
# Feeds each malformed script in BAD_DIR to ttcraft: it must exit 2 with "FILE:LINE: error: ..." and write no capture.
#
# usage: check-rejects.sh TTCRAFT BAD_DIR
# Each bad script starts with "# expect LINE TEXT": the line the error must name and a piece of its message.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 TTCRAFT BAD_DIR" >&2; exit 2; }
ttcraft=$1 bad=$2
tmp=$(mktemp -d /tmp/ttcraft-bad.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

fail=0 n=0
for script in "$bad"/*.txt; do
  n=$((n + 1))
  name=$(basename "$script")
  read -r hash word line text < "$script" || true
  if [[ $hash != "#" || $word != expect || ! $line =~ ^[0-9]+$ ]]; then
    echo "FAIL $name: first line must be '# expect LINE TEXT'"; fail=1; continue
  fi
  rc=0
  "$ttcraft" "$script" "$tmp/out.pcap" 2>"$tmp/err" || rc=$?
  msg=$(cat "$tmp/err")
  if [[ $rc -ne 2 ]]; then
    echo "FAIL $name: exit status $rc, want 2 ($msg)"; fail=1
  elif [[ $msg != "$script:$line: error: "*"$text"* ]]; then
    echo "FAIL $name: message '$msg', want '$script:$line: error: ...$text...'"; fail=1
  elif [[ -e $tmp/out.pcap ]]; then
    echo "FAIL $name: a capture was written anyway"; fail=1
  else
    echo "ok $name: $msg"
  fi
  rm -f "$tmp/out.pcap"
done
# Usage errors exit 2 too.
for args in "" "only-one-arg" "$tmp/no-such-script.txt $tmp/out.pcap"; do
  rc=0
  # shellcheck disable=SC2086
  "$ttcraft" $args 2>/dev/null || rc=$?
  [[ $rc -eq 2 ]] || { echo "FAIL: ttcraft $args exits $rc, want 2"; fail=1; }
done
[[ $n -gt 0 ]] || { echo "FAIL: no scripts in $bad"; exit 1; }
[[ $fail -eq 0 ]] && echo "ok: $n malformed scripts rejected"
exit $fail
