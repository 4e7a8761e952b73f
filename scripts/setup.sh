#!/usr/bin/env bash
# Checks for the system packages Assay's build and run need (and with `test`, its tests), and installs the missing
# ones with apt-get when run as root or with passwordless sudo; otherwise says exactly what to install.
set -euo pipefail

# libsqlite3-dev: GRDB links the system SQLite. libxml2-dev: Foundation's XML support.
# python3: the code-tests grader runs model-written Python. util-linux (setsid, prlimit, unshare)
# and coreutils (timeout): the sandbox. libxml2-utils (xmllint): the tests validate junit.xml.
packages=(libsqlite3-dev libxml2-dev python3 util-linux coreutils libxml2-utils)
# `setup.sh test`: also what only the tests need: Chromium, which loads the HTML report headless.
if [ "${1:-}" = "test" ]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

# As root, or through passwordless sudo (as on a GitHub Actions runner).
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
if command -v apt-get >/dev/null 2>&1 && { [ ${#as_root[@]} -eq 0 ] || sudo -n true 2>/dev/null; }; then
  echo "setup: installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: missing system packages: ${missing[*]}" >&2
  echo "setup: install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
