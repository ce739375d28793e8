# The shared dissections of tests/dumps/make-dumps, for the checks that read them (sourced, not run).
# shellcheck shell=bash

# dumps_ready DIR: fails (exit 2, one line on stderr) unless DIR is a finished set of dissections.
dumps_ready() {
  [[ -n ${1:-} && -f $1/COMPLETE ]] ||
    { echo "$0: needs a folder made by tests/dumps/make-dumps (ctest runs tshark_dumps first), not '${1:-}'" >&2; exit 2; }
}

# dump_file DIR CAPTURE LANG [KIND]: the path of CAPTURE's dissection in LANG (en, zh); KIND pdml
# (default) or conv.csv (the en run's -z tcpteach,conv,csv rows).
dump_file() { local n; n=$(basename "$2"); echo "$1/${n%.*}.$3.${4:-pdml}"; }
