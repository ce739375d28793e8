# Shared helpers of the tests/gui checks (sourced, not run): options, tshark through tests/tshark-plugin, PSML parsing.
# shellcheck shell=bash
# The caller sets: tshark_plugin (tests/tshark-plugin), plugin (tcpteach.so), profiles (folder holding TCP-Teaching).

fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok - $*"; }
not_ok() { fails=$((fails + 1)); echo "not ok - $*"; }
finish() {
  echo "$(basename "$0"): $passes passed, $fails failed"
  [[ $fails -eq 0 ]]
}

# Parses the options every check takes; the rest of the command line is left in $args. --dumps DIR (the
# shared dissections of tests/dumps/make-dumps) is optional here; a check that reads them calls dumps_ready "$dumps".
parse_common() {
  tshark_plugin="" plugin="" profiles="" captures="" dumps=""
  args=()
  while [[ $# -gt 0 ]]; do
    # shellcheck disable=SC2034 # dumps is read by the checks that source this file
    case $1 in
      --tshark-plugin) tshark_plugin=$2; shift 2 ;;
      --plugin) plugin=$2; shift 2 ;;
      --profiles) profiles=$2; shift 2 ;;
      --captures) captures=$2; shift 2 ;;
      --dumps) dumps=$2; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  if [[ -z $tshark_plugin || -z $plugin || -z $profiles || -z $captures ]]; then
    echo "usage: $0 --tshark-plugin tests/tshark-plugin --plugin tcpteach.so --profiles profiles/ --captures test-captures/" >&2
    exit 2
  fi
  [[ -d $profiles/TCP-Teaching ]] || { echo "$0: no TCP-Teaching profile in '$profiles'" >&2; exit 2; }
}

# dumps_ready DIR and dump_file DIR CAPTURE LANG: the shared dissections --dumps names.
# shellcheck source=tests/lib/dumps.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/dumps.sh"

# tshark with the plugin and the repository's profiles offered to -C (tshark's stderr is kept apart).
tshark_p() {
  TCPTEACH_PROFILES=$profiles "$tshark_plugin" --plugin "$plugin" "$@"
}

# PSML on stdin -> one TAB-separated line for the <structure> (column titles), then one per packet.
psml_to_tsv() {
  awk '
    /^<(structure|packet)>$/ { row = ""; n = 0; inside = 1; next }
    /^<\/(structure|packet)>$/ { print row; inside = 0; next }
    inside && /^<section>/ {
      s = $0; sub(/^<section>/, "", s); sub(/<\/section>$/, "", s)
      gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'\''", s)
      gsub(/&amp;/, "\\&", s); gsub(/\t/, " ", s)
      row = (n++ ? row "\t" s : s)
    }'
}

# The column titles that a profile's preferences file gives gui.column.format, one a line.
profile_titles() {
  awk '
    /^gui\.column\.format:/ { on = 1; next }
    on && /^[ \t]/ { if (match($0, /"[^"]*"/)) print substr($0, RSTART + 1, RLENGTH - 2); next }
    on { exit }' "$1"
}

# The column formats ("%m", "%Cus:tcpteach.label:0:R" ...) of a profile's gui.column.format, one a line.
profile_formats() {
  awk '
    /^gui\.column\.format:/ { on = 1; next }
    on && /^[ \t]/ { n = split($0, a, /"/); if (n >= 5) print a[4]; next }
    on { exit }' "$1"
}

# The width in pixels that a profile's recent file (column.width: "FORMAT", "PIXELS", ...) gives a column
# format such as "%Cus:tcpteach.label"; nothing when it gives none.
recent_width() {
  [[ -f $1 ]] || return 0
  awk -v fmt="$2" '
    /^column\.width:/ { on = 1 }
    on { line = line $0; if ($0 !~ /,[ \t]*$/ && $0 !~ /^column\.width:[ \t]*$/) exit }
    END { n = split(line, a, /"/); for (i = 2; i + 2 <= n; i += 4) if (a[i] == fmt) { print a[i + 2] + 0; exit } }' "$1"
}
