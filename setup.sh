#!/usr/bin/env bash
# One-command set-up on Debian 12: installs missing packages, builds, installs the plugin, prints a labelled capture.
#
# usage: ./setup.sh [--deps-only] [--user | --system] [--no-demo]
#   --deps-only  only install the Debian packages the project needs (what CI calls)
#   --user       install the plugin in ~/.local/lib/wireshark/plugins/4.0/epan (default when not root)
#   --system     install it in Wireshark's global plugin folder (default for root: root's tshark
#                ignores the personal plugin folder)
set -euo pipefail
cd "$(dirname "$0")"

# Every Debian package the build, the tests, the capture lab and the GUI screenshots use.
PACKAGES=(build-essential cmake pkg-config git tshark wireshark-dev wireshark-qt libglib2.0-dev
          libcmocka-dev cppcheck clang-format shellcheck tcpdump nftables iproute2 util-linux
          xvfb xauth xdotool imagemagick fonts-noto-cjk time valgrind clang libclang-rt-14-dev)

deps_only=0 demo=1 mode=""
for arg in "$@"; do
  case $arg in
    --deps-only) deps_only=1 ;;
    --user) mode=user ;;
    --system) mode=system ;;
    --no-demo) demo=0 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "== installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "== all ${#PACKAGES[@]} Debian packages already installed"
fi
[[ $deps_only -eq 1 ]] && exit 0

echo "== building"
[[ -n $mode ]] || { [[ $(id -u) -eq 0 ]] && mode=system || mode=user; }
if [[ $mode == user ]]; then
  dirs=(-DTCPTEACH_PLUGIN_DIR="$HOME/.local/lib/wireshark/plugins/4.0/epan"
        -DTCPTEACH_PROFILE_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/wireshark/profiles")
else # the defaults, given explicitly so that a build folder used for a user install forgets it
  dirs=(-DTCPTEACH_PLUGIN_DIR=/usr/lib/x86_64-linux-gnu/wireshark/plugins/4.0/epan
        -DTCPTEACH_PROFILE_DIR=/usr/share/wireshark/profiles)
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${dirs[@]}" > build.log 2>&1 ||
  { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -40 build.log; exit 1; }

echo "== installing the plugin and the TCP-Teaching profile ($mode)"
if [[ $mode == system ]]; then
  "${sudo[@]}" cmake --install build
else
  cmake --install build
fi
rm -f build.log

# Wireshark warns "The plugin 'tcpteach.so' was found in multiple directories" when both folders have it.
system_copy=/usr/lib/x86_64-linux-gnu/wireshark/plugins/4.0/epan/tcpteach.so
user_copy=$HOME/.local/lib/wireshark/plugins/4.0/epan/tcpteach.so
if [[ $mode == user && -f $system_copy ]]; then
  echo "note: a system-wide copy is installed too ($system_copy); Wireshark warns about two copies." >&2
  echo "      Keep one: remove this personal copy ($user_copy), or that one (sudo rm ...)." >&2
elif [[ $mode == system && -n ${SUDO_USER:-} ]]; then
  sudo_home=$(getent passwd "$SUDO_USER" | cut -d: -f6)
  [[ -f $sudo_home/.local/lib/wireshark/plugins/4.0/epan/tcpteach.so ]] &&
    echo "note: $SUDO_USER also has a personal copy in $sudo_home/.local/lib/wireshark/plugins/4.0/epan; remove it, or Wireshark warns about two copies." >&2
fi

tshark -G protocols 2>/dev/null | awk -F'\t' '$3 == "tcpteach" {found = 1} END {exit !found}' ||
  { echo "tshark does not list tcpteach: the plugin was not found where tshark looks" >&2; exit 1; }
echo "== tshark -G protocols lists tcpteach"

if [[ $demo -eq 1 ]]; then
  capture=test-captures/four_way_close.pcap
  echo "== $capture, every step labelled (tshark -2 -Y tcpteach.label):"
  tshark -n -2 -r "$capture" -Y tcpteach.label -T fields -E header=y \
    -e frame.number -e tcpteach.from -e tcpteach.label -e tcpteach.notation -e tcpteach.ack_ok \
    -e tcpteach.client_state -e tcpteach.server_state -e tcpteach.anomaly 2>/dev/null | column -t -s $'\t'
fi
