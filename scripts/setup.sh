#!/usr/bin/env bash
# Install everything Clear Choice needs on a fresh Debian-like machine.
# Usage: bash scripts/setup.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(espeak-ng)
if [ "${1:-}" = "--test" ]; then
    packages+=(chromium)
fi
if command -v apt-get >/dev/null 2>&1; then
    missing=()
    for package in "${packages[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
else
    echo "note: no apt-get here; install espeak-ng yourself for narration" >&2
fi

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
python3 -m pip install --quiet --disable-pip-version-check -e ".${extras}"
