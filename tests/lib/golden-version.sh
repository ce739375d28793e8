# Which expected golden file applies to a Wireshark version (sourced, not run).
# shellcheck shell=bash

# version_le A B: true when version A is at most B (sort -V order).
version_le() { [[ $(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1) == "$1" ]]; }

# golden_for DIR EXPECTED VERSION: the name of the file in DIR that holds EXPECTED for Wireshark
# VERSION: the newest EXPECTED@X.Y with X.Y at most VERSION (where tcpteach's output must differ by
# version, e.g. Wireshark numbers the streams differently), else EXPECTED itself.
golden_for() {
  local f v best=""
  for f in "$1/$2"@*; do
    [[ -e $f ]] || continue
    v=${f##*@}
    if version_le "$v" "$3" && { [[ -z $best ]] || version_le "$best" "$v"; }; then best=$v; fi
  done
  if [[ -n $best ]]; then echo "$2@$best"; else echo "$2"; fi
}
