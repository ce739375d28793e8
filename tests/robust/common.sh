# Shared helpers of the robustness and fuzz scripts: running tshark through tests/tshark-plugin, classifying runs.
# Sourced (bash), not run. Callers set -euo pipefail themselves.

tt_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TT_TSHARK_PLUGIN=${TT_TSHARK_PLUGIN:-$tt_root/tests/tshark-plugin}
TT_TIMEOUT=${TT_TIMEOUT:-180} # seconds per tshark run before it counts as a hang

# tt_tshark PLUGIN_ARGS... TSHARK_ARGS...: tests/tshark-plugin under a timeout (exit 137 on a hang). SIGKILL
# goes to the whole process group at once: tshark catches SIGTERM and would outlive its wrapper.
tt_tshark() {
  timeout -s KILL "$TT_TIMEOUT" "$TT_TSHARK_PLUGIN" "$@"
}

# tt_classify RC ERR_FILE OUT_FILE: prints what a tshark run with the plugin amounted to:
#   ok, hang, sanitizer (ASan/UBSan/LSan report), crash (killed by a signal), dissector-bug (an exception
#   inside TCP Teaching shown in the output), exit (other non-zero status) or stderr (ran, but wrote to stderr).
# The last two may be the capture's fault: callers compare with a run without the plugin.
tt_classify() {
  local rc=$1 err=$2 out=$3
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then echo hang
  elif grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|UndefinedBehavior)Sanitizer' "$err"; then echo sanitizer
  elif [[ $rc -ge 128 ]]; then echo crash
  elif cat "$out" "$err" | grep -qE 'Dissector bug, protocol TCP Teaching|Malformed Packet: TCP Teaching'; then
    echo dissector-bug
  elif [[ $rc -ne 0 ]]; then echo exit
  elif [[ -s $err ]]; then echo stderr
  else echo ok
  fi
}

# tt_strip_subtree: copies tshark -V text from stdin to stdout without the TCP Teaching Annotations subtrees
# (the top line, a generated item at column 0, and every deeper-indented line below it).
tt_strip_subtree() {
  awk '/^\[TCP Teaching Annotations(: [^]]*)?\]$/ {skip = 1; next}
       skip && /^[ \t]/ {next}
       {skip = 0; print}'
}

# tt_plugin_is_sanitized SO: true when the plugin was built with -DTCPTEACH_SANITIZE=ON (links libasan).
tt_plugin_is_sanitized() {
  local libs
  libs=$(ldd "$1" 2>/dev/null || true)
  grep -q 'libasan\.so' <<< "$libs"
}

# tt_plugin_has_reports SO: true when the plugin registers the -z tcpteach,... reports (read from the binary, which
# is quicker than asking tshark -z help).
tt_plugin_has_reports() {
  grep -qa 'tcpteach,conv' "$1"
}
