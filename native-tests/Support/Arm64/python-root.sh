#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Unpacks Debian's arm64 python3.11 into a scratch root for qemu-aarch64-static -L ROOT (native-tests/EndToEnd/
# Arm64QemuTests.cs). Never installs anything over the machine's own python3: the packages are downloaded with
# apt-get download (after dpkg --add-architecture arm64, which needs root the first time) and unpacked with dpkg-deb -x.
# The same root gives the arm64 austin its C library.  Usage: python-root.sh [ROOT]  (default /var/tmp/austin-arm64-root)
set -euo pipefail
root=${1:-${AUSTIN_ARM64_ROOT:-/var/tmp/austin-arm64-root}}
[ -x "$root/usr/bin/python3.11" ] && [ -e "$root/lib/ld-linux-aarch64.so.1" ] && { echo "$root"; exit 0; }
command -v dpkg-deb >/dev/null && command -v apt-get >/dev/null || { echo "python-root.sh: needs Debian's dpkg-deb and apt-get" >&2; exit 1; }
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    [ "$(id -u)" = 0 ] || { echo "python-root.sh: arm64 is not a dpkg architecture here; as root: dpkg --add-architecture arm64 && apt-get update" >&2; exit 1; }
    dpkg --add-architecture arm64
    timeout 600 apt-get update -qq >/dev/null
fi
# python3.11's own dependencies (Depends of python3.11-minimal and libpython3.11-minimal); austin needs only libc6.
packages=(python3.11-minimal libpython3.11-minimal libc6 zlib1g libexpat1)
debs=$(mktemp -d)
chmod 755 "$debs"   # apt-get download hands the file to its _apt user
trap 'rm -rf "$debs"' EXIT
(cd "$debs" && timeout 600 apt-get download -qq "${packages[@]/%/:arm64}" >/dev/null) ||
    { timeout 600 apt-get update -qq >/dev/null || true; (cd "$debs" && timeout 600 apt-get download -qq "${packages[@]/%/:arm64}" >/dev/null); }
mkdir -p "$root.tmp"
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root.tmp"; done
rm -rf "$root" && mv "$root.tmp" "$root"
echo "$root"
