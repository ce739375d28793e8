#!/usr/bin/env bash
# One-command set-up on Debian 12, 13 or sid: installs missing packages, builds, installs the plugin, prints a labelled capture.
#
# usage: ./setup.sh [--deps-only] [--no-tests] [--user | --system] [--no-demo]
#   --deps-only  only install the Debian packages the project needs (what CI calls)
#   --no-tests   install only what building the plugin needs (compiler, CMake, wireshark-dev, tshark)
#                and build without the tests (-DBUILD_TESTING=OFF)
#   --user       install the plugin in your personal plugin folder (default when not root)
#   --system     install it in Wireshark's global plugin folder (default for root: root's tshark
#                ignores the personal plugin folder)
set -euo pipefail
cd "$(dirname "$0")"

# What building the plugin (and its .deb: file, dpkg-dev) needs, and what the tests, the capture lab,
# the GUI screenshots and the browser page (emscripten, node-acorn, chromium: src/web) add.
# `wireshark` is the GUI on every supported release (Debian 12 calls the Qt GUI wireshark-qt, and
# its `wireshark` package installs it).
BUILD_PACKAGES=(build-essential cmake pkg-config tshark wireshark-dev libglib2.0-dev bsdextrautils file
                dpkg-dev)
TEST_PACKAGES=(git wireshark libcmocka-dev cppcheck clang-format shellcheck tcpdump nftables iproute2
               procps emscripten node-acorn chromium
               util-linux python3 xvfb xauth xdotool imagemagick fonts-noto-cjk time valgrind clang
               libclang-rt-dev librsvg2-bin)

deps_only=0 tests=1 demo=1 mode=""
for arg in "$@"; do
  case $arg in
    --deps-only) deps_only=1 ;;
    --no-tests) tests=0 ;;
    --user) mode=user ;;
    --system) mode=system ;;
    --no-demo) demo=0 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

# The systems this script knows: Debian 12 (bookworm, Wireshark 4.0), 13 (trixie, 4.4) and
# testing/sid (4.6). Elsewhere it says what to do instead of guessing package names.
unknown_system() {
  cat >&2 <<EOF
setup.sh knows Debian 12, Debian 13 and Debian testing/sid; this system is: ${1:-unknown}.
Build tcpteach by hand (Wireshark 4.0 to 4.6, with its development files):
  Ubuntu 24.04 or later:  sudo apt-get install build-essential cmake pkg-config tshark wireshark-dev libglib2.0-dev
  Fedora:                 sudo dnf install gcc cmake pkgconf wireshark-cli wireshark-devel glib2-devel
then, in this folder, for every user (Wireshark's global plugin folder):
  cmake -S . -B build -DBUILD_TESTING=OFF && cmake --build build && sudo cmake --install build
or for yourself only (X.Y: your Wireshark's version, as \`tshark -v\` prints it):
  cmake -S . -B build -DBUILD_TESTING=OFF -DTCPTEACH_PLUGIN_DIR=\$HOME/.local/lib/wireshark/plugins/X.Y/epan \\
        -DTCPTEACH_PROFILE_DIR=\$HOME/.config/wireshark/profiles && cmake --build build && cmake --install build
The tests need more packages: TEST_PACKAGES in setup.sh lists their Debian names.
EOF
  exit 1
}
[[ -r /etc/os-release ]] || unknown_system
# shellcheck disable=SC1091
. /etc/os-release
if [[ ${ID:-} != debian ]]; then
  unknown_system "${PRETTY_NAME:-${ID:-unknown}}"
fi
case ${VERSION_ID:-sid} in
  12|13|sid) ;;
  *) unknown_system "${PRETTY_NAME:-Debian $VERSION_ID}" ;;
esac

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)

packages=("${BUILD_PACKAGES[@]}")
[[ $tests -eq 1 ]] && packages+=("${TEST_PACKAGES[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "== installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "== all ${#packages[@]} Debian packages already installed"
fi
[[ $deps_only -eq 1 ]] && exit 0

# Wireshark's own folders: X.Y is the version tcpteach is built for, and plugins live in X.Y/epan.
ws_version=$(pkg-config --modversion wireshark | cut -d. -f1,2)
folder() { tshark -G folders 2>/dev/null | awk -F'\t' -v k="$1" '$1 ~ "^" k ":" {print $2; exit}' | sed 's:/*$::'; }
global_plugins=$(folder "Global Plugins")
global_plugins=${global_plugins%/"$ws_version"}/$ws_version/epan
personal_plugins=$(folder "Personal Plugins")
personal_plugins=${personal_plugins%/"$ws_version"}/$ws_version/epan

echo "== building for Wireshark $ws_version"
[[ -n $mode ]] || { [[ $(id -u) -eq 0 ]] && mode=system || mode=user; }
if [[ $mode == user ]]; then
  dirs=(-DTCPTEACH_PLUGIN_DIR="$personal_plugins"
        -DTCPTEACH_PROFILE_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/wireshark/profiles")
else # the defaults, given explicitly so that a build folder used for a user install forgets it
  dirs=(-DTCPTEACH_PLUGIN_DIR="$global_plugins" -DTCPTEACH_PROFILE_DIR=/usr/share/wireshark/profiles)
fi
[[ $tests -eq 0 ]] && dirs+=(-DBUILD_TESTING=OFF)
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
if [[ $mode == user && -f $global_plugins/tcpteach.so ]]; then
  echo "note: a system-wide copy is installed too ($global_plugins/tcpteach.so); Wireshark warns about two copies." >&2
  echo "      Keep one: remove this personal copy ($personal_plugins/tcpteach.so), or that one (sudo rm ...)." >&2
elif [[ $mode == system && -n ${SUDO_USER:-} ]]; then
  sudo_home=$(getent passwd "$SUDO_USER" | cut -d: -f6)
  user_copy=$sudo_home/${personal_plugins#"$HOME"/}/tcpteach.so
  [[ -f $user_copy ]] &&
    echo "note: $SUDO_USER also has a personal copy ($user_copy); remove it, or Wireshark warns about two copies." >&2
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
